import assert from 'node:assert/strict';
import { pino } from 'pino';
import { AccessPolicy } from '../../src/access/policy.js';
import type { AuditRecord } from '../../src/audit/audit-trail.js';
import { InFlight } from '../../src/observability/in-flight.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createTransportObserver } from '../../src/observability/transport-observer.js';
import type { LookupOutcome, LookupRequest } from '../../src/participants/outcome.js';
import { participantSchema, type Participant } from '../../src/participants/schema.js';
import { WATCH_ACCESS_LOST } from '../../src/replies/messages.js';
import type { Reply } from '../../src/replies/reply.js';
import { MemoryDeduplicator } from '../../src/transports/deduplicator.js';
import { createPipeline } from '../../src/transports/pipeline.js';
import { createNotifier } from '../../src/watches/notifier.js';
import { createPoller, POLLER_REQUESTER, type Poller } from '../../src/watches/poller.js';
import { MemoryWatchStore } from '../../src/watches/store.js';
import { WATCH_LIMITS, WATCH_TTL_MS, type Watch } from '../../src/watches/watch.js';
import { createWatcher, type Watcher } from '../../src/watches/watcher.js';
import { createFakePlatform, FINAL, type FakePlatform } from '../support/fake-platform.js';
import { recordingTrail } from '../support/audit.js';
import { seedExampleBody } from '../support/fixtures.js';
import { ManualClock } from '../support/manual-clock.js';

