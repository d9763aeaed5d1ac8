import assert from 'node:assert/strict';
import { pino } from 'pino';
import { AccessPolicy } from '../../src/access/policy.js';
import { createCommandHandler } from '../../src/commands/handle-command.js';
import type { LookupRequest } from '../../src/participants/outcome.js';
import { participantSchema, type Participant } from '../../src/participants/schema.js';
import { WATCH_NOT_HERE, watchesFullText, allWatchesFullText, NOT_WATCHING } from '../../src/replies/messages.js';
import type { Reply } from '../../src/replies/reply.js';
import { MemoryWatchStore, type WatchStore } from '../../src/watches/store.js';
import { WATCH_LIMITS, type Watch } from '../../src/watches/watch.js';
import { seedExampleBody } from '../support/fixtures.js';
import { recordingTrail } from '../support/audit.js';
import { fakeMeetings } from '../support/fake-meetings.js';

const HOST = 'hana.host@example.com';
const ADMIN = 'ada.admin@example.com';
const STRANGER = 'sam.stranger@example.com';
const MEETING_ID = 'aaaabbbbccccddddeeeeffff00001111';
const NOW = Date.UTC(2026, 10, 30, 10);

const idOf = (n: number) => `${MEETING_ID}_00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const person = (n: number, extra: object = {}): Participant =>
  participantSchema.parse({ ...seedExampleBody, id: idOf(n), meetingId: MEETING_ID, hostEmail: HOST, displayName: `Person ${n}`, email: `p${n}@example.com`, state: 'lobby', ...extra });

const access = new AccessPolicy({ admins: [ADMIN], complianceOfficers: [], slackUsers: {} });

function setup(people: Participant[] = Array.from({ length: 30 }, (_, i) => person(i + 1)), store: WatchStore = new MemoryWatchStore(() => NOW)) {
  const byId = new Map(people.map((p) => [p.id, p]));
  const lookups: LookupRequest[] = [];
  const { audit, records } = recordingTrail();
  const handle = createCommandHandler({
    access,
    // As Webex filters: a host filter that is not the meeting's host finds nothing.
    participants: {
      lookup: async (request) => {
        lookups.push(request);
        const found = byId.get(request.participantId);
        return found !== undefined && (request.hostEmail === undefined || request.hostEmail === found.hostEmail)
          ? { ok: true, participant: found }
          : { ok: false, failure: { kind: 'notFound', status: 404 } };
      },
    },
    meetings: fakeMeetings([{ meetingId: MEETING_ID, hostEmail: HOST, participants: people }]),
    logger: pino({ level: 'silent' }),
    audit,
    watches: { store, canNotify: (platform) => platform === 'webex' || platform === 'slack', now: () => NOW },
  });
  const ask = (email: string, text: string, where: { platform?: string; userId?: string } = {}): Promise<Reply> =>
    handle({ platform: where.platform ?? 'webex', email, userId: where.userId ?? `user-${email}` }, text);
  return { ask, store, lookups, records };
}

const textOf = (reply: Reply) => (reply.kind === 'watch' ? reply.text : assert.fail(JSON.stringify(reply)));

describe('the watch commands', () => {
  it('starts a watch for the host after the same lookup participant makes, where the alerts will go', async () => {
    const { ask, store, lookups, records } = setup();
    const reply = await ask('Hana.Host@example.com', `watch ${idOf(1)}`, { platform: 'slack', userId: 'U0HANA' });
    assert.match(textOf(reply), /^Watching Person 1 \(now: Waiting in the lobby\)\. I will tell you privately each time they join, move or leave, for 12 hours\.$/);
    assert.deepEqual(reply.kind === 'watch' && reply.buttons.map((b) => [b.label, b.command]), [
      ['Details', `participant ${idOf(1)}`],
      ['Stop watching', `watch stop ${idOf(1)}`],
    ]);
    assert.deepEqual(lookups, [{ participantId: idOf(1), hostEmail: HOST, requesterKey: HOST }]);
    const [watch] = await store.ofRequester(HOST);
    assert.deepEqual(watch, {
      platform: 'slack',
      userId: 'U0HANA',
      email: HOST,
      participantId: idOf(1),
      hostFilter: HOST,
      name: 'Person 1',
      state: 'lobby',
      // The requester read times in no zone of their own: the alerts will be in UTC.
      timeZone: 'UTC',
      createdAt: NOW,
      expiresAt: NOW + 12 * 3_600_000,
    } satisfies Watch);
    assert.deepEqual(records.map((r) => [r.command, r.outcome]), [['participant', 'found'], ['watchStart', 'added']]);
  });

  it('starts no watch for someone who may not see the participant: the not-found reply, word for word', async () => {
    const { ask, store, records } = setup();
    assert.deepEqual(await ask(STRANGER, `watch ${idOf(1)}`), { kind: 'notFound', subject: { participantId: idOf(1) } });
    assert.deepEqual(await ask(STRANGER, `watch p1@example.com in ${MEETING_ID}`), { kind: 'notFound', subject: { email: 'p1@example.com', meeting: MEETING_ID } });
    assert.equal(await store.count(), 0);
    assert.ok(!records.some((r) => r.command === 'watchStart'));
  });

  it('lets an admin name the host, kept for the alerts\u2019 Details', async () => {
    const { ask, store } = setup();
    await ask(ADMIN, `watch ${idOf(2)} ${HOST}`);
    const [watch] = await store.ofRequester(ADMIN);
    assert.deepEqual([watch?.hostEmail, watch?.hostFilter], [HOST, HOST]);
  });

  it('watches someone by email in a meeting; with several records, offers a Watch button for each', async () => {
    const twice = [person(1, { email: 'lea@example.com', state: 'end' }), person(2, { email: 'lea@example.com', state: 'joined' })];
    const { ask, store } = setup([person(3, { email: 'joe@example.com' }), ...twice]);
    assert.match(textOf(await ask(HOST, `watch joe@example.com in ${MEETING_ID}`)), /^Watching Person 3/);
    const several = await ask(HOST, `watch lea@example.com in ${MEETING_ID}`);
    assert.equal(several.kind, 'roster');
    assert.deepEqual(several.kind === 'roster' && several.details.map((b) => [b.label, b.command]).sort(), [
      ['Watch', `watch ${idOf(1)}`],
      ['Watch', `watch ${idOf(2)}`],
    ]);
    assert.deepEqual((await store.ofRequester(HOST)).map((w) => w.participantId), [idOf(3)]);
  });

  it('watches nobody who has left for good, and renews a watch started again', async () => {
    const gone = person(4, { state: 'end', leftTime: '2026-11-30T09:00:00Z' });
    const { ask, store, records } = setup([gone, person(5)]);
    assert.match(textOf(await ask(HOST, `watch ${gone.id}`)), /has left and the meeting is over: there is nothing to watch/);
    await ask(HOST, `watch ${idOf(5)}`);
    await ask(HOST, `watch ${idOf(5)}`);
    assert.equal(await store.count(), 1);
    assert.deepEqual(records.filter((r) => r.command === 'watchStart').map((r) => r.outcome), ['added', 'renewed']);
  });

  it('allows 20 watches a requester, then says so and starts none', async () => {
    const { ask, store } = setup();
    for (let n = 1; n <= WATCH_LIMITS.perRequester; n += 1) await ask(HOST, `watch ${idOf(n)}`);
    assert.equal(textOf(await ask(HOST, `watch ${idOf(21)}`)), watchesFullText(20));
    assert.equal((await store.ofRequester(HOST)).length, 20);
    // Someone else still may.
    assert.match(textOf(await ask(ADMIN, `watch ${idOf(21)}`)), /^Watching/);
  });

  it('says so when the bot watches as many as it can for everyone', async () => {
    const { ask, store } = setup();
    for (let n = 0; n < WATCH_LIMITS.total; n += 1) {
      await store.add({ platform: 'webex', userId: `U${n}`, email: `someone${n}@example.com`, participantId: `x${n}`, name: 'x', state: 'lobby', createdAt: NOW, expiresAt: NOW + 1000 }, WATCH_LIMITS);
    }
    assert.equal(textOf(await ask(ADMIN, `watch ${idOf(1)}`)), allWatchesFullText(5000));
    assert.equal(await store.count(), 5000);
  });

  it('lists the requester\u2019s own watches, and stops one or all of them', async () => {
    const { ask, store, records } = setup();
    await ask(HOST, `watch ${idOf(1)}`);
    await ask(HOST, `watch ${idOf(2)}`);
    await ask(ADMIN, `watch ${idOf(3)}`);
    const list = await ask(HOST, 'watch list');
    assert.equal(textOf(list), 'You are watching 2 participants. Stop one with watch stop <participantId>.');
    assert.deepEqual(list.kind === 'watch' && list.facts.map((f) => f.label), ['Person 1', 'Person 2']);
    assert.match(list.kind === 'watch' ? (list.facts[0]?.value ?? '') : '', new RegExp(`^Waiting in the lobby · Until 22:00 UTC · ${idOf(1)}$`));

    assert.equal(textOf(await ask(HOST, `watch stop ${idOf(3)}`)), NOT_WATCHING, 'another requester\u2019s watch is not theirs to stop');
    assert.equal(textOf(await ask(HOST, `watch stop ${idOf(1)}`)), 'Stopped watching Person 1.');
    assert.equal(textOf(await ask(HOST, 'watch stop all')), 'Stopped all your watches (1).');
    assert.equal(textOf(await ask(HOST, 'watch list')), 'You are not watching anyone. Start with watch <participantId>, or the Watch button on a participant.');
    assert.deepEqual((await store.ofRequester(ADMIN)).map((w) => w.participantId), [idOf(3)]);
    assert.deepEqual(records.filter((r) => r.command === 'watchEnd').map((r) => [r.participantId, r.outcome]), [[idOf(1), 'stopped'], [idOf(2), 'stopped']]);
  });

  it('says watches need Webex or Slack to the CLI and the playground, and asks Webex nothing', async () => {
    const { ask, lookups, store } = setup();
    assert.equal(textOf(await ask(HOST, `watch ${idOf(1)}`, { platform: 'cli' })), WATCH_NOT_HERE);
    assert.equal(textOf(await ask(HOST, 'watch list', { platform: 'playground' })), WATCH_NOT_HERE);
    assert.deepEqual([lookups.length, await store.count()], [0, 0]);
  });

  it('never asks Webex for a watch command it does not understand', async () => {
    const { ask, lookups } = setup();
    for (const text of ['watch ../../people/me', 'watch stop everyone', 'watch list please']) {
      assert.equal((await ask(HOST, text)).kind, 'usage', text);
    }
    assert.equal(lookups.length, 0);
  });

  it('answers "something went wrong on my side" when the store is away (Redis down), audited', async () => {
    const away = () => Promise.reject(new Error('Connection is closed.'));
    const broken: WatchStore = { add: away, remove: away, ofRequester: away, ofParticipant: away, participants: away, expired: away, count: away, setState: away, claimChange: away, takePoll: away };
    const { ask, records } = setup(undefined, broken);
    assert.deepEqual(await ask(HOST, `watch ${idOf(1)}`), { kind: 'error', error: { code: 'internal' } });
    assert.deepEqual(await ask(HOST, 'watch stop all'), { kind: 'error', error: { code: 'internal' } });
    assert.deepEqual(await ask(HOST, 'watch list'), { kind: 'error', error: { code: 'internal' } });
    assert.deepEqual(records.map((r) => [r.command, r.outcome]), [['participant', 'found'], ['watchStart', 'internal'], ['watchEnd', 'internal']]);
  });
});
