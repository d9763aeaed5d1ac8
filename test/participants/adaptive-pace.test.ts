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
  /** A clock the test moves; `settle` lets the pace's changes, which are asynchronous, land. */
  function clock() {
    let at = 1_000_000;
    return { now: () => at, advance: (ms: number) => (at += ms) };
  }

  it('halves the rate on a throttling episode, not below the floor', async () => {
    const { limiter, history, settled } = paceOnly(200);
    const pace = createAdaptivePace({ limiter, ratePerMinute: 300, floorFraction: 1 / 4 });
    for (let episode = 0; episode < 4; episode += 1) pace.throttled();
    await settled();
    // 300/min is 200 ms apart; 150/min 400 ms; the floor, 75/min, 800 ms.
    assert.deepEqual(history, [400, 800]);
  });

  it('after a lone 429, climbs back with time: over 90% of the configured rate within 10 s, never above it', async () => {
    const { limiter, history, settled } = paceOnly(200);
    const { now, advance } = clock();
    const pace = createAdaptivePace({ limiter, ratePerMinute: 300, now });
    pace.throttled();
    await settled();
    assert.deepEqual(history, [400]);
    // One success every 100 ms, as calls at the lowered pace would come (at most).
    const rates: Array<{ second: number; rate: number }> = [];
    for (let tick = 1; tick <= 120; tick += 1) {
      advance(100);
      pace.succeeded();
      await settled();
      rates.push({ second: tick / 10, rate: 60_000 / (await limiter.minTime()) });
    }
    const at = (second: number) => rates.find((r) => r.second === second)?.rate ?? Number.NaN;
    assert.ok(at(10) >= 0.9 * 300, `at 10 s: ${at(10)}/min`);
    assert.ok(at(1) < 0.9 * 300, `at 1 s, still careful: ${at(1)}/min`);
    assert.ok(rates.every((r, i) => r.rate >= (rates[i - 1]?.rate ?? 0)), 'the pace only rises while calls succeed');
    assert.ok(history.every((ms) => ms >= 200), 'never faster than configured');
    assert.equal(history.at(-1), 200, 'back at the configured rate');
  });

  it('reads nothing while at the configured rate but for a look now and then, and climbs from another instance’s cut', async () => {
    let current = 200;
    let reads = 0;
    const limiter: Pick<Limiter, 'minTime' | 'setMinTime'> = {
      minTime: async () => {
        reads += 1;
        return current;
      },
      setMinTime: async (ms) => {
        current = ms;
      },
    };
    const { now, advance } = clock();
    const pace = createAdaptivePace({ limiter, ratePerMinute: 300, now, lookEverySeconds: 1 });
    const settled = () => new Promise((resolve) => setImmediate(resolve));
    pace.succeeded();
    await settled();
    for (let call = 0; call < 50; call += 1) {
      advance(10);
      pace.succeeded();
      await settled();
    }
    assert.equal(reads, 1, 'one look in that half second');
    // Another instance got the 429 and halved the shared pace.
    current = 400;
    advance(1000);
    pace.succeeded();
    await settled();
    assert.equal(reads, 2);
    for (let tick = 0; tick < 100; tick += 1) {
      advance(100);
      pace.succeeded();
      await settled();
    }
    assert.equal(current, 200, 'climbed back within 10 s of noticing');
  });

  it('climbs from another instance’s later cut, rather than undoing it with its own climb', async () => {
    const { limiter, settled } = paceOnly(200);
    const { now, advance } = clock();
    const pace = createAdaptivePace({ limiter, ratePerMinute: 300, now });
    pace.throttled();
    await settled();
    advance(4000);
    // Meanwhile another instance got a 429 of its own and cut the shared pace further.
    await limiter.setMinTime(800);
    pace.succeeded();
    await settled();
    assert.equal(await limiter.minTime(), 800, 'the other instance’s cut stands');
    advance(10_000);
    pace.succeeded();
    await settled();
    assert.equal(await limiter.minTime(), 200, 'and is climbed back from');
  });

  it('after a cut below the configured rate, probes up to the configured rate and never beyond', async () => {
    const { limiter, history, settled } = paceOnly(400);
    const { now, advance } = clock();
    const pace = createAdaptivePace({ limiter, ratePerMinute: 300, now });
    pace.throttled();
    await settled();
    // Past the rate of the 429 (150/min), the climb speeds up: checked a second apart, it leaps.
    for (let second = 0; second < 30; second += 1) {
      advance(1000);
      pace.succeeded();
      await settled();
    }
    assert.ok(history.every((ms) => ms >= 200), `never faster than configured: ${history.join(', ')}`);
    assert.equal(history.at(-1), 200);
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