const HOST = 'hana.host@example.com';
const ADMIN = 'ada.admin@example.com';
const MEETING_ID = 'aaaabbbbccccddddeeeeffff00001111';
const PHONE = seedExampleBody.devices[0].phoneNumber;
const idOf = (n: number) => `${MEETING_ID}_00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A participant's record as Webex would answer now. */
const record = (n: number, extra: object = {}): Participant =>
  participantSchema.parse({
    ...seedExampleBody,
    id: idOf(n),
    meetingId: MEETING_ID,
    hostEmail: HOST,
    displayName: `Person ${n}`,
    state: 'lobby',
    joinedTime: '1970-01-01T00:00:00.000Z',
    leftTime: '1970-01-01T00:00:00.000Z',
    breakoutSessionsAttended: [],
    ...extra,
  });

interface World {
  clock: ManualClock;
  store: MemoryWatchStore;
  webex: FakePlatform;
  slack: FakePlatform;
  watcher: Watcher;
  poller: Poller;
  /** What Webex answers for each participant now. */
  records: Map<string, Participant>;
  lookups: LookupRequest[];
  audit: AuditRecord[];
  metrics: ReturnType<typeof createMetrics>;
  /** False while someone's lookup waits: polls hold back. */
  idle: { value: boolean };
  /** True while pushes cannot be relied on here (Redis lost): polls every 30 s though Webex pushes. */
  fullRate: { value: boolean };
  watch(n: number, who?: Partial<Watch>): Promise<void>;
  /** Runs `count` rounds of the poller, one window of the clock each. */
  rounds(count: number): Promise<void>;
  alerts(platform?: FakePlatform): Array<{ userId: string; reply: Reply }>;
}

async function world(options: { ratePerMinute?: number; pollShare?: number; access?: AccessPolicy } = {}): Promise<World> {
  const clock = new ManualClock(Date.UTC(2026, 10, 30, 10));
  const store = new MemoryWatchStore(clock.now);
  const metrics = createMetrics();
  const logger = pino({ level: 'silent' });
  const pipeline = createPipeline({
    handle: async () => ({ kind: 'help' }),
    dedupe: new MemoryDeduplicator(),
    logger,
    observer: createTransportObserver(metrics, new InFlight()),
    retry: { attempts: 2, baseDelayMs: 1, maxWaitMs: 10 },
  });
  const notifier = createNotifier();
  const webex = createFakePlatform('webex');
  const slack = createFakePlatform('slack');
  notifier.add(pipeline.attach(webex));
  notifier.add(pipeline.attach(slack));
  const { audit: trail, records: audit } = recordingTrail(() => new Date(clock.now()).toISOString());
  const access = options.access ?? new AccessPolicy({ admins: [ADMIN], complianceOfficers: [], slackUsers: {} });
  const watcher = createWatcher({
    store,
    notifier,
    access,
    audit: trail,
    logger,
    now: clock.now,
    counted: (result) => metrics.watchNotifications.inc({ result }),
  });
  const records = new Map<string, Participant>();
  const lookups: LookupRequest[] = [];
  const idle = { value: true };
  const fullRate = { value: false };
  const poller = createPoller({
    store,
    watcher,
    lookup: async (request): Promise<LookupOutcome> => {
      lookups.push(request);
      const found = records.get(request.participantId);
      return found === undefined ? { ok: false, failure: { kind: 'notFound', status: 404 } } : { ok: true, participant: found };
    },
    idle: async () => idle.value,
    fullRate: () => fullRate.value,
    ratePerMinute: options.ratePerMinute ?? 300,
    pollSeconds: 30,
    pollShare: options.pollShare ?? 0.2,
    clock,
    logger,
    polled: () => metrics.watchPolls.inc(),
  });
  poller.start();
  const windowMs = Math.max(1000, Math.ceil(60_000 / ((options.ratePerMinute ?? 300) * (options.pollShare ?? 0.2))));
  return {
    clock,
    store,
    webex,
    slack,
    watcher,
    poller,
    records,
    lookups,
    audit,
    metrics,
    idle,
    fullRate,
    async watch(n, who = {}) {
      const now = clock.now();
      records.set(idOf(n), records.get(idOf(n)) ?? record(n));
      const outcome = await store.add(
        { platform: 'webex', userId: 'P-HANA', email: HOST, participantId: idOf(n), hostFilter: HOST, name: `Person ${n}`, state: 'lobby', createdAt: now, expiresAt: now + WATCH_TTL_MS, ...who },
        WATCH_LIMITS,
      );
      assert.equal(outcome, 'added');
    },
    async rounds(count) {
      for (let i = 0; i < count; i += 1) {
        clock.advance(windowMs);
        await poller.settled();
      }
    },
    alerts: (platform = webex) => platform.notified.map(({ userId, message }) => ({ userId, reply: message.reply })),
  };
}

const textOf = (reply: Reply | undefined) => (reply?.kind === 'watch' ? reply.text : assert.fail(JSON.stringify(reply)));

describe('watches, polled (injected clock, fake platforms)', () => {
  let w: World;
  afterEach(async () => {
    await w.poller.stop();
  });

  it('tells the watcher once, privately on their platform, when the participant leaves the lobby', async () => {
    w = await world();
    await w.watch(1);
    await w.rounds(1);
    assert.deepEqual(w.alerts(), [], 'no change yet, nothing said');
    assert.deepEqual(w.lookups, [{ participantId: idOf(1), hostEmail: HOST, requesterKey: POLLER_REQUESTER }]);

    w.records.set(idOf(1), record(1, { state: 'joined', joinedTime: '2026-11-30T10:00:20Z' }));
    await w.rounds(40);
    const alerts = w.alerts();
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.userId, 'P-HANA');
    assert.equal(textOf(alerts[0]?.reply), 'Person 1 joined the meeting.');
    assert.ok(alerts[0]?.reply.kind === 'watch');
    assert.deepEqual(alerts[0]?.reply.kind === 'watch' && alerts[0].reply.facts[0], { label: 'When', value: '10:00 UTC' });
    assert.deepEqual(alerts[0]?.reply.kind === 'watch' && alerts[0].reply.buttons.map((b) => b.command), [`participant ${idOf(1)}`]);
    assert.ok(!JSON.stringify(alerts).includes(PHONE), 'never a phone number');
    assert.equal(w.lookups.length, 2, 'each participant at most every 30 s');
    assert.deepEqual(w.audit.map((r) => [r.command, r.via, r.requester, r.outcome]), [['watchAlert', 'watch', HOST, 'sent']]);
    assert.equal((await w.store.ofRequester(HOST))[0]?.state, 'joined');
  });

  it('tells each watcher of one participant, with one poll for them all', async () => {
    w = await world();
    await w.watch(1);
    await w.watch(1, { platform: 'slack', userId: 'U0ADA', email: ADMIN, hostFilter: undefined });
    w.records.set(idOf(1), record(1, { state: 'breakoutSession' }));
    await w.rounds(30);
    assert.equal(w.lookups.length, 1);
    assert.deepEqual(w.alerts().map((a) => [a.userId, textOf(a.reply)]), [['P-HANA', 'Person 1 moved to a breakout session.']]);
    assert.deepEqual(w.alerts(w.slack).map((a) => [a.userId, textOf(a.reply)]), [['U0ADA', 'Person 1 moved to a breakout session.']]);
  });

  it('spends at most its share of the budget, spread evenly, and polls everyone in turn', async () => {
    w = await world({ ratePerMinute: 300, pollShare: 0.2 });
    for (let n = 1; n <= 100; n += 1) await w.watch(n, { userId: `P${n}`, email: `host${n}@example.com` });
    await w.rounds(60);
    assert.equal(w.lookups.length, 60, '20% of 300 a minute: 60');
    assert.equal(new Set(w.lookups.map((l) => l.participantId)).size, 60, 'each one once, longest-waiting first');
    await w.rounds(40);
    assert.equal(new Set(w.lookups.map((l) => l.participantId)).size, 100);
    assert.equal(await w.metrics.watchPolls.get().then((m) => m.values[0]?.value), 100);
  });

  it('holds its polls back while people\u2019s lookups wait', async () => {
    w = await world();
    await w.watch(1);
    w.idle.value = false;
    await w.rounds(60);
    assert.equal(w.lookups.length, 0);
    w.idle.value = true;
    await w.rounds(1);
    assert.equal(w.lookups.length, 1);
  });

  it('while Webex pushes, still polls each watched participant every 4 \u00d7 30 s, so a move Webex does not push is told', async () => {
    w = await world();
    w.poller.setPushed(true);
    await w.watch(1);
    await w.rounds(1);
    assert.equal(w.lookups.length, 1);
    // Into a breakout session: no meetingParticipants event says so.
    w.records.set(idOf(1), record(1, { state: 'breakoutSession', breakoutSessionId: 'b1' }));
    await w.rounds(119);
    assert.deepEqual([w.lookups.length, w.alerts().length], [1, 0], 'not every 30 s while Webex pushes');
    await w.rounds(1);
    assert.equal(w.lookups.length, 2);
    assert.deepEqual(w.alerts().map((a) => textOf(a.reply)), ['Person 1 moved to a breakout session.']);
  });

  it('polls every 30 s again as soon as Webex stops pushing, whoever the safety net polled lately', async () => {
    w = await world();
    w.poller.setPushed(true);
    await w.watch(1);
    await w.rounds(1);
    w.poller.setPushed(false);
    w.records.set(idOf(1), record(1, { state: 'joined', joinedTime: '2026-11-30T10:00:20Z' }));
    await w.rounds(30);
    assert.equal(w.lookups.length, 2);
    assert.deepEqual(w.alerts().map((a) => textOf(a.reply)), ['Person 1 joined the meeting.']);
  });

  it('polls every 30 s while pushes cannot be relied on here (Redis lost), though Webex pushes; only the safety net once they can', async () => {
    w = await world();
    w.poller.setPushed(true);
    await w.watch(1);
    await w.rounds(1);
    w.fullRate.value = true;
    await w.rounds(30);
    assert.equal(w.lookups.length, 2);
    w.fullRate.value = false;
    await w.rounds(60);
    assert.equal(w.lookups.length, 2, 'not every 30 s once they can');
  });

  it('ends the watch with the alert when the participant left for good, and polls them no more', async () => {
    w = await world();
    await w.watch(1);
    w.records.set(idOf(1), record(1, { state: 'end', leftTime: '2026-11-30T10:00:10Z' }));
    await w.rounds(1);
    assert.deepEqual(w.alerts().map((a) => textOf(a.reply)), ['Person 1 left the meeting. They left and the meeting is over, so this watch has ended.']);
    assert.equal(await w.store.count(), 0);
    await w.rounds(60);
    assert.equal(w.lookups.length, 1);
    assert.deepEqual(w.audit.map((r) => [r.command, r.outcome]), [['watchAlert', 'sent'], ['watchEnd', 'left']]);
  });

  it('checks access again before each alert: a requester who lost it is told the watch ended, and nothing more', async () => {
    w = await world();
    await w.watch(1);
    // The meeting's host changed: Hana may no longer see this participant.
    w.records.set(idOf(1), record(1, { state: 'joined', hostEmail: 'otto.other@example.com', displayName: 'Secret Name' }));
    await w.rounds(1);
    assert.deepEqual(w.alerts().map((a) => a.reply), [{ kind: 'watch', text: WATCH_ACCESS_LOST, facts: [], buttons: [] }]);
    assert.ok(!JSON.stringify(w.alerts()).includes('Secret Name'));
    assert.equal(await w.store.count(), 0);
    assert.deepEqual(w.audit.map((r) => [r.command, r.outcome]), [['watchEnd', 'accessLost']]);
  });

  it('ends a watch after 12 hours and says so', async () => {
    w = await world();
    await w.watch(1);
    w.clock.advance(WATCH_TTL_MS - 2000);
    await w.rounds(1);
    assert.equal(await w.store.count(), 1);
    await w.rounds(2);
    assert.deepEqual(w.alerts().map((a) => textOf(a.reply)), ['Your watch of Person 1 ended after 12 hours. Watch them again to go on.']);
    assert.equal(await w.store.count(), 0);
  });

  it('counts an alert the platform would not take as lost, and does not send it again', async () => {
    w = await world();
    await w.watch(1);
    w.webex.failNext(2, FINAL);
    w.records.set(idOf(1), record(1, { state: 'joined' }));
    await w.rounds(40);
    assert.equal(w.alerts().length, 0);
    const counted = (await w.metrics.watchNotifications.get()).values.map((v) => [v.labels.result, v.value]);
    assert.deepEqual(counted, [['lost', 1]]);
    assert.deepEqual(w.audit.map((r) => r.outcome), ['lost']);
  });

  it('tells a change once, however often it is seen: a replayed event, a poll after it', async () => {
    w = await world();
    await w.watch(1);
    const joined = record(1, { state: 'joined', joinedTime: '2026-11-30T10:00:20Z' });
    await Promise.all([w.watcher.observe(joined), w.watcher.observe(joined)]);
    w.records.set(idOf(1), joined);
    await w.rounds(1);
    await w.watcher.observe(joined);
    assert.equal(w.alerts().length, 1);
    // Back from a breakout session is a new change, though the state is one seen before.
    await w.watcher.observe(record(1, { state: 'breakoutSession', breakoutSessionId: 'b1' }));
    await w.watcher.observe(record(1, { state: 'joined', joinedTime: '2026-11-30T10:00:20Z', breakoutSessionsAttended: [{ id: 'b1', joinedTime: '2026-11-30T10:05:00Z', leftTime: '2026-11-30T10:09:00Z' }] }));
    assert.deepEqual(w.alerts().map((a) => textOf(a.reply)), ['Person 1 joined the meeting.', 'Person 1 moved to a breakout session.', 'Person 1 joined the meeting.']);
  });

  it('ignores, cheaply, a record of someone nobody watches', async () => {
    w = await world();
    await w.watcher.observe(record(9, { state: 'joined' }));
    assert.deepEqual([w.alerts().length, w.audit.length], [0, 0]);
  });
});
