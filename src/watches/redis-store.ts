import type { Redis } from 'ioredis';
import { z } from 'zod';
import { beatAndAdopt, holderKey } from './holders.js';
import { CLAIM_TTL_MS, type AddLimits, type AddOutcome, type PollTaken, type PollTurn, type WatchStore } from './store.js';
import { watchKey, type Watch } from './watch.js';

/**
 * Watches in Redis (README, "Watches"): they survive a restart and every instance sharing
 * `REDIS_URL` sees the same ones. Under `prefix`:
 *
 * - `all`: a hash, `<email>|<participantId>` -> the watch as JSON;
 * - `requester:<email>`, `participant:<participantId>`: sets that index it both ways;
 * - `watched`: the participants someone watches; `expiry`: a sorted set of watches by expiry;
 * - `claim:…`, `poll:…`, `window:…`: claims of changes and polls, which expire by themselves;
 * - `holder`, `alive`: which instance holds each watch, and which are alive (src/watches/holders.ts).
 *
 * Whatever must not be done twice (add within the caps, remove, claim, take a poll) is one
 * atomic script or `SET NX`.
 */

/**
 * Adds, or renews, within the caps: the count and the write in one step, so two instances cannot
 * both take the last place. The instance it is set through, if named, holds it from now on.
 */
const ADD = `
local function hold()
  if ARGV[8] ~= '' then redis.call('HSET', KEYS[6], ARGV[1], ARGV[8]) end
end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
  hold()
  return 'renewed'
end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[6]) then return 'requesterFull' end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[7]) then return 'full' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[4])
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
redis.call('SADD', KEYS[5], ARGV[3])
hold()
return 'added'
`;

/** Removes and returns the watch: only the caller that found it gets it. */
const REMOVE = `
local watch = redis.call('HGET', KEYS[1], ARGV[1])
if not watch then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[2])
redis.call('SREM', KEYS[3], ARGV[3])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[6], ARGV[1])
if redis.call('SCARD', KEYS[3]) == 0 then redis.call('SREM', KEYS[5], ARGV[2]) end
return watch
`;

/** The state told, written only while the watch still exists: an ended watch is never brought back. */
const SET_STATE = `
local watch = redis.call('HGET', KEYS[1], ARGV[1])
if not watch then return 0 end
local decoded = cjson.decode(watch)
decoded.state = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(decoded))
return 1
`;

/**
 * A poll of one participant, once per interval across instances, within the window's budget. The
 * poll key holds when it was last polled (in the caller's time, so that an injected clock works as
 * the real one), and the caller's interval decides whether it is due: polling that takes over from
 * push polls at once whom the slower safety net polled lately. It expires by itself after the interval.
 */
const TAKE_POLL = `
local now = tonumber(ARGV[4])
local polled = redis.call('GET', KEYS[1])
if polled and tonumber(polled) + tonumber(ARGV[1]) > now then return 'notDue' end
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
if used >= tonumber(ARGV[2]) then return 'spent' end
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('SET', KEYS[1], now, 'PX', ARGV[1])
return 'taken'
`;

const watchSchema = z.object({
  platform: z.string(),
  userId: z.string(),
  email: z.string(),
  participantId: z.string(),
  hostEmail: z.string().optional(),
  hostFilter: z.string().optional(),
  name: z.string(),
  state: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
});

export const DEFAULT_WATCH_PREFIX = 'participant-bot:watch:';

export class RedisWatchStore implements WatchStore {
  /** `holder`: the id of the instance watches added or renewed here are held by (src/watches/holders.ts); none, and they are left to be adopted. */
  constructor(
    private readonly redis: Redis,
    private readonly prefix = DEFAULT_WATCH_PREFIX,
    private readonly holder = '',
  ) {}

  private readonly all = () => `${this.prefix}all`;
  private readonly ofRequesterKey = (email: string) => `${this.prefix}requester:${email}`;
  private readonly ofParticipantKey = (participantId: string) => `${this.prefix}participant:${participantId}`;
  private readonly expiry = () => `${this.prefix}expiry`;
  private readonly watched = () => `${this.prefix}watched`;

