import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createCoreServices, type CoreServices, type CoreTuning } from '../../src/services.js';
import { liveMeeting, MEETING_HOST } from '../support/meetings.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';

/** `core.meetings` as createCoreServices builds it: the same limiter, pause and fair queue as lookups. */
describe('core.meetings through createCoreServices', () => {
  let emulator: WebexEmulator;
  let core: CoreServices;

  const startCore = async (tuning: CoreTuning = {}) => {
    core = await createCoreServices({
      logger: pino({ level: 'silent' }),
      webexApi: { baseUrl: emulator.baseUrl, token: emulator.apiToken, ratePerMinute: 60_000 },
      access: { admins: ['ada.admin@example.com'], complianceOfficers: [], slackUsers: {} },
      tuning: { timeUnitMs: 10, ...tuning },
    });
  };

  beforeEach(async () => {
    emulator = await startWebexEmulator();
  });
  afterEach(async () => {
    await core.close();
    await emulator.close();
  });

  const rosterCalls = () => emulator.requests.filter((request) => request.path === '/v1/meetingParticipants');

  it('20 admins asking at once for the same 250-person roster cost 3 calls in all, and each gets all 250', async () => {
    await startCore();
    const meeting = liveMeeting(1, 250);
    emulator.addMeeting(meeting);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => core.meetings.roster({ meetingId: meeting.id, requesterKey: `admin${index}@example.com` })),
    );
    for (const answer of answers) {
      assert.ok(answer.ok);
      assert.deepEqual([answer.participants.length, answer.complete], [250, true]);
    }
    assert.equal(rosterCalls().length, 3);
  });

  it('does not share a roster between different host filters', async () => {
    await startCore();
    const meeting = liveMeeting(1, 150);
    emulator.addMeeting(meeting);
    const [host, admin, other] = await Promise.all([
      core.meetings.roster({ meetingId: meeting.id, hostEmail: MEETING_HOST }),
      core.meetings.roster({ meetingId: meeting.id }),
      core.meetings.roster({ meetingId: meeting.id, hostEmail: 'otto.other@example.com' }),
    ]);
    assert.ok(host.ok && admin.ok);
    assert.equal(other.ok === false && other.failure.kind, 'notFound', 'the other host\u2019s filter was not served from the shared fetch');
    assert.equal(rosterCalls().length, 2 + 2 + 1);
  });

  it('takes a turn per page: a lookup asked while rosters are read is answered before they finish', async () => {
    await startCore({ maxConcurrent: 1 });
    const meetings = [1, 2, 3].map((index) => liveMeeting(index, 500));
    for (const meeting of meetings) emulator.addMeeting(meeting);
    const someone = meetings[0]?.participants?.[0];
    assert.ok(someone);
    emulator.addParticipant(someone);
    const finished: string[] = [];
    const rosters = meetings.map((meeting, index) =>
      core.meetings.roster({ meetingId: meeting.id, requesterKey: 'ada.admin@example.com' }).then((outcome) => {
        finished.push(`roster ${index + 1}`);
        return outcome;
      }),
    );
    const lookup = core.participants.lookup({ participantId: someone.id, requesterKey: 'olga.officer@example.com' }).then((outcome) => {
      finished.push('lookup');
      return outcome;
    });
    const outcomes = await Promise.all([...rosters, lookup]);
    assert.ok(outcomes.every((outcome) => outcome.ok));
    assert.equal(finished[0], 'lookup', `finished in the order ${finished.join(', ')}`);
    assert.equal(rosterCalls().length, 15);
  });

  it('counts each page as one request to Webex in the metrics', async () => {
    await startCore();
    const meeting = liveMeeting(1, 250);
    emulator.addMeeting(meeting);
    await core.meetings.roster({ meetingId: meeting.id });
    const text = await core.metrics.registry.metrics();
    assert.match(text, /^participant_bot_webex_request_duration_seconds_count\{result="ok"\} 3$/m);
  });
});
