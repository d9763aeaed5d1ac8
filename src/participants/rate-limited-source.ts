import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { createAdaptivePace, type AdaptivePaceSettings } from './adaptive-pace.js';
import { createFairQueue } from './fair-queue.js';
import { createLocalLimiter, minTimeFor, type Limiter } from './limiter.js';
import {
  isThrottle,
  type BusyBecause,
  type LookupFailure,
  type LookupOutcome,
  type LookupRequest,
  type ParticipantSource,
} from './outcome.js';
import { createMemoryPauseGate, type PauseGate } from './pause-gate.js';
import { nextStep, throttleWaitMs, type RetryPolicy } from './retry-policy.js';

export interface RateLimitedSourceOptions {
  /** One attempt per call, typically the Webex client. */
  source: ParticipantSource;
  /** Upstream attempts per minute, retries included. */
  ratePerMinute: number;
  /** Attempts in flight at once; when Webex slows down this, not the queue, holds the load. */
  maxConcurrent?: number;
  /** Lookups waiting for their turn, whoever asked; one more is answered `busy` (the queue's) at once. */
  maxQueued?: number;
  /** The pacer; by default one Bottleneck for this instance alone. */
  limiter?: Limiter;
  /** Slow down on 429s and climb back while calls succeed; `false` keeps the configured pace. */
  adaptive?: AdaptivePaceSettings | false;
  gate?: PauseGate;
  maxRetries?: number;
  baseDelayMs?: number;
  /** The longest a lookup may wait in all, in Retry-After seconds; a longer wait answers `busy`. */
  maxWaitSeconds?: number;
  defaultRetryAfterSeconds?: number;
  /** The longest pause any Retry-After may impose. */
  maxPauseSeconds?: number;
  /** How long one Retry-After second lasts: 1000 in production, a few ms in tests. */
  timeUnitMs?: number;
  random?: () => number;
  logger?: Logger;
}

export interface LimiterStats {
  /** Lookups admitted and waiting: for their turn, for a pause to end, or for a retry. */
  queued: number;
  /** Upstream calls in flight. */
  running: number;
  /** Epoch ms; in the past when not paused. */
  pausedUntil: number;
  /** The current pace: the configured rate, or less after Webex throttled. */
  ratePerMinute: number;
}

/** What one upstream attempt of any Webex call ends in: the limiter reads only `ok` and `failure`. */
export type AttemptOutcome = { ok: true } | { ok: false; failure: LookupFailure };
type Failed = { ok: false; failure: LookupFailure };

export interface RateLimitedSource extends ParticipantSource {
  /**
   * Runs a one-attempt call on `requesterKey`'s turn, paced, paused and retried like a lookup
   * (lookups are run this way too): the meeting calls of issue 12 share the one Webex budget. Calls
   * without a requester (the operator's command line, benchmarks) share one turn.
   */
  call<T extends AttemptOutcome>(requesterKey: string | undefined, attempt: () => Promise<T>): Promise<T | Failed>;
  stats(): Promise<LimiterStats>;
  /** Lookups admitted and waiting (stats' `queued`), known here without asking Redis. */
  queued(): number;
}

/** The result of one turn in the limiter: an answer, or "paused" without any upstream call. */
type Turn<T> = { outcome: T } | { pausedUntil: number };

/**
 * Paces every upstream attempt through one limiter and retries around it. The retry loop is ours,
 * not Bottleneck's `failed` retry: each attempt is its own job, so a retry waits for its pace like
 * any other call (octokit/plugin-throttling.js#629), and a 429 pauses all lookups through the
 * shared `PauseGate`.
 */
