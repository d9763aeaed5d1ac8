import { watchKey, type Watch } from './watch.js';

/** What adding a watch came to: a new one, one renewed, or refused by a cap (README, "Watches"). */
export type AddOutcome = 'added' | 'renewed' | 'requesterFull' | 'full';

export interface AddLimits {
  perRequester: number;
  total: number;
}

/** How often one participant may be polled, and how many polls a window allows (README, "Watches"). */
export interface PollTurn {
  participantId: string;
  /** No poll of this participant, from any instance, within this long of the last one. */
  intervalMs: number;
  /** The budget's window: polls are counted per window of `windowMs`. */
  windowMs: number;
  maxPerWindow: number;
  now: number;
}

export type PollTaken = 'taken' | 'notDue' | 'spent';

/**
 * Where watches live: in memory for one instance, or in Redis, shared by every instance (with
 * `REDIS_URL`). Each operation that ends or changes a watch answers whether this caller did it, so
 * that exactly one instance tells the requester.
 */
export interface WatchStore {
  /** Adds or renews (same requester, same participant) the watch, within the caps. */
  add(watch: Watch, limits: AddLimits): Promise<AddOutcome>;
  /** Removes the watch; returns it only to the caller that removed it. */
  remove(email: string, participantId: string): Promise<Watch | undefined>;
  ofRequester(email: string): Promise<Watch[]>;
  ofParticipant(participantId: string): Promise<Watch[]>;
  /** Every participant someone watches. */
  participants(): Promise<string[]>;
  /** Watches whose time is up at `now`. */
  expired(now: number): Promise<Watch[]>;
  count(): Promise<number>;
  /** The requester was told of `state`; nothing happens if the watch has ended meanwhile. */
  setState(email: string, participantId: string, state: string): Promise<void>;
  /** Claims one change of one participant (its state and when it began): true for the first caller only. */
  claimChange(participantId: string, state: string, since: string): Promise<boolean>;
  /**
   * Takes a poll of the participant: `notDue` when one was taken within the interval (here or on
   * another instance), `spent` when the window's budget is used up.
   */
  takePoll(turn: PollTurn): Promise<PollTaken>;
}

/** Claims of changes are kept as long as a watch can last: a replay after that has nobody to tell. */
export const CLAIM_TTL_MS = 13 * 3_600_000;

/** One instance's watches, in memory: lost on restart (README, "Watches"). */
export class MemoryWatchStore implements WatchStore {
  private readonly watches = new Map<string, Watch>();
  private readonly claims = new Map<string, number>();
  /** When each participant was last polled. */
  private readonly polledAt = new Map<string, number>();
  private window = { start: 0, polls: 0 };

  /** `watches` to begin with: a copy of those in Redis, say (src/watches/resilient-store.ts). */
  constructor(
    private readonly now: () => number = Date.now,
    watches: Watch[] = [],
  ) {
    for (const watch of watches) this.watches.set(watchKey(watch.email, watch.participantId), watch);
  }

  async add(watch: Watch, limits: AddLimits): Promise<AddOutcome> {
    const key = watchKey(watch.email, watch.participantId);
    if (this.watches.has(key)) {
      this.watches.set(key, watch);
      return 'renewed';
    }
    if ((await this.ofRequester(watch.email)).length >= limits.perRequester) return 'requesterFull';
    if (this.watches.size >= limits.total) return 'full';
    this.watches.set(key, watch);
    return 'added';
  }

  async remove(email: string, participantId: string): Promise<Watch | undefined> {
    const key = watchKey(email, participantId);
    const watch = this.watches.get(key);
    this.watches.delete(key);
    return watch;
  }

  async ofRequester(email: string): Promise<Watch[]> {
    return [...this.watches.values()].filter((w) => w.email === email);
  }

  async ofParticipant(participantId: string): Promise<Watch[]> {
    return [...this.watches.values()].filter((w) => w.participantId === participantId);
  }

  async participants(): Promise<string[]> {
    return [...new Set([...this.watches.values()].map((w) => w.participantId))];
  }

  async expired(now: number): Promise<Watch[]> {
    return [...this.watches.values()].filter((w) => w.expiresAt <= now);
  }

  async count(): Promise<number> {
    return this.watches.size;
  }

  async setState(email: string, participantId: string, state: string): Promise<void> {
    const key = watchKey(email, participantId);
    const watch = this.watches.get(key);
    if (watch !== undefined) this.watches.set(key, { ...watch, state });
  }

  async claimChange(participantId: string, state: string, since: string): Promise<boolean> {
    const now = this.now();
    for (const [key, until] of this.claims) if (until <= now) this.claims.delete(key);
    const key = JSON.stringify([participantId, state, since]);
    if (this.claims.has(key)) return false;
    this.claims.set(key, now + CLAIM_TTL_MS);
    return true;
  }

  async takePoll(turn: PollTurn): Promise<PollTaken> {
    for (const [id, at] of this.polledAt) if (at + turn.intervalMs <= turn.now) this.polledAt.delete(id);
    if (this.polledAt.has(turn.participantId)) return 'notDue';
    // Windows start on multiples of windowMs, as they do in Redis, where instances must agree on them.
    const start = Math.floor(turn.now / turn.windowMs) * turn.windowMs;
    if (start !== this.window.start) this.window = { start, polls: 0 };
    if (this.window.polls >= turn.maxPerWindow) return 'spent';
    this.window.polls += 1;
    this.polledAt.set(turn.participantId, turn.now);
    return 'taken';
  }
}
