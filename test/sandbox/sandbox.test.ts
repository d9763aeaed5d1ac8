import assert from 'node:assert/strict';
import { pino } from 'pino';
import { accessFileSchema } from '../../src/access/access-file.js';
import { AccessPolicy } from '../../src/access/policy.js';
import { isParticipantId } from '../../src/commands/parse.js';
import { createMeetingSource } from '../../src/participants/meeting-source.js';
import { createRateLimitedSource } from '../../src/participants/rate-limited-source.js';
import { participantSchema, type Participant } from '../../src/participants/schema.js';
import { createWebexParticipantsClient } from '../../src/participants/webex-client.js';
import { createWebexMeetingsClient } from '../../src/participants/webex-meetings-client.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { createTokenEndpoint } from '../../src/tokens/token-endpoint.js';
import { IDS, SAMPLE_ACCESS, SAMPLE_MEETINGS, SAMPLE_PARTICIPANTS, SAMPLE_PEOPLE, SAMPLES } from '../../src/sandbox/samples.js';

describe('sandbox', () => {
  let sandbox: Sandbox;
  /** An access token of the sandbox's emulator, renewed with its OAuth client as the sandbox bot renews its own. */
  let apiToken: string;
  beforeEach(async () => {
    sandbox = await startSandbox({ logger: pino({ level: 'silent' }) });
    const { clientId, clientSecret, refreshToken } = sandbox.renewal;
    const renewed = await createTokenEndpoint({ baseUrl: sandbox.apiBaseUrl, clientId, clientSecret, timeoutMs: 2000, now: Date.now })(refreshToken);
    assert.ok(renewed.ok);
    apiToken = renewed.pair.accessToken;
  });
  afterEach(() => sandbox.close());

  const get = (participantId: string, token = apiToken) =>
    fetch(`${sandbox.apiBaseUrl}/meetingParticipants/${encodeURIComponent(participantId)}`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it('serves every sample participant, each a valid Webex body, and 404s the missing one', async () => {
    for (const sample of SAMPLES) {
      assert.ok(isParticipantId(sample.participantId), `${sample.participantId} is a participant id`);
      const response = await get(sample.participantId);
      if (sample.participantId === IDS.missing) {
        assert.equal(response.status, 404);
        continue;
      }
      assert.equal(response.status, 200, sample.label);
      const body = participantSchema.parse(await response.json());
      assert.equal(body.id, sample.participantId);
    }
    assert.equal(SAMPLES.length, SAMPLE_PARTICIPANTS.length + 1, 'every sample body is offered, plus the missing id');
  });

  it('answers the rate-limited sample with 429 and Retry-After after its one lookup per window', async () => {
    assert.equal((await get(IDS.rateLimited)).status, 200);
    const throttled = await get(IDS.rateLimited);
    assert.equal(throttled.status, 429);
    const retryAfter = Number(throttled.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After: ${throttled.headers.get('retry-after')}`);
    assert.equal((await get(IDS.joined)).status, 200, 'other ids are not limited');
  });

  it('refuses a request without the sandbox token, as Webex does', async () => {
    assert.equal((await get(IDS.joined, 'not-the-token')).status, 401);
  });

  it('has samples covering what real meetings hold', () => {
    const all = SAMPLE_PARTICIPANTS;
    const devices = all.flatMap((p) => p.devices ?? []);
    const has = (what: string, test: (p: Participant) => boolean) => assert.ok(all.some(test), what);
    for (const state of ['lobby', 'joined', 'breakoutSession', 'end']) has(state, (p) => p.state === state);
    assert.ok(devices.some((d) => d.audioType === 'pstn' && d.phoneNumber), 'a PSTN device with a phone number');
    assert.ok(devices.some((d) => d.audioType === 'voip'), 'a VoIP device');
    has('several devices for one person', (p) => (p.devices?.length ?? 0) > 1);
    has('a co-host', (p) => p.coHost === true);
    has('an invitee', (p) => p.invitee === true);
    has('several breakout sessions', (p) => (p.breakoutSessionsAttended?.length ?? 0) > 1);
    has('"not known yet" times', (p) => p.leftTime === '1970-01-01T00:00:00.000Z');
    has('a hostile display name', (p) => /<!channel>/.test(p.displayName ?? '') && /\]\(https?:/.test(p.displayName ?? ''));
  });

  it('brings an access list with a host, an admin, the compliance officer and a stranger', () => {
    const policy = new AccessPolicy(accessFileSchema.parse(SAMPLE_ACCESS));
    const role = (r: string) => SAMPLE_PEOPLE.find((p) => p.role === r)?.email ?? assert.fail(r);
    assert.equal(policy.roleOf(role('admin')), 'admin');
    assert.equal(policy.roleOf(role('complianceOfficer')), 'complianceOfficer');
    assert.ok(SAMPLE_PARTICIPANTS.some((p) => p.hostEmail === role('host')), 'the host hosts sample meetings');
    assert.ok(!SAMPLE_PARTICIPANTS.some((p) => p.hostEmail === role('stranger')), 'the stranger hosts none');
    for (const person of SAMPLE_PEOPLE) assert.match(person.email, /@example\.com$/);
  });

  const meetings = () => {
    const http = { baseUrl: sandbox.apiBaseUrl, token: () => apiToken, timeoutMs: 2000 };
    const limited = createRateLimitedSource({ source: createWebexParticipantsClient(http), ratePerMinute: 60_000 });
    return createMeetingSource({ client: createWebexMeetingsClient(http), limited });
  };
  const HOST = SAMPLE_PEOPLE.find((person) => person.role === 'host')?.email ?? '';

  it('finds the sample meetings by number and by link: for a series, the instance in progress', async () => {
    const source = meetings();
    // An ended instance whose number also has one in progress is not what the number stands for.
    const replaced = (meeting: (typeof SAMPLE_MEETINGS)[number]) =>
      SAMPLE_MEETINGS.some((other) => other.meetingNumber === meeting.meetingNumber && other.state === 'inProgress' && other !== meeting);
    assert.ok(SAMPLE_MEETINGS.some(replaced), 'an ended instance shares the number of one in progress');
    for (const meeting of SAMPLE_MEETINGS.filter((candidate) => !replaced(candidate))) {
      for (const ref of [
        { kind: 'number', meetingNumber: meeting.meetingNumber },
        { kind: 'link', webLink: meeting.webLink },
      ] as const) {
        const found = await source.resolve({ meeting: ref });
        assert.ok(found.ok, `${meeting.title} by ${ref.kind}`);
        assert.equal(found.meeting.meetingId, meeting.id, `${meeting.title} by ${ref.kind}`);
      }
    }
  });

  it('serves each sample roster whole, the 250-person one too, with lobby, joined, breakout and left', async () => {
    const source = meetings();
    for (const meeting of SAMPLE_MEETINGS) {
      const roster = await source.roster({ meetingId: meeting.id, hostEmail: meeting.hostEmail });
      assert.ok(roster.ok && roster.complete, meeting.title);
      assert.deepEqual(roster.participants.map((p) => p.id), meeting.participants.map((p) => p.id));
      for (const participant of roster.participants) assert.equal(participant.meetingId, meeting.id);
    }
    const sizes = SAMPLE_MEETINGS.map((meeting) => meeting.participants.length);
    assert.ok(sizes.includes(250), `roster sizes ${sizes.join(', ')}`);
    const states = new Set(SAMPLE_MEETINGS.flatMap((meeting) => meeting.participants.map((p) => p.state)));
    for (const state of ['lobby', 'joined', 'breakoutSession', 'end']) assert.ok(states.has(state), state);
    assert.ok(SAMPLE_MEETINGS.filter((meeting) => meeting.hostEmail === HOST).length >= 3, 'the sample host hosts most of them');
  });

  it('lets a roster’s people be looked up one by one, and found by email', async () => {
    const big = SAMPLE_MEETINGS.find((meeting) => meeting.participants.length === 250);
    const someone = big?.participants[42];
    assert.ok(big && someone?.email);
    assert.equal((await get(someone.id)).status, 200);
    const found = await meetings().queryByEmail({ meetingId: big.id, email: someone.email });
    assert.ok(found.ok);
    assert.deepEqual(found.participants.map((p) => p.id), [someone.id]);
  });

  it('says in its banner where the playground is and how to connect Webex and Slack', () => {
    const banner = sandbox.banner(4321);
    assert.match(banner, /http:\/\/localhost:4321\//);
    for (const variable of ['WEBEX_BOT_TOKEN', 'WEBEX_CLIENT_ID', 'WEBEX_CLIENT_SECRET', 'WEBEX_REFRESH_TOKEN', 'WEBEX_API_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'ACCESS_FILE']) {
      assert.ok(banner.includes(variable), `the banner names ${variable}`);
    }
    assert.match(banner, /To connect Webex/);
    assert.match(banner, /To connect Slack/);
  });
});