export function createRateLimitedSource(options: RateLimitedSourceOptions): RateLimitedSource {
  const { source, ratePerMinute } = options;
  const maxQueued = options.maxQueued ?? 100;
  const gate = options.gate ?? createMemoryPauseGate();
  const timeUnitMs = options.timeUnitMs ?? 1000;
  const maxWaitMs = (options.maxWaitSeconds ?? 60) * timeUnitMs;
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? 3,
    baseDelayMs: options.baseDelayMs ?? 500,
    timeUnitMs,
    defaultRetryAfterSeconds: options.defaultRetryAfterSeconds ?? 5,
    maxPauseSeconds: options.maxPauseSeconds ?? 600,
    random: options.random ?? Math.random,
  };
  const maxConcurrent = options.maxConcurrent ?? 5;
  const limiter = options.limiter ?? createLocalLimiter({ minTime: minTimeFor(ratePerMinute), maxConcurrent });
  // Requesters take turns here; the limiter beneath only ever holds the next few attempts: twice
  // its concurrency, so that it always has one ready when a slot frees (Bottleneck on Redis only
  // looks again on its next message otherwise, which cost 100+ ms a lookup in the benchmark).
  const turns = createFairQueue({ width: 2 * maxConcurrent });
  const pace =
    options.adaptive === false
      ? undefined
      : createAdaptivePace({ ...options.adaptive, limiter, ratePerMinute, ...(options.logger ? { logger: options.logger } : {}) });
  let admitted = 0;
  let running = 0;

  /** One job in the limiter. The pause is set before the job ends, so the next job already sees it. */
  const takeTurn = async <T extends AttemptOutcome>(attempt: () => Promise<T>): Promise<Turn<T>> => {
    const pausedUntil = await gate.pausedUntil();
    if (pausedUntil > Date.now()) return { pausedUntil };
    running += 1;
    let outcome: T;
    try {
      outcome = await attempt();
    } finally {
      running -= 1;
    }
    const failure = failureOf(outcome);
    if (failure === undefined) {
      pace?.succeeded();
    } else if (isThrottle(failure.kind)) {
      const began = await gate.pauseUntil(Date.now() + throttleWaitMs(failure, policy));
      // A 423 is about the resource, not the rate; and only the first 429 of an episode slows the pace.
      if (began && failure.kind === 'tooManyRequests') pace?.throttled();
    }
    return { outcome };
  };

  /** "Busy, try again in …", saying who asked to wait: Webex (429/423) or our own full queue. */
  const busyFor = (busyBecause: BusyBecause, waitMs: number, failure?: LookupFailure): Failed => ({
    ok: false,
    failure: { ...failure, kind: 'busy', busyBecause, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / timeUnitMs)) },
  });

  const run = async <T extends AttemptOutcome>(attempt: () => Promise<T>, key: string): Promise<T | Failed> => {
    const deadline = Date.now() + maxWaitMs;
    let retriesUsed = 0;
    for (;;) {
      // Every attempt, retries included, waits for its requester's turn and then for the pace.
      const turn = await turns.run(key, () => limiter.schedule(() => takeTurn(attempt)));
      if ('pausedUntil' in turn) {
        const waitMs = turn.pausedUntil - Date.now();
        if (turn.pausedUntil > deadline) return busyFor('webex', waitMs);
        await sleep(waitMs);
        continue;
      }
      const { outcome } = turn;
      const failure = failureOf(outcome);
      if (failure === undefined) return outcome;
      const step = nextStep(failure, retriesUsed, policy);
      if (step.action === 'stop') return outcome;
      if (Date.now() + step.waitMs > deadline) {
        // Throttled for longer than a user should wait: say when to try again. Trouble: say what it was.
        return step.action === 'pause' ? busyFor('webex', step.waitMs, failure) : outcome;
      }
      if (step.action === 'retry') retriesUsed += 1;
      await sleep(step.waitMs);
    }
  };

  const call = async <T extends AttemptOutcome>(requesterKey: string | undefined, attempt: () => Promise<T>): Promise<T | Failed> => {
    const waiting = admitted - running;
    // Busy only when the whole queue is full, whoever fills it; room comes back at the pace of
    // the limiter: that is the honest "try again in".
    if (waiting >= maxQueued) return busyFor('queue', (waiting * 60_000) / ratePerMinute);
    admitted += 1;
    try {
      return await run(attempt, requesterKey ?? '');
    } finally {
      admitted -= 1;
    }
  };

  return {
    call,
    // The same request object for every attempt: instrumented-source.ts counts a retry by it.
    lookup: (request: LookupRequest): Promise<LookupOutcome> => call(request.requesterKey, () => source.lookup(request)),
    queued: () => admitted - running,
    stats: async () => ({
      queued: admitted - running,
      running,
      pausedUntil: await gate.pausedUntil(),
      ratePerMinute: Math.round(60_000 / (await limiter.minTime())),
    }),
  };
}

/** The failure of an outcome, if it is one. */
export function failureOf(outcome: AttemptOutcome): LookupFailure | undefined {
  return outcome.ok ? undefined : outcome.failure;
}