  private indexKeys(email: string, participantId: string): string[] {
    return [this.all(), this.ofRequesterKey(email), this.ofParticipantKey(participantId), this.expiry(), this.watched(), holderKey(this.prefix)];
  }

  async add(watch: Watch, limits: AddLimits): Promise<AddOutcome> {
    const keys = this.indexKeys(watch.email, watch.participantId);
    const field = watchKey(watch.email, watch.participantId);
    const outcome = await this.redis.eval(ADD, keys.length, ...keys, field, JSON.stringify(watch), watch.participantId, watch.email, watch.expiresAt, limits.perRequester, limits.total, this.holder);
    return z.enum(['added', 'renewed', 'requesterFull', 'full']).parse(outcome);
  }

  async remove(email: string, participantId: string): Promise<Watch | undefined> {
    const keys = this.indexKeys(email, participantId);
    const removed = await this.redis.eval(REMOVE, keys.length, ...keys, watchKey(email, participantId), participantId, email);
    return typeof removed === 'string' ? parse(removed) : undefined;
  }

  async ofRequester(email: string): Promise<Watch[]> {
    const participants = await this.redis.smembers(this.ofRequesterKey(email));
    return this.read(participants.map((participantId) => watchKey(email, participantId)));
  }

  async ofParticipant(participantId: string): Promise<Watch[]> {
    const emails = await this.redis.smembers(this.ofParticipantKey(participantId));
    return this.read(emails.map((email) => watchKey(email, participantId)));
  }

  participants(): Promise<string[]> {
    return this.redis.smembers(this.watched());
  }

  async expired(now: number): Promise<Watch[]> {
    return this.read(await this.redis.zrangebyscore(this.expiry(), '-inf', now));
  }

  count(): Promise<number> {
    return this.redis.hlen(this.all());
  }

  /** Every watch: what an instance copies into memory to go on with through a Redis outage. */
  async everyWatch(): Promise<Watch[]> {
    return Object.values(await this.redis.hgetall(this.all())).map(parse);
  }

  /** Beats for this store's holder, adopts watches whose holder is dead, and answers the keys of those it holds (src/watches/holders.ts). */
  holding(now: number, ttlMs: number): Promise<Set<string>> {
    return beatAndAdopt(this.redis, { all: this.all(), prefix: this.prefix }, this.holder, now, ttlMs);
  }

  async setState(email: string, participantId: string, state: string): Promise<void> {
    await this.redis.eval(SET_STATE, 1, this.all(), watchKey(email, participantId), state);
  }

  async claimChange(participantId: string, state: string, since: string): Promise<boolean> {
    const key = `${this.prefix}claim:${participantId}:${state}:${since}`;
    return (await this.redis.set(key, '1', 'PX', CLAIM_TTL_MS, 'NX')) === 'OK';
  }

  async takePoll(turn: PollTurn): Promise<PollTaken> {
    const window = Math.floor(turn.now / turn.windowMs);
    const keys = [`${this.prefix}poll:${turn.participantId}`, `${this.prefix}window:${turn.windowMs}:${window}`];
    const taken = await this.redis.eval(TAKE_POLL, keys.length, ...keys, turn.intervalMs, turn.maxPerWindow, 2 * turn.windowMs, turn.now);
    return z.enum(['taken', 'notDue', 'spent']).parse(taken);
  }

  /** The watches under `fields`; one removed meanwhile is simply not there. */
  private async read(fields: string[]): Promise<Watch[]> {
    if (fields.length === 0) return [];
    const values = await this.redis.hmget(this.all(), ...fields);
    return values.filter((value): value is string => value !== null).map(parse);
  }
}

function parse(value: string): Watch {
  const { hostEmail, hostFilter, ...rest } = watchSchema.parse(JSON.parse(value));
  return { ...rest, ...(hostEmail !== undefined ? { hostEmail } : {}), ...(hostFilter !== undefined ? { hostFilter } : {}) };
}
