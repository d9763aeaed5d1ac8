import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * One holder per watch (README, "Watches", "Redis lost"): while Redis is lost, only the instance
 * holding a watch alerts for it and polls its participant, so that a change seen by several
 * instances (an event delivered to one, a poll by another) is told once. Under the watch store's
 * prefix:
 *
 * - `holder`: a hash, `<email>|<participantId>` -> the id of the instance holding the watch,
 *   written with the watch when it is added or renewed through an instance;
 * - `alive`: a sorted set, instance id -> until when its heartbeat counts.
 *
 * Heartbeats count in the caller's time, as polls do in the watch store, so that an injected clock
 * works as the real one; a sorted set finds and drops the expired ones in one command.
 */
export const holderKey = (prefix: string): string => `${prefix}holder`;
const aliveKey = (prefix: string) => `${prefix}alive`;

/**
 * The heartbeat, then adoption, in one script, so that the check that a watch's holder is dead and
 * the write that takes it over are one atomic step: two instances cannot both adopt a watch.
 * Adoption is first come, up to a fair share (every watch over the live instances): a dead
 * instance's watches are spread over the survivors as they refresh, rather than all going to the
 * first, which would then poll them all, on its own share of the budget, during an outage.
 * Answers the watches this instance holds.
 */
const BEAT_AND_ADOPT = `
local now = tonumber(ARGV[2])
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local live = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do live[id] = true end
local fields = redis.call('HKEYS', KEYS[1])
local held, orphans = {}, {}
for _, field in ipairs(fields) do
  local holder = redis.call('HGET', KEYS[2], field)
  if holder == ARGV[1] then table.insert(held, field)
  elseif not (holder and live[holder]) then table.insert(orphans, field) end
end
local share = math.ceil(#fields / redis.call('ZCARD', KEYS[3]))
for _, field in ipairs(orphans) do
  if #held >= share then break end
  redis.call('HSET', KEYS[2], field, ARGV[1])
  table.insert(held, field)
end
return held
`;

/**
 * How long a heartbeat counts, in refreshes of the copy in memory (each of which beats): three, so
 * that a slow call or two does not make a live instance's watches change hands.
 */
export const HEARTBEAT_TTL_FACTOR = 3;

/**
 * Says `instance` is alive until `now` + `ttlMs`, adopts the watches (the fields of the hash at
 * `keys.all`) whose holder is not, and answers the keys of the watches it holds.
 */
export async function beatAndAdopt(redis: Redis, keys: { all: string; prefix: string }, instance: string, now: number, ttlMs: number): Promise<Set<string>> {
  const held = await redis.eval(BEAT_AND_ADOPT, 3, keys.all, holderKey(keys.prefix), aliveKey(keys.prefix), instance, now, ttlMs);
  return new Set(z.array(z.string()).parse(held));
}
