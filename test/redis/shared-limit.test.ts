import assert from 'node:assert/strict';
import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import sinon from 'sinon';
import { createCoreServices, limiterIdFor, type CoreServices, type CoreTuning } from '../../src/services.js';
import { SHARED_HEADROOM } from '../../src/redis/shared-limiter.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';
import { connect, deleteKeys, uniqueId, until, untilReady } from './support.js';

const ids = Array.from({ length: 40 }, (_, index) => `${String(index).padStart(32, 'a')}_3c2e2338-e950-43bf-b588-573773ee43d1`);
/** One Retry-After second lasts this long here. */
const UNIT = 20;
const silent = pino({ level: 'silent' });

/**
 * Two instances of the bot's core (createCoreServices) in one process: each has its own Redis
 * connection, and so its own shared limiter and Redis pause gate, on the limiter id and pause key of
 * the one Webex token they share, in front of one Webex.
 */
describe('one Webex budget shared through Redis (real Redis server)', () => {
  let emulator: WebexEmulator;
  const clients: Redis[] = [];
  const cores: CoreServices[] = [];

  beforeEach(async () => {
    // A token of its own, so the limiter id (derived from it) is this test's alone.
    emulator = await startWebexEmulator({ apiToken: uniqueId('limit') });
    for (const participantId of ids) emulator.addParticipant({ id: participantId, meetingId: 'm1', hostEmail: 'host@example.com' });
  });

  afterEach(async () => {
    await Promise.all(cores.splice(0).map((core) => core.close()));
    const [cleaner] = clients;
    if (cleaner !== undefined) {
      await untilReady(cleaner);
      await deleteKeys(cleaner, `*${limiterIdFor(emulator.apiToken)}*`);
    }
    for (const client of clients.splice(0)) client.disconnect();
    await emulator.close();
  });

  const instance = async (spacing: number, tuning: CoreTuning = {}) => {
    const redis = connect();
    clients.push(redis);
    await untilReady(redis);
    const departures: number[] = [];
    const core = await createCoreServices({
      logger: silent,
      webexApi: { baseUrl: emulator.baseUrl, token: emulator.apiToken, ratePerMinute: 60_000 / spacing },
      access: { admins: [], complianceOfficers: [], slackUsers: {} },
      redis,
      tuning: {
        fetch: (input, init) => {
          departures.push(Date.now());
          return fetch(input, init);
        },
        lookupTimeoutMs: 1000,
        adaptive: false,
        timeUnitMs: UNIT,
        maxWaitSeconds: 1000,
        ...tuning,
      },
    });
    cores.push(core);
    const source = core.participants;
    await until(() => source.isShared(), 'the limiter joins the shared limit');
    return { redis, source, departures };
  };

  it('holds the configured rate for two instances together', async () => {
    const spacing = 20;
    const [one, two] = await Promise.all([instance(spacing), instance(spacing)]);
    const outcomes = await Promise.all(
      ids.map((participantId, index) => (index % 2 === 0 ? one : two).source.lookup({ participantId })),
    );
    assert.ok(outcomes.every((outcome) => outcome.ok));
    const departures = [...one.departures, ...two.departures].sort((a, b) => a - b);
    assert.equal(departures.length, ids.length);
    assert.ok(one.departures.length > 0 && two.departures.length > 0, 'both instances called Webex');
    // Bottleneck reserves each start `spacing` after the previous one in Redis, whichever instance
    // makes it: the k-th call leaves no sooner than k spacings after the first (1 spacing of slack
    // for the first job's own timer).
    const first = departures[0] ?? 0;
    departures.forEach((at, k) => assert.ok(at - first >= (k - 1) * spacing, `call ${k} at +${at - first} ms`));
    // The same, counted where Webex sees it: no window of 20 spacings holds more than 21 calls,
    // plus 3 for arrival jitter (new connections) on a busy machine. Two limiters that did not share
    // would put about 40 there.
    const arrivals = emulator.requests.map((request) => request.at);
    for (const start of arrivals) {
      const inWindow = arrivals.filter((at) => at >= start && at < start + 20 * spacing).length;
      assert.ok(inWindow <= 24, `${inWindow} calls within ${20 * spacing} ms`);
    }
  });

  it('spaces shared starts 5% wider than asked, against jitter, and reads the pace back as asked', async () => {
    const one = await instance(200);
    const settings = `b_${limiterIdFor(emulator.apiToken)}_settings`;
    assert.equal(Number(await one.redis.hget(settings, 'minTime')), 200 * (1 + SHARED_HEADROOM));
    assert.equal(SHARED_HEADROOM, 0.05);
    assert.equal((await one.source.stats()).ratePerMinute, 300);
  });

  it('answers as soon as the call is done, without waiting for Bottleneck to free the slot in Redis', async () => {
    const one = await instance(1);
    // Bottleneck frees a job's slot (a round trip to Redis) before it settles the job's promise:
    // made never to finish here, the answer must not wait for it.
    const free = sinon.stub(Bottleneck.prototype as unknown as { _free: () => Promise<void> }, '_free').returns(new Promise(() => undefined));
    try {
      assert.ok((await one.source.lookup({ participantId: ids[0] ?? '' })).ok);
      assert.equal(free.callCount, 1);
    } finally {
      free.restore();
    }
  });

  it('pauses instance B when instance A gets a 429, for its Retry-After', async () => {
    const [a, b] = await Promise.all([instance(1), instance(1)]);
    emulator.failNext(1, { status: 429, headers: { 'Retry-After': '5' } });
    const throttledLookup = a.source.lookup({ participantId: ids[0] ?? '' });
    await until(async () => (await b.source.stats()).pausedUntil > Date.now(), 'B sees the pause A was told');
    const outcome = await b.source.lookup({ participantId: ids[1] ?? '' });
    assert.ok(outcome.ok && (await throttledLookup).ok);
    const [throttled, ...after] = emulator.requests;
    assert.equal(throttled?.status, 429);
    assert.equal(after.length, 2);
    for (const request of after) assert.ok(request.at >= (throttled?.at ?? 0) + 5 * UNIT, 'no call from either instance during the pause');
  });

  it('shares a lowered pace: a 429 at A slows B down too, and both climb back as calls succeed', async () => {
    const spacing = 2;
    // The climb back takes 0.2 s here instead of 8; B looks at the shared pace every 10 ms.
    const adaptive = { recoverySeconds: 0.2, lookEverySeconds: 0.01 };
    const [a, b] = await Promise.all([instance(spacing, { adaptive }), instance(spacing, { adaptive })]);
    emulator.failNext(1, { status: 429, headers: { 'Retry-After': '1' } });
    assert.ok((await a.source.lookup({ participantId: ids[0] ?? '' })).ok);
    // Halved, and climbing already with A's own success after the pause: slower than configured.
    await until(async () => (await b.source.stats()).ratePerMinute < 60_000 / spacing, 'B reads the lowered pace');
    // B climbs back on its own successes, though the 429 was A's.
    let next = 1;
    await until(async () => {
      assert.ok((await b.source.lookup({ participantId: ids[next++ % ids.length] ?? '' })).ok);
      return (await a.source.stats()).ratePerMinute === 60_000 / spacing;
    }, 'A reads the pace back at the configured rate, raised by B');
  });
});
