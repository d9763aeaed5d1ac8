import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { HEARTBEAT_TTL_FACTOR } from './holders.js';
import { OutageJournal } from './outage-journal.js';
import { RedisWatchStore } from './redis-store.js';
import { MemoryWatchStore, type AddLimits, type AddOutcome, type PollTaken, type PollTurn, type WatchStore } from './store.js';
import { watchKey, type Watch } from './watch.js';

/** How often the copy in memory is taken again from Redis: a watch set elsewhere less than this before Redis is lost is unknown here until it is back. */
export const MIRROR_REFRESH_MS = 30_000;

/** A copy in memory holds whatever Redis holds: the caps were checked there. */
const UNCAPPED: AddLimits = { perRequester: Number.POSITIVE_INFINITY, total: Number.POSITIVE_INFINITY };

const fits = (outcome: AddOutcome) => outcome === 'added' || outcome === 'renewed';

/**
 * Watches in Redis that go on through a Redis outage (README, "Watches"). This instance keeps a
 * copy of every watch in memory, taken from Redis every MIRROR_REFRESH_MS and kept up to date with
 * what it changes itself. When a call to Redis fails (the client fails at once while it is not
 * connected), the copy answers, with the caps and a poll budget of this instance alone, and what
 * changes is kept in an OutageJournal; once Redis answers again, the journal is written back before
 * Redis is asked anything else. One warning when Redis is lost, one line when it is back.
 *
 * Each watch has one holder (src/watches/holders.ts): the instance it was last set through, or one
 * that adopted it when its holder stopped beating. While Redis is lost this instance acts only for
 * the watches it holds: instances share no claims then, and a change another instance was pushed,
 * or polled, would be told twice.
 */
export class ResilientWatchStore implements WatchStore {
  private readonly redisStore: RedisWatchStore;
  private memory: MemoryWatchStore;
  private readonly journal = new OutageJournal();
  /** The watches this instance holds, and their participant: while Redis is lost, only these are alerted for and polled here. */
  private held = new Map<string, string>();
  private lost = false;
  private refreshAt = Number.NEGATIVE_INFINITY;
  private catchingUp: Promise<void> | undefined;
  private readonly logger: Logger;
  private readonly now: () => number;

  /** `instance`: this instance's id as the holder of watches; random by default, one store per process. */
  constructor(redis: Redis, options: { prefix?: string; logger: Logger; now?: () => number; instance?: string }) {
    this.redisStore = new RedisWatchStore(redis, options.prefix, options.instance ?? randomUUID());
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.memory = new MemoryWatchStore(this.now);
  }

  /** True from the first call Redis could not answer until what changed meanwhile is written back. */
  redisLost(): boolean {
    return this.lost;
  }

  async add(watch: Watch, limits: AddLimits): Promise<AddOutcome> {
    const outcome = await this.use(
      async (redis) => {
        const added = await redis.add(watch, limits);
        if (fits(added)) await this.memory.add(watch, UNCAPPED);
        return added;
      },
      async (memory) => {
        const added = await memory.add(watch, limits);
        if (fits(added)) this.journal.put(watch, limits);
        return added;
      },
    );
    if (fits(outcome)) this.held.set(watchKey(watch.email, watch.participantId), watch.participantId);
    return outcome;
  }

  async remove(email: string, participantId: string): Promise<Watch | undefined> {
    const removed = await this.use(
      async (redis) => {
        const removed = await redis.remove(email, participantId);
        await this.memory.remove(email, participantId);
        return removed;
      },
      async (memory) => {
        const here = await memory.remove(email, participantId);
        if (here !== undefined) this.journal.removed(email, participantId);
        return here;
      },
    );
    this.held.delete(watchKey(email, participantId));
    return removed;
  }

  ofRequester(email: string): Promise<Watch[]> {
    return this.use((store) => store.ofRequester(email));
  }

