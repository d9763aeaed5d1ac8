import assert from 'node:assert/strict';
import { createAdaptivePace } from '../../src/participants/adaptive-pace.js';
import { createRateLimitedSource } from '../../src/participants/rate-limited-source.js';
import { createLocalLimiter, type Limiter } from '../../src/participants/limiter.js';
import type { LookupOutcome } from '../../src/participants/outcome.js';
import { participantSchema } from '../../src/participants/schema.js';
import { createWebexParticipantsClient } from '../../src/participants/webex-client.js';
import { seedExampleBody } from '../support/fixtures.js';
import { startWebexEmulator } from '../support/webex-emulator.js';

const participant = participantSchema.parse(seedExampleBody);

/** A limiter that only remembers its pace, and when each change settled. */
function paceOnly(minTime: number) {
  let current = minTime;
  const history: number[] = [];
  const limiter: Pick<Limiter, 'minTime' | 'setMinTime'> = {
    minTime: async () => current,
    setMinTime: async (ms) => {
      current = ms;
      history.push(ms);
    },
  };
  return { limiter, history, settled: () => new Promise((resolve) => setImmediate(resolve)) };
}

describe('adaptive pace', () => {
  it('halves the rate on a throttling episode, not below the floor', async () => {
    const { limiter, history, settled } = paceOnly(200);
    const pace = createAdaptivePace({ limiter, ratePerMinute: 300, floorFraction: 1 / 4 });
    for (let episode = 0; episode < 4; episode += 1) pace.throttled();
    await settled();
    // 300/min is 200 ms apart; 150/min 400 ms; the floor, 75/min, 800 ms.
    assert.deepEqual(history, [400, 800]);
  });

  it('climbs back by small steps while calls succeed, up to the configured rate and no further', async () => {
    const { limiter, history, settled } = paceOnly(800);
    const pace = createAdaptivePace({ limiter, ratePerMinute: 300, increaseEvery: 2, increaseFraction: 0.25 });
    for (let call = 0; call < 20; call += 1) pace.succeeded();
    await settled();
    // 75/min, then +75/min a step: 150, 225 (267 ms, rounded up: never faster than asked), 299.7
    // (201 ms), 300, and there it stays.
    assert.deepEqual(history, [400, 267, 201, 200]);
  });

  it('halves the pace once for several 429s of one episode (only the one that began the pause counts)', async () => {
    const limiter = createLocalLimiter({ minTime: 1, maxConcurrent: 5 });
    // Three calls in flight together all get 429: one throttling episode, seen three times.
    let arrived = 0;
    let release: () => void = () => undefined;
    const allIn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const source = createRateLimitedSource({
      source: {
        lookup: async (): Promise<LookupOutcome> => {
          arrived += 1;
          if (arrived > 3) return { ok: true, participant };
          if (arrived === 3) release();
          await allIn;
          return { ok: false, failure: { kind: 'tooManyRequests', status: 429, retryAfterSeconds: 1 } };
        },
      },
      ratePerMinute: 60_000,
      limiter,
      timeUnitMs: 5,
      maxWaitSeconds: 1000,
    });
    const outcomes = await Promise.all(['a', 'b', 'c'].map((participantId) => source.lookup({ participantId })));
    assert.ok(outcomes.every((outcome) => outcome.ok));
    assert.equal(arrived, 6, 'three 429s, then each lookup once more');
    // 60,000/min is 1 ms apart; halved once, 2 ms; halved for each 429, 8 ms.
    assert.equal((await source.stats()).ratePerMinute, 30_000);
  });

  it('brings the pace down after the first 429s of a Webex that allows less, and every lookup succeeds', async () => {
    const emulator = await startWebexEmulator();
    try {
      const ids = Array.from({ length: 24 }, (_, index) => `${String(index).padStart(32, 'c')}_3c2e2338-e950-43bf-b588-573773ee43d1`);
      for (const id of ids) emulator.addParticipant({ id, meetingId: 'm1', hostEmail: 'host@example.com' });
      // Webex allows 4 calls per 40 ms (6,000/min); the bot is configured for 60,000/min.
      emulator.setRateLimit({ limit: 4, windowMs: 40, retryAfterSeconds: 1 });
      const limiter = createLocalLimiter({ minTime: 1, maxConcurrent: 1 });
      const source = createRateLimitedSource({
        source: createWebexParticipantsClient({ baseUrl: emulator.baseUrl, token: () => emulator.apiToken, timeoutMs: 1000 }),
        ratePerMinute: 60_000,
        limiter,
        timeUnitMs: 40,
        maxWaitSeconds: 1000,
      });
      const outcomes = await Promise.all(ids.map((participantId) => source.lookup({ participantId })));
      assert.ok(outcomes.every((outcome) => outcome.ok));
      assert.ok((await limiter.minTime()) > 1, `the pace came down (minTime ${await limiter.minTime()} ms)`);
    } finally {
      await emulator.close();
    }
  });
});
