import assert from 'node:assert/strict';
import { pino } from 'pino';
import sinon from 'sinon';
import { AccessPolicy } from '../../src/access/policy.js';
import { createCommandHandler, type Requester } from '../../src/commands/handle-command.js';
import type { LookupOutcome, ParticipantSource } from '../../src/participants/outcome.js';
import { participantSchema } from '../../src/participants/schema.js';
import { seedExampleBody } from '../support/fixtures.js';
import { NO_MEETINGS } from '../support/fake-meetings.js';

const ID = seedExampleBody.id;
const participant = participantSchema.parse(seedExampleBody);
const access = new AccessPolicy({
  admins: ['ada.admin@example.com'],
  complianceOfficers: ['olga.officer@example.com'],
  slackUsers: {},
});
const as = (email: string | undefined): Requester => ({ platform: 'cli', email });

function setup(outcome: LookupOutcome) {
  const lookup = sinon.stub<Parameters<ParticipantSource['lookup']>, ReturnType<ParticipantSource['lookup']>>();
  lookup.resolves(outcome);
  const logger = pino({ level: 'silent' });
  const errorLog = sinon.spy(logger, 'error');
  const handle = createCommandHandler({ meetings: NO_MEETINGS, access, participants: { lookup }, logger });
  return { handle, lookup, errorLog };
}

