import assert from 'node:assert/strict';
import { pino } from 'pino';
import { AccessPolicy } from '../../src/access/policy.js';
import { createCommandHandler, type CommandHandler } from '../../src/commands/handle-command.js';
import type { MeetingSource } from '../../src/participants/meetings.js';
import { participantSchema, type Participant } from '../../src/participants/schema.js';
import { renderMarkdown, renderPlainText } from '../../src/render/text.js';
import type { Reply } from '../../src/replies/reply.js';
import { seedExampleBody } from '../support/fixtures.js';
import { recordingTrail } from '../support/audit.js';
import { fakeMeetings, type FakeMeeting } from '../support/fake-meetings.js';

const HOST = 'hana.host@example.com';
const OTHER_HOST = 'otto.other@example.com';
const ADMIN = 'ada.admin@example.com';
const OFFICER = 'olga.officer@example.com';
const STRANGER = 'sam.stranger@example.com';
const MEETING_ID = 'aaaabbbbccccddddeeeeffff00001111';
const PHONE = seedExampleBody.devices[0].phoneNumber;

let next = 0;
function person(state: string, name: string, extra: Partial<Participant> = {}): Participant {
  next += 1;
  const uuid = `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`;
  return participantSchema.parse({
    ...seedExampleBody,
    id: `${MEETING_ID}_${uuid}`,
    meetingId: MEETING_ID,
    hostEmail: HOST,
    displayName: name,
    email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.com`,
    state,
    joinedTime: `2026-11-30T10:${String(10 + next).padStart(2, '0')}:00.000Z`,
    ...extra,
  });
}

const joe = person('joined', 'Joe Joined');
const lara = person('lobby', 'Lara Lobby');
const bea = person('breakoutSession', 'Bea Breakout');
const lou = person('end', 'Lou Left');
const joeAgain = person('end', 'Joe Joined', { email: joe.email });
const meeting: FakeMeeting = {
  meetingId: MEETING_ID,
  meetingNumber: '25531234567',
  webLink: 'https://acme.webex.com/meet/hana',
  hostEmail: HOST,
  participants: [joe, lara, bea, lou, joeAgain],
};

const access = new AccessPolicy({ admins: [ADMIN], complianceOfficers: [OFFICER], slackUsers: {} });

function setup(meetings: MeetingSource = fakeMeetings([meeting])) {
  const { audit, records } = recordingTrail();
  const handle = createCommandHandler({
    access,
    participants: { lookup: () => Promise.reject(new Error('no lookup by id expected')) },
    meetings,
    logger: pino({ level: 'silent' }),
    audit,
  });
  const ask = (email: string, text: string) => handle({ platform: 'cli', email }, text);
  return { ask, records, handle: handle as CommandHandler };
}

const rosterOf = (reply: Reply) => {
  assert.equal(reply.kind, 'roster', JSON.stringify(reply));
  return reply.kind === 'roster' ? reply : assert.fail();
};

describe('participants <meeting>', () => {
  it('shows the host the roster of their meeting by number: totals by state, lobby first, a Details button each', async () => {
    const fake = fakeMeetings([meeting]);
    const { ask } = setup(fake);
    const reply = rosterOf(await ask(HOST, 'participants 2553 123 4567'));
    assert.deepEqual(reply.roster.totals, { lobby: 1, joined: 1, breakoutSession: 1, left: 2, other: 0 });
    assert.equal(reply.roster.meeting, '2553 123 4567');
    assert.deepEqual(reply.roster.lines.map((l) => l.name), ['Lara Lobby', 'Joe Joined', 'Bea Breakout', 'Lou Left', 'Joe Joined']);
    assert.deepEqual(reply.details.map((b) => b.command), reply.roster.lines.map((l) => `participant ${l.participantId}`));
    assert.deepEqual(reply.buttons, [{ label: 'Refresh', command: 'participants 25531234567', replaces: true }]);
    // Asked as the host on every call, never relying on Webex's filter alone.
    assert.deepEqual(fake.calls.map((c) => [c.call, c.request.hostEmail]), [['resolve', HOST], ['roster', HOST]]);
  });

  it('gives a stranger, word for word, the reply for a meeting that does not exist', async () => {
    const { ask } = setup();
    const refused = await ask(STRANGER, 'participants 2553 123 4567');
    const missing = await ask(HOST, 'participants 9999 999 9999');
    assert.deepEqual(refused, { kind: 'notFound', subject: { meeting: '25531234567' } });
    assert.equal(renderMarkdown(refused).replace('25531234567', ''), renderMarkdown(missing).replace('99999999999', ''));
    // By id, the roster call itself finds nothing for them.
    assert.deepEqual(await ask(STRANGER, `participants ${MEETING_ID}`), { kind: 'notFound', subject: { meeting: MEETING_ID } });
  });

  it('drops the records of someone else\u2019s meeting even when Webex returns them, and says not found when none are left', async () => {
    // A Webex that ignored the host filter: every record carries another host.
    const leaky: MeetingSource = {
      resolve: async () => ({ ok: true, meeting: { meetingId: MEETING_ID } }),
      roster: async () => ({ ok: true, participants: [{ ...joe, hostEmail: OTHER_HOST }, lara], complete: true }),
      queryByEmail: async () => ({ ok: true, participants: [{ ...joe, hostEmail: OTHER_HOST }], complete: true }),
    };
    const { ask, records } = setup(leaky);
    const partly = rosterOf(await ask(HOST, `participants ${MEETING_ID}`));
    assert.deepEqual(partly.roster.lines.map((l) => l.name), ['Lara Lobby']);
    assert.deepEqual(await ask(STRANGER, `participants ${MEETING_ID}`), { kind: 'notFound', subject: { meeting: MEETING_ID } });
    assert.deepEqual(await ask(HOST, `participant ${joe.email} in ${MEETING_ID}`), {
      kind: 'notFound',
      subject: { email: joe.email, meeting: MEETING_ID },
    });
    assert.deepEqual(records.map((r) => [r.requester, r.command, r.decision, r.outcome, r.shown]), [
      [HOST, 'roster', 'allowed', 'found', 1],
      [STRANGER, 'roster', 'denied', 'notHost', 0],
      [HOST, 'participantByEmail', 'denied', 'notHost', 0],
    ]);
  });

  it('lets an admin see any meeting and name the host, which every button repeats', async () => {
    const fake = fakeMeetings([meeting]);
    const { ask } = setup(fake);
    const reply = rosterOf(await ask(ADMIN, `participants https://acme.webex.com/meet/hana ${HOST}`));
    assert.equal(reply.roster.lines.length, 5);
    assert.deepEqual(fake.calls.map((c) => c.request.hostEmail), [HOST, HOST]);
    assert.equal(reply.buttons[0]?.command, `participants https://acme.webex.com/meet/hana ${HOST}`);
    assert.ok(reply.details.every((b) => b.command.endsWith(` ${HOST}`)));
    const unnamed = rosterOf(await ask(ADMIN, `participants ${MEETING_ID}`));
    assert.equal(unnamed.buttons[0]?.command, `participants ${MEETING_ID}`);
  });

  it('ignores the host a host names, as for one participant', async () => {
    const fake = fakeMeetings([meeting]);
    const { ask } = setup(fake);
    const reply = await ask(STRANGER, `participants ${MEETING_ID} ${HOST}`);
    assert.equal(reply.kind, 'notFound');
    assert.deepEqual(fake.calls.map((c) => [c.call, c.request.hostEmail]), [['resolve', STRANGER], ['roster', STRANGER]]);
    // A host naming another host on their own meeting: asked as themselves, and no button repeats the name.
    const own = rosterOf(await ask(HOST, `participants ${MEETING_ID} ${OTHER_HOST}`));
    assert.deepEqual([...own.details, ...own.buttons].filter((b) => b.command.includes(OTHER_HOST)), []);
  });

  it('says "at least" when the roster was longer than the bot reads', async () => {
    const { ask } = setup(fakeMeetings([{ ...meeting, incomplete: true }]));
    const reply = rosterOf(await ask(ADMIN, `participants ${MEETING_ID}`));
    assert.equal(reply.roster.complete, false);
    assert.match(renderMarkdown(reply), /at least 5 in all/);
  });

  it('lists 25 people at most, then says how many more', async () => {
    const many = Array.from({ length: 30 }, (_, i) => person('joined', `Person ${i}`));
    const { ask } = setup(fakeMeetings([{ ...meeting, participants: many }]));
    const reply = rosterOf(await ask(HOST, `participants ${MEETING_ID}`));
    assert.equal(reply.roster.lines.length, 25);
    assert.equal(reply.details.length, 25);
    assert.equal(reply.roster.notListed, 5);
    assert.match(renderMarkdown(reply), /and 5 more/);
  });

  it('names the missing scope when the token may not list meetings, and points to the meeting id', async () => {
    const noScope: MeetingSource = {
      resolve: async () => ({ ok: false, failure: { kind: 'forbidden', status: 403, trackingId: 'T-403' } }),
      roster: () => Promise.reject(new Error('no roster without a meeting')),
      queryByEmail: () => Promise.reject(new Error('no query without a meeting')),
    };
    const { ask } = setup(noScope);
    const reply = await ask(ADMIN, 'participants 2553 123 4567');
    assert.deepEqual(reply, { kind: 'error', error: { code: 'missingScope', trackingId: 'T-403' } });
    assert.match(renderPlainText(reply), /meeting:admin_schedule_read.*meeting id/s);
  });

  it('answers a failed page as an error with its trackingId, never as part of a roster', async () => {
    const failing: MeetingSource = {
      resolve: async () => ({ ok: true, meeting: { meetingId: MEETING_ID } }),
      roster: async () => ({ ok: false, failure: { kind: 'invalidBody', status: 200, trackingId: 'T-bad' } }),
      queryByEmail: () => Promise.reject(new Error('unused')),
    };
    const { ask } = setup(failing);
    assert.deepEqual(await ask(ADMIN, `participants ${MEETING_ID}`), { kind: 'error', error: { code: 'invalidAnswer', trackingId: 'T-bad' } });
  });

  it('answers a broken source with the plain internal error, audited', async () => {
    const broken: MeetingSource = {
      resolve: () => Promise.reject(new Error('Redis went away')),
      roster: () => Promise.reject(new Error('unused')),
      queryByEmail: () => Promise.reject(new Error('unused')),
    };
    const { ask, records } = setup(broken);
    assert.deepEqual(await ask(ADMIN, `participants ${MEETING_ID}`), { kind: 'error', error: { code: 'internal' } });
    assert.deepEqual(records.map((r) => [r.command, r.outcome]), [['roster', 'internal']]);
  });
});