  /**
   * While Redis is lost, only the watches held here: an event about a watch held elsewhere is left
   * to its holder, which polls its participant; told here too, it would be told twice.
   */
  ofParticipant(participantId: string): Promise<Watch[]> {
    return this.use(
      (redis) => redis.ofParticipant(participantId),
      async (memory) => (await memory.ofParticipant(participantId)).filter((w) => this.held.has(watchKey(w.email, w.participantId))),
    );
  }

  /**
   * While Redis is lost every instance knows every watch, but polls only those it holds:
   * otherwise each instance would poll, and tell, the same change.
   */
  participants(): Promise<string[]> {
    return this.use(
      (redis) => redis.participants(),
      async () => [...new Set(this.held.values())],
    );
  }

  /**
   * While Redis is lost no watch is ended for its time: every instance would tell the requester so.
   * Alerts skip a watch whose time is up; once Redis is back, one instance ends it there.
   */
  expired(now: number): Promise<Watch[]> {
    return this.use(
      (redis) => redis.expired(now),
      async () => [],
    );
  }

  count(): Promise<number> {
    return this.use((store) => store.count());
  }

  async setState(email: string, participantId: string, state: string): Promise<void> {
    await this.use(
      async (redis) => {
        await redis.setState(email, participantId, state);
        await this.memory.setState(email, participantId, state);
      },
      async (memory) => {
        await memory.setState(email, participantId, state);
        this.journal.stateTold(email, participantId);
      },
    );
  }

  claimChange(participantId: string, state: string, since: string): Promise<boolean> {
    return this.use(
      (redis) => redis.claimChange(participantId, state, since),
      async (memory) => {
        const claimed = await memory.claimChange(participantId, state, since);
        if (claimed) this.journal.claimed(participantId, state, since);
        return claimed;
      },
    );
  }

  takePoll(turn: PollTurn): Promise<PollTaken> {
    return this.use((store) => store.takePoll(turn));
  }

  /** Redis when it answers; else the copy in memory (the same call, unless `fromMemory` says otherwise). */
  private async use<T>(viaRedis: (redis: WatchStore) => Promise<T>, fromMemory: (memory: WatchStore) => Promise<T> = viaRedis): Promise<T> {
    if (await this.redisThere()) {
      try {
        return await viaRedis(this.redisStore);
      } catch (error) {
        this.lose(error);
      }
    }
    return fromMemory(this.memory);
  }

  private async redisThere(): Promise<boolean> {
    if (this.lost || this.now() >= this.refreshAt) {
      try {
        await (this.catchingUp ??= this.catchUp().finally(() => {
          this.catchingUp = undefined;
        }));
      } catch (error) {
        this.lose(error);
      }
    }
    return !this.lost;
  }

  /**
   * After an outage, what changed here is written back; then this instance beats, adopts the watches
   * of instances that no longer do, and the copy in memory is taken again from Redis.
   */
  private async catchUp(): Promise<void> {
    const back = this.lost ? await this.journal.writeBack(this.redisStore, this.memory) : undefined;
    const holding = await this.redisStore.holding(this.now(), HEARTBEAT_TTL_FACTOR * MIRROR_REFRESH_MS);
    const watches = await this.redisStore.everyWatch();
    this.held = new Map(watches.filter((w) => holding.has(watchKey(w.email, w.participantId))).map((w) => [watchKey(w.email, w.participantId), w.participantId]));
    this.memory = new MemoryWatchStore(this.now, watches);
    this.refreshAt = this.now() + MIRROR_REFRESH_MS;
    if (back === undefined) return;
    this.lost = false;
    this.logger.info({ written: back.written }, 'Redis is back: the changes to watches made while it was lost are written back');
    if (back.dropped.length > 0) {
      this.logger.warn(
        { watches: back.dropped.map((w) => ({ requester: w.email, participantId: w.participantId })) },
        'Watches added while Redis was lost no longer fit the caps there and have ended (README, "Watches")',
      );
    }
  }

  private lose(error: unknown): void {
    if (this.lost) return;
    this.lost = true;
    this.logger.warn({ err: error }, 'Redis lost: watches go on from this instance\'s memory, and what changes is written back when Redis is back (README, "Watches")');
  }
}