describe('command handler', () => {
  it('reads the reply\u2019s times in the requester\u2019s zone, against the clock it was given', async () => {
    const lookup = async (): Promise<LookupOutcome> => ({ ok: true, participant: participantSchema.parse({ ...seedExampleBody, state: 'joined' }) });
    const now = () => new Date('2022-10-25T09:12:00Z');
    const handle = createCommandHandler({ meetings: NO_MEETINGS, access, participants: { lookup }, logger: pino({ level: 'silent' }), now });
    const status = async (timeZone?: string) => {
      const reply = await handle({ platform: 'cli', email: 'janedoe@cisco.com', timeZone }, `participant ${ID}`);
      return reply.kind === 'participant' ? reply.view.status.detail : reply.kind;
    };
    assert.equal(await status('Europe/Berlin'), 'for 12 min, since 11:00 CEST');
    assert.equal(await status('America/Los_Angeles'), 'for 12 min, since 02:00 PDT');
    assert.equal(await status(undefined), 'for 12 min, since 09:00 UTC');
    assert.equal(await status('Mars/Olympus'), 'for 12 min, since 09:00 UTC');
  });

  it('shows the host their participant, asking Webex with their own email', async () => {
    const { handle, lookup } = setup({ ok: true, participant, trackingId: 't1' });
    const reply = await handle(as('JaneDoe@cisco.com'), `participant ${ID}`);
    assert.equal(reply.kind, 'participant');
    assert.deepEqual(lookup.firstCall.args[0], { participantId: ID, hostEmail: 'janedoe@cisco.com', requesterKey: 'janedoe@cisco.com' });
  });

  it('ignores the host a non-admin names, and filters by their own email instead', async () => {
    const { handle, lookup } = setup({ ok: false, failure: { kind: 'notFound' } });
    await handle(as('mallory@example.com'), `participant ${ID} janedoe@cisco.com`);
    assert.equal(lookup.firstCall.args[0].hostEmail, 'mallory@example.com');
  });

  it('refuses a stranger with exactly the not-found reply, even if Webex returned the participant', async () => {
    const stranger = await setup({ ok: true, participant }).handle(as('mallory@example.com'), `participant ${ID}`);
    const missing = await setup({ ok: false, failure: { kind: 'notFound', status: 404 } }).handle(
      as('mallory@example.com'),
      `participant ${ID}`,
    );
    assert.deepEqual(stranger, { kind: 'notFound', subject: { participantId: ID } });
    assert.deepEqual(missing, stranger);
  });

  it('answers a host\u2019s 400 from Webex\u2019s own host filter like not-found too', async () => {
    const reply = await setup({ ok: false, failure: { kind: 'badRequest', status: 400 } }).handle(
      as('mallory@example.com'),
      `participant ${ID}`,
    );
    assert.deepEqual(reply, { kind: 'notFound', subject: { participantId: ID } });
  });

  it('lets an admin name the host and see the participant, without phone numbers', async () => {
    const { handle, lookup } = setup({ ok: true, participant });
    const reply = await handle(as('ada.admin@example.com'), `participant ${ID} JaneDoe@cisco.com`);
    assert.deepEqual(lookup.firstCall.args[0], { participantId: ID, hostEmail: 'janedoe@cisco.com', requesterKey: 'ada.admin@example.com' });
    assert.ok(reply.kind === 'participant');
    assert.equal(reply.view.devices[0]?.phoneNumber, undefined);
  });

  it('shows the compliance officer the phone number', async () => {
    const reply = await setup({ ok: true, participant }).handle(as('olga.officer@example.com'), `participant ${ID}`);
    assert.ok(reply.kind === 'participant');
    assert.equal(reply.view.devices[0]?.phoneNumber, '745273328');
  });

  it('never calls Webex for help, usage or a malformed id', async () => {
    const { handle, lookup } = setup({ ok: true, participant });
    assert.deepEqual(await handle(as('jane@example.com'), 'help'), { kind: 'help' });
    assert.equal((await handle(as('jane@example.com'), 'participant ../../people/me')).kind, 'usage');
    assert.equal((await handle(as('jane@example.com'), 'hello there')).kind, 'usage');
    assert.equal(lookup.callCount, 0);
  });

  it('tells a requester without an email that it cannot tell who they are, and asks nobody', async () => {
    const { handle, lookup } = setup({ ok: true, participant });
    assert.deepEqual(await handle(as(undefined), `participant ${ID}`), {
      kind: 'error',
      error: { code: 'unknownRequester' },
    });
    assert.equal(lookup.callCount, 0);
  });

  it('turns a revoked token into a plain error for the user and a loud log for the operator', async () => {
    const { handle, errorLog } = setup({ ok: false, failure: { kind: 'unauthorized', status: 401, trackingId: 'trk-1' } });
    const reply = await handle(as('ada.admin@example.com'), `participant ${ID}`);
    assert.deepEqual(reply, { kind: 'error', error: { code: 'configuration', trackingId: 'trk-1' } });
    assert.equal(errorLog.callCount, 1);
    assert.match(String(errorLog.firstCall.args[1]), /meeting:admin_participants_read/);
  });

  it('keeps Webex\u2019s tracking id, the wait and who said wait when Webex is busy or down', async () => {
    const busy = await setup({
      ok: false,
      failure: { kind: 'busy', busyBecause: 'webex', retryAfterSeconds: 120, trackingId: 'trk-2' },
    }).handle(as('ada.admin@example.com'), `participant ${ID}`);
    assert.deepEqual(busy, {
      kind: 'error',
      error: { code: 'busy', busyBecause: 'webex', trackingId: 'trk-2', retryAfterSeconds: 120 },
    });
    const full = await setup({ ok: false, failure: { kind: 'busy', busyBecause: 'queue', retryAfterSeconds: 20 } }).handle(
      as('ada.admin@example.com'),
      `participant ${ID}`,
    );
    assert.deepEqual(full, { kind: 'error', error: { code: 'busy', busyBecause: 'queue', retryAfterSeconds: 20 } });
    const down = await setup({ ok: false, failure: { kind: 'gatewayTimeout', status: 504, trackingId: 'trk-3' } }).handle(
      as('ada.admin@example.com'),
      `participant ${ID}`,
    );
    assert.deepEqual(down, { kind: 'error', error: { code: 'webexUnavailable', trackingId: 'trk-3' } });
  });

  it('reports an unreadable Webex answer as such, with its tracking id', async () => {
    const reply = await setup({ ok: false, failure: { kind: 'invalidBody', trackingId: 'trk-4' } }).handle(
      as('ada.admin@example.com'),
      `participant ${ID}`,
    );
    assert.deepEqual(reply, { kind: 'error', error: { code: 'invalidAnswer', trackingId: 'trk-4' } });
  });
});

describe('command handler, when a source breaks', () => {
  it('answers a plain error instead of throwing, and logs the cause for the operator', async () => {
    const logger = pino({ level: 'silent' });
    const errorLog = sinon.spy(logger, 'error');
    const handle = createCommandHandler({
      meetings: NO_MEETINGS,
      access,
      participants: { lookup: sinon.stub().rejects(new Error('Redis connection lost')) },
      logger,
    });
    const reply = await handle(as('ada.admin@example.com'), `participant ${ID}`);
    assert.deepEqual(reply, { kind: 'error', error: { code: 'internal' } });
    assert.equal(errorLog.callCount, 1);
  });
});
