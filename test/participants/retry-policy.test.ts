import assert from 'node:assert/strict';
import type { LookupFailure } from '../../src/participants/outcome.js';
import { nextStep, type RetryPolicy } from '../../src/participants/retry-policy.js';

const policy: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 100,
  timeUnitMs: 1000,
  defaultRetryAfterSeconds: 5,
  maxPauseSeconds: 600,
  random: () => 0.5,
};

describe('retry policy', () => {
  it('pauses everyone for the Retry-After of a 429 or 423, a default without one, at least a second', () => {
    const throttled = (failure: LookupFailure) => nextStep(failure, 0, policy);
    assert.deepEqual(throttled({ kind: 'tooManyRequests', retryAfterSeconds: 7 }), { action: 'pause', waitMs: 7000 });
    assert.deepEqual(throttled({ kind: 'locked' }), { action: 'pause', waitMs: 5000 });
    assert.deepEqual(throttled({ kind: 'tooManyRequests', retryAfterSeconds: 0 }), { action: 'pause', waitMs: 1000 });
  });

  it('caps the pause, so a bogus Retry-After cannot freeze the bot for years', () => {
    assert.deepEqual(nextStep({ kind: 'tooManyRequests', retryAfterSeconds: 1e8 }, 0, policy), {
      action: 'pause',
      waitMs: 600_000,
    });
  });

  it('retries Webex-side trouble with doubling full jitter, a few times only', () => {
    const waits = [0, 1, 2].map((used) => nextStep({ kind: 'badGateway' }, used, policy));
    assert.deepEqual(waits, [
      { action: 'retry', waitMs: 50 },
      { action: 'retry', waitMs: 100 },
      { action: 'retry', waitMs: 200 },
    ]);
    assert.deepEqual(nextStep({ kind: 'timeout' }, 3, policy), { action: 'stop' });
    assert.deepEqual(nextStep({ kind: 'serviceUnavailable', retryAfterSeconds: 2 }, 0, policy), {
      action: 'retry',
      waitMs: 2000,
    });
  });

  it('stops at once for answers that will not change', () => {
    for (const kind of ['notFound', 'unauthorized', 'forbidden', 'badRequest', 'invalidBody'] as const) {
      assert.deepEqual(nextStep({ kind }, 0, policy), { action: 'stop' }, kind);
    }
  });
});