describe('participants <meeting> csv', () => {
  it('sends every record the requester may see as a CSV file, all of them, with a line saying what it is', async () => {
    const many = Array.from({ length: 30 }, (_, i) => person('joined', `Person ${i}`));
    const { ask, records } = setup(fakeMeetings([{ ...meeting, participants: many }]));
    const reply = await ask(HOST, 'participants 2553 123 4567 csv');
    assert.equal(reply.kind, 'file');
    if (reply.kind !== 'file') return;
    assert.equal(reply.file.content.trim().split('\r\n').length, 31);
    assert.match(reply.file.name, /^participants-2553-123-4567-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.equal(reply.note, 'The participants of meeting 2553 123 4567 as a CSV file: 30 people.');
    assert.deepEqual(records.map((r) => [r.command, r.shown]), [['rosterCsv', 30]]);
  });

  it('has phone numbers for the compliance officer only, and nothing at all for a stranger', async () => {
    const { ask } = setup();
    const csvOf = async (email: string) => {
      const reply = await ask(email, `participants ${MEETING_ID} csv`);
      return reply.kind === 'file' ? reply.file.content : JSON.stringify(reply);
    };
    assert.ok((await csvOf(OFFICER)).includes(PHONE));
    assert.ok(!(await csvOf(ADMIN)).includes(PHONE));
    assert.ok(!(await csvOf(HOST)).includes(PHONE));
    assert.deepEqual(await ask(STRANGER, `participants ${MEETING_ID} csv`), { kind: 'notFound', subject: { meeting: MEETING_ID } });
  });
});

describe('participant <email> in <meeting>', () => {
  it('shows the one record as a participant card, with its Refresh and Watch by id', async () => {
    const { ask, records } = setup();
    const reply = await ask(HOST, `participant ${lara.email} in ${MEETING_ID}`);
    assert.equal(reply.kind, 'participant');
    assert.equal(reply.kind === 'participant' && reply.view.displayName, 'Lara Lobby');
    assert.deepEqual(reply.kind === 'participant' && reply.buttons.map((b) => b.command), [`participant ${lara.id}`, `watch ${lara.id}`]);
    assert.deepEqual(records.map((r) => [r.command, r.participantEmail, r.meetingId, r.shown]), [['participantByEmail', lara.email, MEETING_ID, 1]]);
  });

  it('shows every record of someone who joined twice', async () => {
    const { ask } = setup();
    const reply = rosterOf(await ask(HOST, `participant ${joe.email} in 2553 123 4567`));
    assert.deepEqual(reply.roster.lines.map((l) => l.participantId), [joe.id, joeAgain.id]);
  });

  it('shows phone numbers to the compliance officer only', async () => {
    const { ask } = setup();
    for (const [email, shown] of [[OFFICER, true], [ADMIN, false], [HOST, false]] as const) {
      const reply = await ask(email, `participant ${lara.email} in ${MEETING_ID}`);
      assert.equal(JSON.stringify(reply).includes(PHONE), shown, email);
    }
  });

  it('gives a stranger the same words as for someone who is not in the meeting', async () => {
    const { ask } = setup();
    const refused = await ask(STRANGER, `participant ${lara.email} in ${MEETING_ID}`);
    const absent = await ask(HOST, `participant nobody@example.com in ${MEETING_ID}`);
    assert.equal(renderMarkdown(refused).replace(lara.email ?? '', ''), renderMarkdown(absent).replace('nobody@example.com', ''));
  });
});
