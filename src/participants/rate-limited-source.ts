import { setTimeout as sleep } from 'node:timers/promises';
import Bottleneck from 'bottleneck';
import {
  isThrottle,
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
  /** Lookups waiting for their turn; one more is answered `busy` at once. */
  maxQueued?: number;
  gate?: PauseGate;
  maxRetries?: number;
  baseDelayMs?: number;
  /** The longest a lookup may wait in all, in Retry-After seconds; a longer wait answers `busy`. */
  maxWaitSeconds?: number;
  defaultRetryAfterSeconds?: number;
  /** How long one Retry-After second lasts: 1000 in production, a few ms in tests. */
  timeUnitMs?: number;
  random?: () => number;
}

export interface LimiterStats {
  /** Lookups admitted and waiting: for their turn, for a pause to end, or for a retry. */
  queued: number;
  /** Upstream calls in flight. */
  running: number;
  /** Epoch ms; in the past when not paused. */
  pausedUntil: number;
}

export interface RateLimitedSource extends ParticipantSource {
  stats(): Promise<LimiterStats>;
}

/** The result of one turn in the limiter: an answer, or "paused" without any upstream call. */
type Turn = { outcome: LookupOutcome } | { pausedUntil: number };

/**
 * Paces every upstream attempt through one Bottleneck limiter and retries around it. The retry
 * loop is ours, not Bottleneck's `failed` retry: each attempt is its own job, so a retry waits for
 * its pace like any other call (octokit/plugin-throttling.js#629), and a 429 pauses all lookups
 * through the shared `PauseGate`.
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
    random: options.random ?? Math.random,
  };
  const limiter = new Bottleneck({
    minTime: Math.ceil(60_000 / ratePerMinute),
    maxConcurrent: options.maxConcurrent ?? 5,
  });
  let admitted = 0;
  let running = 0;

  /** One job in the limiter. The pause is set before the job ends, so the next job already sees it. */
  const takeTurn = async (request: LookupRequest): Promise<Turn> => {
    const pausedUntil = await gate.pausedUntil();
    if (pausedUntil > Date.now()) return { pausedUntil };
    running += 1;
    let outcome: LookupOutcome;
    try {
      outcome = await source.lookup(request);
    } finally {
      running -= 1;
    }
    if (!outcome.ok && isThrottle(outcome.failure.kind)) {
      await gate.pauseUntil(Date.now() + throttleWaitMs(outcome.failure, policy));
    }
    return { outcome };
  };

  const busyFor = (waitMs: number, failure?: LookupFailure): LookupOutcome => ({
    ok: false,
    failure: { ...failure, kind: 'busy', retryAfterSeconds: Math.max(1, Math.ceil(waitMs / timeUnitMs)) },
  });

  const run = async (request: LookupRequest): Promise<LookupOutcome> => {
    const deadline = Date.now() + maxWaitMs;
    let retriesUsed = 0;
    for (;;) {
      const turn = await limiter.schedule(() => takeTurn(request));
      if ('pausedUntil' in turn) {
        const waitMs = turn.pausedUntil - Date.now();
        if (turn.pausedUntil > deadline) return busyFor(waitMs);
        await sleep(waitMs);
        continue;
      }
      const { outcome } = turn;
      if (outcome.ok) return outcome;
      const step = nextStep(outcome.failure, retriesUsed, policy);
      if (step.action === 'stop') return outcome;
      if (Date.now() + step.waitMs > deadline) {
        // Throttled for longer than a user should wait: say when to try again. Trouble: say what it was.
        return step.action === 'pause' ? busyFor(step.waitMs, outcome.failure) : outcome;
      }
      if (step.action === 'retry') retriesUsed += 1;
      await sleep(step.waitMs);
    }
  };

  return {
    async lookup(request) {
      const waiting = admitted - running;
      if (waiting >= maxQueued) {
        // Room comes back at the pace of the limiter: that is the honest "try again in".
        return busyFor((waiting * 60_000) / ratePerMinute);
      }
      admitted += 1;
      try {
        return await run(request);
      } finally {
        admitted -= 1;
      }
    },
    stats: async () => ({ queued: admitted - running, running, pausedUntil: await gate.pausedUntil() }),
  };
}
