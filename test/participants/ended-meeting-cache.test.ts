import assert from 'node:assert/strict';
import { pino } from 'pino';
import { AccessPolicy } from '../../src/access/policy.js';
import { createCommandHandler } from '../../src/commands/handle-command.js';
import { createEndedMeetingCache } from '../../src/participants/ended-meeting-cache.js';
import { createWebexParticipantsClient } from '../../src/participants/webex-client.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';
import { NO_MEETINGS } from '../support/fake-meetings.js';

const ENDED = '560d7b784f5143e3be2fc3064a5c4999_3c2e2338-e950-43bf-b588-573773ee43d1';
const LIVE = '560d7b784f5143e3be2fc3064a5c4998_3c2e2338-e950-43bf-b588-573773ee43d1';
const HOST = 'host@example.com';

describe('cache of ended meetings', () => {
  let emulator: WebexEmulator;
  let now: number;

  beforeEach(async () => {
    emulator = await startWebexEmulator();
    emulator.addParticipant({ id: ENDED, meetingId: 'm1', hostEmail: HOST, state: 'end', leftTime: '2024-05-01T10:00:00Z' });
    emulator.addParticipant({ id: LIVE, meetingId: 'm2', hostEmail: HOST, state: 'joined' });
    now = 1_000_000;
  });
  afterEach(() => emulator.close());

  const cache = (options: { ttlMs?: number; maxEntries?: number } = {}) =>
    createEndedMeetingCache({
      source: createWebexParticipantsClient({ baseUrl: emulator.baseUrl, token: () => emulator.apiToken, timeoutMs: 1000 }),
      now: () => now,
      ...options,
    });

  it('answers again about an ended meeting from the cache until the ttl passes', async () => {
    const source = cache({ ttlMs: 60_000 });
    assert.ok((await source.lookup({ participantId: ENDED })).ok);
    now += 59_000;
    assert.ok((await source.lookup({ participantId: ENDED })).ok);
    assert.equal(emulator.requests.length, 1);
    now += 2_000;
    await source.lookup({ participantId: ENDED });
    assert.equal(emulator.requests.length, 2);
  });

  it('does not keep live meetings, failures, or an "end" without a real leftTime', async () => {
    emulator.addParticipant({ id: ENDED, meetingId: 'm1', hostEmail: HOST, state: 'end', leftTime: '' });
    const source = cache();
    for (const participantId of [LIVE, LIVE, ENDED, ENDED]) await source.lookup({ participantId });
    const missing = `${'0'.repeat(32)}_3c2e2338-e950-43bf-b588-573773ee43d1`;
    await source.lookup({ participantId: missing });
    await source.lookup({ participantId: missing });
    assert.equal(emulator.requests.length, 6);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const source = cache({ maxEntries: 1 });
    await source.lookup({ participantId: ENDED });
    await source.lookup({ participantId: ENDED, hostEmail: HOST });
    await source.lookup({ participantId: ENDED });
    assert.equal(emulator.requests.length, 3);
  });

  it('never widens access: a stranger gets not-found from a cached answer, word for word', async () => {
    const participants = cache();
    const access = new AccessPolicy({ admins: ['ada.admin@example.com'], complianceOfficers: [], slackUsers: {} });
    const handle = createCommandHandler({ meetings: NO_MEETINGS, access, participants, logger: pino({ level: 'silent' }) });
    // The admin's unfiltered answer is now cached; the host's own filtered one is another key.
    const admin = await handle({ platform: 'cli', email: 'ada.admin@example.com' }, `participant ${ENDED}`);
    assert.equal(admin.kind, 'participant');
    const stranger = await handle({ platform: 'cli', email: 'mallory@example.com' }, `participant ${ENDED}`);
    assert.deepEqual(stranger, { kind: 'notFound', subject: { participantId: ENDED } });
    const host = await handle({ platform: 'cli', email: HOST }, `participant ${ENDED}`);
    assert.equal(host.kind, 'participant');
    assert.deepEqual(
      emulator.requests.map((request) => request.query.hostEmail),
      [undefined, 'mallory@example.com', HOST],
      'each filter asked Webex itself; the cached unfiltered answer served none of them',
    );
  });

  it('refuses a stranger even when the cache holds an answer for their very request', async () => {
    const participants = cache();
    const access = new AccessPolicy({ admins: [], complianceOfficers: [], slackUsers: {} });
    const handle = createCommandHandler({ meetings: NO_MEETINGS, access, participants, logger: pino({ level: 'silent' }) });
    // Suppose Webex ignored the host filter once: the answer (someone else's meeting) is cached.
    const body = { id: ENDED, meetingId: 'm1', hostEmail: HOST, state: 'end', leftTime: '2024-05-01T10:00:00Z' };
    emulator.failNext(1, { status: 200, body });
    const asked = { platform: 'cli', email: 'mallory@example.com' } as const;
    const first = await handle(asked, `participant ${ENDED}`);
    const second = await handle(asked, `participant ${ENDED}`);
    assert.equal(emulator.requests.length, 1, 'the second answer came from the cache');
    assert.deepEqual(first, { kind: 'notFound', subject: { participantId: ENDED } });
    assert.deepEqual(second, first);
  });
});
