import assert from 'node:assert/strict';
import { createMeetingSource } from '../../src/participants/meeting-source.js';
import { createMemoryPauseGate } from '../../src/participants/pause-gate.js';
import type { MeetingSource, RecordsOutcome, ResolveOutcome } from '../../src/participants/meetings.js';
import { createRateLimitedSource, type RateLimitedSourceOptions } from '../../src/participants/rate-limited-source.js';
import { createWebexMeetingsClient } from '../../src/participants/webex-meetings-client.js';
import { createWebexParticipantsClient } from '../../src/participants/webex-client.js';
import { liveMeeting, MEETING_HOST, meetingIdOf } from '../support/meetings.js';
import { startWebexEmulator, type LoggedRequest, type WebexEmulator, type WebexEmulatorOptions } from '../support/webex-emulator.js';

/** One Retry-After second lasts this long here. */
const UNIT = 20;

function expectFailure(outcome: ResolveOutcome | RecordsOutcome) {
  assert.equal(outcome.ok, false, `expected a failure, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.failure;
}

function expectRecords(outcome: RecordsOutcome) {
  assert.ok(outcome.ok, `expected records, got ${JSON.stringify(outcome)}`);
  return outcome;
}

const rosterRequests = (emulator: WebexEmulator): LoggedRequest[] =>
  emulator.requests.filter((request) => request.path === '/v1/meetingParticipants');

describe('meeting source: List Meetings and the roster, paged and paced, against the emulator', () => {
  let emulator: WebexEmulator;
  /** Called after each answer leaves the emulator: a test scripts the next page's answer here. */
  let afterAnswer: (calls: number) => void;

  const start = async (options: WebexEmulatorOptions = {}) => {
    emulator = await startWebexEmulator(options);
  };

  const source = (overrides: Partial<RateLimitedSourceOptions> = {}): MeetingSource => {
    let calls = 0;
    const http = {
      baseUrl: emulator.baseUrl,
      token: () => emulator.apiToken,
      timeoutMs: 1000,
      fetch: async (input: string | URL | Request, init?: RequestInit) => {
        const response = await fetch(input, init);
        calls += 1;
        afterAnswer(calls);
        return response;
      },
    };
    const limited = createRateLimitedSource({
      source: createWebexParticipantsClient(http),
      ratePerMinute: 60_000,
      timeUnitMs: UNIT,
      baseDelayMs: 2,
      random: () => 0.5,
      ...overrides,
    });
    return createMeetingSource({ client: createWebexMeetingsClient(http), limited });
  };

  beforeEach(async () => {
    afterAnswer = () => {};
    await start();
  });
  afterEach(() => emulator.close());

  describe('resolve', () => {
    const NUMBER = '2640123456';
    const instance = (id: number, state: string, startAt: string) =>
      liveMeeting(id, 0, { meetingNumber: NUMBER, state, start: startAt, title: `${state} ${startAt}` });

    it('takes a meeting id as it is, without asking Webex', async () => {
      const outcome = await source().resolve({ meeting: { kind: 'id', meetingId: meetingIdOf(1) } });
      assert.deepEqual(outcome, { ok: true, meeting: { meetingId: meetingIdOf(1) } });
      assert.equal(emulator.requests.length, 0);
    });

    it('chooses the instance in progress over later ended ones, asking by number for meetings with the host filter', async () => {
      emulator.addMeeting(instance(1, 'ended', '2026-11-30T09:00:00Z'));
      emulator.addMeeting(instance(2, 'inProgress', '2026-11-30T10:00:00Z'));
      emulator.addMeeting(instance(3, 'ended', '2026-11-30T11:00:00Z'));
      const outcome = await source().resolve({ meeting: { kind: 'number', meetingNumber: NUMBER }, hostEmail: MEETING_HOST });
      assert.ok(outcome.ok);
      assert.deepEqual(outcome.meeting, { meetingId: meetingIdOf(2), meetingNumber: NUMBER, title: 'inProgress 2026-11-30T10:00:00Z' });
      assert.equal(outcome.trackingId, emulator.requests[0]?.trackingId);
      assert.deepEqual(emulator.requests[0]?.query, { meetingNumber: NUMBER, meetingType: 'meeting', hostEmail: MEETING_HOST });
    });

    it('chooses the latest ended instance by start when none is in progress, and ignores scheduled ones', async () => {
      emulator.addMeeting(instance(1, 'ended', '2026-11-30T11:00:00Z'));
      emulator.addMeeting(instance(2, 'ended', '2026-11-30T13:00:00Z'));
      emulator.addMeeting(instance(3, 'ended', '2026-11-30T12:00:00Z'));
      emulator.addMeeting({ ...instance(4, 'ready', '2026-12-01T09:00:00Z'), meetingType: 'scheduledMeeting' });
      const outcome = await source().resolve({ meeting: { kind: 'number', meetingNumber: NUMBER } });
      assert.ok(outcome.ok);
      assert.equal(outcome.meeting.meetingId, meetingIdOf(2));
    });

    it('answers notFound, with the trackingId, when no instance is in progress or ended', async () => {
      emulator.addMeeting({ ...instance(4, 'ready', '2026-12-01T09:00:00Z'), meetingType: 'scheduledMeeting' });
      const failure = expectFailure(await source().resolve({ meeting: { kind: 'number', meetingNumber: NUMBER } }));
      assert.deepEqual([failure.kind, failure.trackingId], ['notFound', emulator.requests[0]?.trackingId]);
      const nothing = expectFailure(await source().resolve({ meeting: { kind: 'number', meetingNumber: '999999999' } }));
      assert.equal(nothing.kind, 'notFound');
    });

    it('finds a meeting by its link, sent encoded and alone, and not for another host', async () => {
      const meeting = liveMeeting(5, 0);
      emulator.addMeeting(meeting);
      const link = meeting.webLink ?? '';
      const found = await source().resolve({ meeting: { kind: 'link', webLink: link } });
      assert.ok(found.ok);
      assert.equal(found.meeting.meetingId, meeting.id);
      assert.deepEqual(emulator.requests[0]?.query, { webLink: link, meetingType: 'meeting' });
      assert.ok(emulator.requests[0]?.url.includes(encodeURIComponent(link)), emulator.requests[0]?.url);
      const other = await source().resolve({ meeting: { kind: 'link', webLink: link }, hostEmail: 'otto.other@example.com' });
      assert.equal(expectFailure(other).kind, 'notFound');
    });

    for (const [status, kind] of [[401, 'unauthorized'], [403, 'forbidden']] as const) {
      it(`keeps a ${status} as ${kind} with its status and trackingId, without retrying (the token lacks the scope)`, async () => {
        emulator.failNext(1, { status, match: { path: '/meetings' } });
        const failure = expectFailure(await source().resolve({ meeting: { kind: 'number', meetingNumber: NUMBER } }));
        assert.deepEqual([failure.kind, failure.status, failure.trackingId], [kind, status, emulator.requests[0]?.trackingId]);
        assert.equal(emulator.requests.length, 1);
      });
    }

    it('answers invalidBody, with the trackingId, for a meeting list off the schema', async () => {
      emulator.failNext(1, { status: 200, body: { items: [{ title: 'no id' }] } });
      const failure = expectFailure(await source().resolve({ meeting: { kind: 'number', meetingNumber: NUMBER } }));
      assert.deepEqual([failure.kind, failure.trackingId], ['invalidBody', emulator.requests[0]?.trackingId]);
      assert.match(failure.detail ?? '', /items\.0\.id/);
    });
  });

  describe('roster', () => {
    it('reads a 250-person roster in 3 pages of 100 by following Link, every filter on every page', async () => {
      const meeting = liveMeeting(1, 250);
      emulator.addMeeting(meeting);
      const records = expectRecords(await source().roster({ meetingId: meeting.id, hostEmail: MEETING_HOST }));
      assert.deepEqual(records.participants.map((p) => p.id), meeting.participants?.map((p) => p.id));
      assert.equal(records.complete, true);
      const pages = rosterRequests(emulator);
      assert.equal(pages.length, 3);
      for (const page of pages) {
        assert.deepEqual([page.query.meetingId, page.query.max, page.query.hostEmail], [meeting.id, '100', MEETING_HOST], page.url);
      }
      assert.equal(pages[0]?.query.cursor, undefined);
      assert.ok(pages[1]?.query.cursor !== undefined && pages[2]?.query.cursor !== pages[1]?.query.cursor, 'each page its own cursor');
      assert.equal(records.trackingId, pages[2]?.trackingId);
    });

    it('puts its own filters back when the next link keeps only the cursor', async () => {
      await emulator.close();
      await start({ nextLinksDropQuery: true });
      const meeting = liveMeeting(1, 250);
      emulator.addMeeting(meeting);
      const records = expectRecords(await source().roster({ meetingId: meeting.id, hostEmail: MEETING_HOST }));
      assert.equal(records.participants.length, 250);
      assert.deepEqual(
        rosterRequests(emulator).map((page) => [page.query.meetingId, page.query.max, page.query.hostEmail, page.status]),
        Array.from({ length: 3 }, () => [meeting.id, '100', MEETING_HOST, 200]),
      );
    });

    it('sends no host filter when none is asked, on any page', async () => {
      const meeting = liveMeeting(1, 150);
      emulator.addMeeting(meeting);
      expectRecords(await source().roster({ meetingId: meeting.id }));
      assert.deepEqual(rosterRequests(emulator).map((page) => page.query.hostEmail), [undefined, undefined]);
    });

    it('reads exactly 1,000 people in 10 pages as complete', async () => {
      const meeting = liveMeeting(1, 1000);
      emulator.addMeeting(meeting);
      const records = expectRecords(await source().roster({ meetingId: meeting.id }));
      assert.deepEqual([records.participants.length, records.complete, rosterRequests(emulator).length], [1000, true, 10]);
    });

    it('stops after 10 pages and says the roster is not complete when a next link remains', async () => {
      const meeting = liveMeeting(1, 1001);
      emulator.addMeeting(meeting);
      const records = expectRecords(await source().roster({ meetingId: meeting.id }));
      assert.deepEqual([records.participants.length, records.complete, rosterRequests(emulator).length], [1000, false, 10]);
    });

    it('waits out a 429 on page 2 and goes on from page 2, not from the start', async () => {
      const meeting = liveMeeting(1, 250);
      emulator.addMeeting(meeting);
      afterAnswer = (calls) => {
        if (calls === 1) emulator.failNext(1, { status: 429, headers: { 'Retry-After': '2' } });
      };
      const records = expectRecords(await source().roster({ meetingId: meeting.id }));
      assert.deepEqual([records.participants.length, records.complete], [250, true]);
      const pages = rosterRequests(emulator);
      assert.deepEqual(pages.map((page) => page.status), [200, 429, 200, 200]);
      assert.equal(pages[2]?.query.cursor, pages[1]?.query.cursor, 'the throttled page is asked again');
      assert.ok((pages[2]?.at ?? 0) >= (pages[1]?.at ?? 0) + 2 * UNIT, 'after the Retry-After');
    });

    it('holds back other lookups while a roster page is throttled (one pause for all)', async () => {
      const meeting = liveMeeting(1, 250);
      emulator.addMeeting(meeting);
      emulator.addParticipant({ id: 'p1', meetingId: meeting.id, hostEmail: MEETING_HOST });
      const gate = createMemoryPauseGate();
      const limitedSource = createRateLimitedSource({
        gate,
        source: createWebexParticipantsClient({ baseUrl: emulator.baseUrl, token: () => emulator.apiToken, timeoutMs: 1000 }),
        ratePerMinute: 60_000,
        timeUnitMs: UNIT,
      });
      const meetings = createMeetingSource({
        client: createWebexMeetingsClient({ baseUrl: emulator.baseUrl, token: () => emulator.apiToken, timeoutMs: 1000 }),
        limited: limitedSource,
      });
      emulator.failNext(1, { status: 429, headers: { 'Retry-After': '3' }, match: { path: '/meetingParticipants' } });
      const roster = meetings.roster({ meetingId: meeting.id });
      while ((await gate.pausedUntil()) === 0) await new Promise((resolve) => setImmediate(resolve));
      const lookup = await limitedSource.lookup({ participantId: 'p1' });
      assert.ok(lookup.ok);
      expectRecords(await roster);
      const [throttled, ...after] = emulator.requests;
      for (const request of after) assert.ok(request.at >= (throttled?.at ?? 0) + 3 * UNIT, `${request.url} during the pause`);
    });

    it('returns the failure, never half a roster, when Webex asks to wait too long mid-roster', async () => {
      const meeting = liveMeeting(1, 250);
      emulator.addMeeting(meeting);
      afterAnswer = (calls) => {
        if (calls === 1) emulator.failNext(1, { status: 429, headers: { 'Retry-After': '300' } });
      };
      const failure = expectFailure(await source({ maxWaitSeconds: 60 }).roster({ meetingId: meeting.id }));
      assert.deepEqual([failure.kind, failure.busyBecause, failure.retryAfterSeconds], ['busy', 'webex', 300]);
    });

    it('answers invalidBody with the page\u2019s trackingId when page 2 is malformed', async () => {
      const meeting = liveMeeting(1, 250);
      emulator.addMeeting(meeting);
      afterAnswer = (calls) => {
        if (calls === 1) emulator.failNext(1, { status: 200, body: { items: [{ id: 'x', displayName: 'Secret Person' }] } });
      };
      const failure = expectFailure(await source().roster({ meetingId: meeting.id }));
      const page2 = rosterRequests(emulator)[1];
      assert.deepEqual([failure.kind, failure.trackingId], ['invalidBody', page2?.trackingId]);
      assert.match(failure.detail ?? '', /items\.0\.meetingId/);
      assert.doesNotMatch(failure.detail ?? '', /Secret Person/);
      assert.equal(rosterRequests(emulator).length, 2, 'no page after the malformed one');
    });

    it('answers invalidBody when a page is not JSON', async () => {
      const meeting = liveMeeting(1, 50);
      emulator.addMeeting(meeting);
      emulator.failNext(1, { status: 200, raw: '<html>Gateway</html>' });
      const failure = expectFailure(await source().roster({ meetingId: meeting.id }));
      assert.deepEqual([failure.kind, failure.trackingId], ['invalidBody', emulator.requests[0]?.trackingId]);
    });

    it('retries a 503 on a page and still returns the whole roster', async () => {
      const meeting = liveMeeting(1, 150);
      emulator.addMeeting(meeting);
      afterAnswer = (calls) => {
        if (calls === 1) emulator.failNext(1, { status: 503 });
      };
      const records = expectRecords(await source().roster({ meetingId: meeting.id }));
      assert.equal(records.participants.length, 150);
      assert.deepEqual(rosterRequests(emulator).map((page) => page.status), [200, 503, 200]);
    });

    it('reads another host\u2019s meeting as not found', async () => {
      const meeting = liveMeeting(1, 10);
      emulator.addMeeting(meeting);
      const failure = expectFailure(await source().roster({ meetingId: meeting.id, hostEmail: 'otto.other@example.com' }));
      assert.deepEqual([failure.kind, failure.status], ['notFound', 404]);
    });
  });

  it('is refused by every meeting endpoint without the right token, as Webex does (401, not retried)', async () => {
    const meeting = liveMeeting(1, 10);
    emulator.addMeeting(meeting);
    const http = { baseUrl: emulator.baseUrl, token: () => 'revoked-token', timeoutMs: 1000 };
    const meetings = createMeetingSource({
      client: createWebexMeetingsClient(http),
      limited: createRateLimitedSource({ source: createWebexParticipantsClient(http), ratePerMinute: 60_000 }),
    });
    const outcomes = [
      await meetings.resolve({ meeting: { kind: 'number', meetingNumber: meeting.meetingNumber ?? '' } }),
      await meetings.roster({ meetingId: meeting.id }),
      await meetings.queryByEmail({ meetingId: meeting.id, email: 'person1@example.com' }),
    ];
    assert.deepEqual(outcomes.map((outcome) => expectFailure(outcome).kind), ['unauthorized', 'unauthorized', 'unauthorized']);
    assert.deepEqual(emulator.requests.map((request) => request.status), [401, 401, 401]);
  });

  describe('queryByEmail', () => {
    it('posts the email and returns every record of that person, with the filters in the query', async () => {
      const meeting = liveMeeting(1, 20);
      const again = { ...meeting.participants?.[3], id: `${meeting.id}_ffffffff-e950-43bf-b588-573773ee43d1`, state: 'end' };
      emulator.addMeeting({ ...meeting, participants: [...(meeting.participants ?? []), again] });
      const records = expectRecords(
        await source().queryByEmail({ meetingId: meeting.id, hostEmail: MEETING_HOST, email: 'Person3@Example.com' }),
      );
      assert.deepEqual(records.participants.map((p) => p.state), ['joined', 'end']);
      assert.equal(records.complete, true);
      const [request] = emulator.requests;
      assert.deepEqual([request?.method, request?.path, request?.query], [
        'POST',
        '/v1/meetingParticipants/query',
        { meetingId: meeting.id, hostEmail: MEETING_HOST },
      ]);
      assert.match(String(request?.headers['content-type']), /^application\/json/);
    });

    it('keeps the failure of a query, as for every call', async () => {
      emulator.failNext(1, { status: 404 });
      const failure = expectFailure(await source().queryByEmail({ meetingId: meetingIdOf(9), email: 'a@example.com' }));
      assert.deepEqual([failure.kind, failure.trackingId], ['notFound', emulator.requests[0]?.trackingId]);
    });
  });
});
