import { isThrottle, isTransient, type LookupFailure } from './outcome.js';

export interface RetryPolicy {
  /** Further attempts after a 5xx, a timeout or a network error. */
  maxRetries: number;
  /** The first backoff's upper bound; each further retry doubles it. */
  baseDelayMs: number;
  /** How long one Retry-After second lasts: 1000, or less in tests. */
  timeUnitMs: number;
  /** When a 429 or 423 comes without a Retry-After. */
  defaultRetryAfterSeconds: number;
  /** The longest pause a Retry-After may impose: a bogus `Retry-After: 100000000` must not freeze the bot for years. */
  maxPauseSeconds: number;
  /** In [0, 1): the jitter. */
  random: () => number;
}

export type NextStep =
  /** Throttled: every lookup waits `waitMs`, then this one tries again. */
  | { action: 'pause'; waitMs: number }
  /** Webex-side trouble: this lookup alone waits `waitMs`, then tries again. */
  | { action: 'retry'; waitMs: number }
  | { action: 'stop' };

/**
 * How long a 429 or 423 asks everyone to wait: at least one second, so a `Retry-After: 0` cannot
 * make a loop, and at most `maxPauseSeconds`.
 */
export function throttleWaitMs(failure: LookupFailure, policy: RetryPolicy): number {
  const seconds = failure.retryAfterSeconds ?? policy.defaultRetryAfterSeconds;
  return Math.min(policy.maxPauseSeconds, Math.max(1, seconds)) * policy.timeUnitMs;
}

/**
 * What to do after a failed attempt. The total-wait cap is not decided here: the caller knows how
 * long the lookup has already waited.
 */
export function nextStep(failure: LookupFailure, retriesUsed: number, policy: RetryPolicy): NextStep {
  if (isThrottle(failure.kind)) return { action: 'pause', waitMs: throttleWaitMs(failure, policy) };
  if (!isTransient(failure.kind) || retriesUsed >= policy.maxRetries) return { action: 'stop' };
  // A 503 may say how long it needs; otherwise full jitter, so that retries from many lookups spread out.
  const waitMs =
    failure.retryAfterSeconds !== undefined
      ? failure.retryAfterSeconds * policy.timeUnitMs
      : policy.random() * policy.baseDelayMs * 2 ** retriesUsed;
  return { action: 'retry', waitMs };
}
