import assert from 'node:assert/strict';
import type { LookupOutcome } from '../../src/participants/outcome.js';
import { createMemoryPauseGate } from '../../src/participants/pause-gate.js';
import {
  createRateLimitedSource,
  type RateLimitedSourceOptions,
} from '../../src/participants/rate-limited-source.js';
import { createWebexParticipantsClient } from '../../src/participants/webex-client.js';
import { startWebexEmulator, type LoggedRequest, type WebexEmulator } from '../support/webex-emulator.js';

const ids = Array.from(
  { length: 6 },
  (_, index) => `560d7b784f5143e3be2fc3064a5c499${index}_3c2e2338-e950-43bf-b588-573773ee43d1`,
);
const ID = ids[0] ?? '';
/** One Retry-After second lasts this long here. */
const UNIT = 20;

function expectFailure(outcome: LookupOutcome) {
  assert.equal(outcome.ok, false, `expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.failure;
}

/** Milliseconds between consecutive upstream calls, as the emulator saw them arrive. */
function gaps(requests: LoggedRequest[]): number[] {
  return requests.slice(1).map((request, index) => request.at - (requests[index]?.at ?? 0));
}

describe('rate-limited participant source', () => {
  let emulator: WebexEmulator;

  const limited = (overrides: Partial<RateLimitedSourceOptions> = {}) =>
    createRateLimitedSource({
      source: createWebexParticipantsClient({ baseUrl: emulator.baseUrl, token: () => emulator.apiToken, timeoutMs: 500 }),
      ratePerMinute: 60_000,
      timeUnitMs: UNIT,
      baseDelayMs: 2,
      random: () => 0.5,
      ...overrides,
    });

  beforeEach(async () => {
    emulator = await startWebexEmulator();
    for (const id of ids) emulator.addParticipant({ id, meetingId: 'm1', hostEmail: 'host@example.com' });
  });
  afterEach(() => emulator.close());

  for (const status of [429, 423]) {
    it(`waits out a ${status} Retry-After, holding back the other lookups too`, async () => {
      emulator.failNext(1, { status, headers: { 'Retry-After': '3' } });
      const source = limited({ maxConcurrent: 1 });
      const [first, second] = await Promise.all([
        source.lookup({ participantId: ids[0] ?? '' }),
        source.lookup({ participantId: ids[1] ?? '' }),
      ]);
      assert.ok(first.ok && second.ok);
      const [throttled, ...after] = emulator.requests;
      assert.equal(throttled?.status, status);
      assert.equal(after.length, 2, 'the second lookup made no call while paused, then one');
      for (const request of after) assert.ok(request.at >= (throttled?.at ?? 0) + 3 * UNIT, 'no call during the pause');
    });
  }

  it('waits a default pause when a 429 has no Retry-After', async () => {
    emulator.failNext(1, { status: 429 });
    const outcome = await limited({ defaultRetryAfterSeconds: 2 }).lookup({ participantId: ID });
    assert.ok(outcome.ok);
    assert.ok((gaps(emulator.requests)[0] ?? 0) >= 2 * UNIT);
  });

  it('pauses every instance that shares the gate', async () => {
    const gate = createMemoryPauseGate();
    const one = limited({ gate });
    const two = limited({ gate });
    emulator.failNext(1, { status: 429, headers: { 'Retry-After': '3' } });
    const first = one.lookup({ participantId: ID });
    while ((await gate.pausedUntil()) === 0) await new Promise((resolve) => setImmediate(resolve));
    const second = await two.lookup({ participantId: ID });
    assert.ok(second.ok && (await first).ok);
    const [throttled, ...after] = emulator.requests;
    for (const request of after) assert.ok(request.at >= (throttled?.at ?? 0) + 3 * UNIT);
  });

  it('answers busy at once, with the wait, when Retry-After is longer than a user should wait', async () => {
    emulator.failNext(1, { status: 429, headers: { 'Retry-After': '300' } });
    const source = limited({ maxWaitSeconds: 60 });
    const started = Date.now();
    const failure = expectFailure(await source.lookup({ participantId: ID }));
    assert.deepEqual(
      [failure.kind, failure.busyBecause, failure.status, failure.retryAfterSeconds, failure.trackingId],
      ['busy', 'webex', 429, 300, emulator.requests[0]?.trackingId],
    );
    // The next lookup does not knock on Webex's door during the pause either.
    const next = expectFailure(await source.lookup({ participantId: ids[1] ?? '' }));
    assert.deepEqual([next.kind, next.busyBecause], ['busy', 'webex']);
    assert.ok((next.retryAfterSeconds ?? 0) > 250);
    assert.equal(emulator.requests.length, 1);
    assert.ok(Date.now() - started < 500);
  });

  it('caps the pause of a bogus Retry-After at maxPauseSeconds', async () => {
    emulator.failNext(1, { status: 429, headers: { 'Retry-After': '100000000' } });
    const gate = createMemoryPauseGate();
    const failure = expectFailure(await limited({ gate, maxPauseSeconds: 600 }).lookup({ participantId: ID }));
    assert.deepEqual([failure.kind, failure.retryAfterSeconds], ['busy', 600]);
    assert.ok((await gate.pausedUntil()) <= Date.now() + 600 * UNIT);
  });

  it("rides out Webex's own rate limit: every lookup succeeds", async () => {
    emulator.setRateLimit({ limit: 3, windowMs: 300, retryAfterSeconds: 1 });
    const source = limited({ maxWaitSeconds: 100 });
    const outcomes = await Promise.all(ids.map((participantId) => source.lookup({ participantId })));
    assert.ok(outcomes.every((outcome) => outcome.ok));
    const throttled = emulator.requests.filter((request) => request.status === 429);
    assert.ok(throttled.length > 0, 'the emulator did throttle');
    assert.equal(emulator.requests.length - throttled.length, ids.length);
  });

  it('retries a 503 and succeeds on the third call', async () => {
    emulator.failNext(2, { status: 503 });
    const outcome = await limited().lookup({ participantId: ID });
    assert.ok(outcome.ok);
    assert.equal(emulator.requests.length, 3);
    assert.equal(outcome.trackingId, emulator.requests[2]?.trackingId);
  });

  it('gives up after the retries with the last trackingId when Webex stays down', async () => {
    emulator.failNext(100, { status: 503 });
    const failure = expectFailure(await limited({ maxRetries: 3 }).lookup({ participantId: ID }));
    assert.equal(failure.kind, 'serviceUnavailable');
    assert.equal(emulator.requests.length, 4);
    assert.equal(failure.trackingId, emulator.requests.at(-1)?.trackingId);
  });

  it('retries timeouts and connection resets', async () => {
    emulator.failNext(1, { reset: true });
    emulator.failNext(1, { delayMs: 300 });
    const source = limited({
      source: createWebexParticipantsClient({ baseUrl: emulator.baseUrl, token: () => emulator.apiToken, timeoutMs: 50 }),
    });
    const outcome = await source.lookup({ participantId: ID });
    assert.ok(outcome.ok);
    assert.equal(emulator.requests.length, 3);
  });

  it('backs off exponentially with jitter between retries', async () => {
    emulator.failNext(3, { status: 500 });
    const outcome = await limited({ baseDelayMs: 10, random: () => 0.99 }).lookup({ participantId: ID });
    assert.ok(outcome.ok);
    const [one, two, three] = gaps(emulator.requests);
    // Full jitter with random 0.99: just under 10, 20, then 40 ms.
    assert.ok((one ?? 0) >= 9 && (two ?? 0) >= 19 && (three ?? 0) >= 39, `gaps ${gaps(emulator.requests)}`);
  });

  it('reports at once a 503 whose Retry-After is beyond the cap', async () => {
    emulator.failNext(1, { status: 503, headers: { 'Retry-After': '3600' } });
    const failure = expectFailure(await limited().lookup({ participantId: ID }));
    assert.deepEqual([failure.kind, emulator.requests.length], ['serviceUnavailable', 1]);
  });

  it('does not retry answers that will not change: 404, 401, 400', async () => {
    const source = limited();
    for (const status of [404, 401, 400]) {
      emulator.failNext(1, { status });
      assert.equal(expectFailure(await source.lookup({ participantId: ID })).status, status);
    }
    assert.equal(emulator.requests.length, 3);
  });

  /**
   * Arrival at the emulator jitters by a few ms (a new connection, a busy event loop), so spacing is
   * measured where the limiter acts: when each attempt leaves. Order is checked at the emulator.
   */
  const pacedSource = (spacing: number, overrides: Partial<RateLimitedSourceOptions> = {}) => {
    const client = createWebexParticipantsClient({ baseUrl: emulator.baseUrl, token: () => emulator.apiToken, timeoutMs: 500 });
    const departures: number[] = [];
    const source = limited({
      ratePerMinute: 60_000 / spacing,
      source: {
        lookup: (request) => {
          departures.push(performance.now());
          return client.lookup(request);
        },
      },
      ...overrides,
    });
    const createdAt = performance.now();
    /**
     * Bottleneck plans each start at least `minTime` after the previous plan, so the k-th call never
     * leaves before k × spacing. (Single gaps may shrink after a late start on a busy machine; the
     * pace over the whole run may not.) 1 ms of slack: Bottleneck counts in whole Date.now() ms.
     */
    const assertPaced = () => {
      const offsets = departures.map((at) => Math.round(at - createdAt));
      departures.forEach((at, k) => assert.ok(at - createdAt >= k * spacing - 1, `departures at ${offsets} ms`));
    };
    return { source, assertPaced };
  };

  it('paces upstream calls to the rate, in the order asked', async () => {
    const spacing = 10;
    const { source, assertPaced } = pacedSource(spacing);
    const outcomes = await Promise.all(ids.map((participantId) => source.lookup({ participantId })));
    assert.ok(outcomes.every((outcome) => outcome.ok));
    assert.deepEqual(
      emulator.requests.map((request) => request.path.split('/').at(-1)),
      ids,
    );
    assertPaced();
  });

  it('makes a retry wait for its pace like any other call', async () => {
    const spacing = 10;
    emulator.failNext(1, { status: 503 });
    const { source, assertPaced } = pacedSource(spacing, { random: () => 0 });
    const outcomes = await Promise.all(ids.slice(0, 3).map((participantId) => source.lookup({ participantId })));
    assert.ok(outcomes.every((outcome) => outcome.ok));
    assert.equal(emulator.requests.length, 4);
    assertPaced();
  });

  it('answers busy without calling Webex when the queue is full', async () => {
    emulator.failNext(2, { delayMs: 50 });
    const source = limited({ maxQueued: 2 });
    const [first, second, third] = ids.slice(0, 3).map((participantId) => source.lookup({ participantId }));
    const failure = expectFailure((await third) as LookupOutcome);
    assert.deepEqual([failure.kind, failure.busyBecause], ['busy', 'queue']);
    assert.ok((failure.retryAfterSeconds ?? 0) >= 1);
    assert.ok((await first)?.ok && (await second)?.ok);
    assert.deepEqual(
      emulator.requests.map((request) => request.path.split('/').at(-1)),
      ids.slice(0, 2),
    );
  });

  const burstIds = Array.from({ length: 25 }, (_, index) => `${String(index).padStart(32, 'd')}_3c2e2338-e950-43bf-b588-573773ee43d1`);
  const calledIds = () => emulator.requests.map((request) => request.path.split('/').at(-1) ?? '');

  it("serves one requester's burst in full while the queue has room, in the order asked", async () => {
    for (const id of burstIds) emulator.addParticipant({ id, meetingId: 'm1', hostEmail: 'host@example.com' });
    const client = createWebexParticipantsClient({ baseUrl: emulator.baseUrl, token: () => emulator.apiToken, timeoutMs: 500 });
    // In the order they leave: with several in flight, arrival order at the emulator jitters.
    const sent: string[] = [];
    const source = limited({
      ratePerMinute: 30_000,
      source: {
        lookup: (request) => {
          sent.push(request.participantId);
          return client.lookup(request);
        },
      },
    });
    const outcomes = await Promise.all(burstIds.map((participantId) => source.lookup({ participantId, requesterKey: 'ada@example.com' })));
    assert.deepEqual(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.failure.kind)), burstIds.map(() => 'ok'));
    assert.deepEqual(sent, burstIds);
  });

  it('takes turns between requesters: a burst is interleaved with everyone else\u2019s lookups', async () => {
    for (const id of burstIds) emulator.addParticipant({ id, meetingId: 'm1', hostEmail: 'host@example.com' });
    const source = limited({ ratePerMinute: 30_000, maxConcurrent: 1 });
    const greedy = burstIds.map((participantId) => source.lookup({ participantId, requesterKey: 'greedy@example.com' }));
    const polite = ids.slice(0, 3).map((participantId) => source.lookup({ participantId, requesterKey: 'polite@example.com' }));
    assert.ok((await Promise.all([...greedy, ...polite])).every((outcome) => outcome.ok));
    const [g1, g2, g3, g4, g5, ...rest] = burstIds;
    // One attempt at a time here, and the limiter holds the next one too: greedy's first two were
    // already handed on when polite asked; from then on they alternate.
    assert.deepEqual(calledIds(), [g1, g2, g3, ids[0], g4, ids[1], g5, ids[2], ...rest]);
  });

  it('answers busy, saying our queue is full, only when the whole queue is full', async () => {
    const source = limited({ ratePerMinute: 6000, maxQueued: 4 });
    const outcomes = await Promise.all(
      [...ids, ...ids].map((participantId) => source.lookup({ participantId, requesterKey: 'ada@example.com' })),
    );
    assert.deepEqual(
      outcomes.map((outcome) => (outcome.ok ? 'ok' : `${outcome.failure.kind}/${outcome.failure.busyBecause}`)),
      ['ok', 'ok', 'ok', 'ok', ...Array.from({ length: 8 }, () => 'busy/queue')],
    );
    assert.equal(emulator.requests.length, 4, 'the refused lookups never reached Webex');
    assert.ok((await source.lookup({ participantId: ID, requesterKey: 'ada@example.com' })).ok, 'room again once done');
  });

  it('runs any one-attempt call on the same terms: a 429 to it pauses the lookups too, and it is retried', async () => {
    const source = limited({ maxConcurrent: 1 });
    let attempts = 0;
    const other = async () => {
      attempts += 1;
      // The first attempt is throttled, as a roster page might be; the second succeeds.
      const response = await fetch(`${emulator.baseUrl}/meetingParticipants/${ids[1]}`, {
        headers: { authorization: `Bearer ${emulator.apiToken}` },
      });
      return response.status === 200
        ? { ok: true as const, attempts }
        : { ok: false as const, failure: { kind: 'tooManyRequests' as const, status: response.status, retryAfterSeconds: 3 } };
    };
    emulator.failNext(1, { status: 429, headers: { 'Retry-After': '3' } });
    const [called, looked] = await Promise.all([source.call('ada@example.com', other), source.lookup({ participantId: ID })]);
    assert.deepEqual(called, { ok: true, attempts: 2 });
    assert.ok(looked.ok);
    const [throttled, ...after] = emulator.requests;
    assert.equal(throttled?.status, 429);
    assert.equal(after.length, 2, 'one retry of the call and one lookup, none during the pause');
    for (const request of after) assert.ok(request.at >= (throttled?.at ?? 0) + 3 * UNIT, 'no call during the pause');
  });

  it('reports queued, running and the pause in stats()', async () => {
    emulator.failNext(1, { status: 429, headers: { 'Retry-After': '5' } });
    const source = limited({ maxConcurrent: 1 });
    const lookups = [source.lookup({ participantId: ids[0] ?? '' }), source.lookup({ participantId: ids[1] ?? '' })];
    await new Promise((resolve) => setTimeout(resolve, 2 * UNIT));
    const during = await source.stats();
    assert.equal(during.queued, 2);
    assert.equal(during.running, 0);
    assert.ok(during.pausedUntil > Date.now());
    await Promise.all(lookups);
    const after = await source.stats();
    assert.deepEqual([after.queued, after.running], [0, 0]);
  });
});
