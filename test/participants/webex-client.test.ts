import assert from 'node:assert/strict';
import { failureKindByStatus, type LookupOutcome } from '../../src/participants/outcome.js';
import { createWebexParticipantsClient } from '../../src/participants/webex-client.js';
import { seedExampleBody } from '../support/fixtures.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';

const ID = '560d7b784f5143e3be2fc3064a5c4999_3c2e2338-e950-43bf-b588-573773ee43d1';
const HOST = 'jane.host@example.com';

function expectFailure(outcome: LookupOutcome) {
  assert.equal(outcome.ok, false, `expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.failure;
}

describe('webex participants client', () => {
  let emulator: WebexEmulator;
  const client = (overrides: { timeoutMs?: number; maxBodyBytes?: number; token?: string } = {}) =>
    createWebexParticipantsClient({
      baseUrl: emulator.baseUrl,
      token: () => overrides.token ?? emulator.apiToken,
      timeoutMs: overrides.timeoutMs ?? 2000,
      ...(overrides.maxBodyBytes !== undefined ? { maxBodyBytes: overrides.maxBodyBytes } : {}),
    });

  beforeEach(async () => {
    emulator = await startWebexEmulator();
    emulator.addParticipant({ id: ID, meetingId: 'm1', hostEmail: HOST, displayName: 'Pat Doe' });
  });
  afterEach(() => emulator.close());

  it('returns the participant and the trackingid of a 200', async () => {
    const outcome = await client().lookup({ participantId: ID });
    assert.ok(outcome.ok);
    assert.equal(outcome.participant.displayName, 'Pat Doe');
    assert.equal(outcome.trackingId, emulator.requests[0]?.trackingId);
  });

  it('accepts the example body of Webex reference page with every field', async () => {
    emulator.addParticipant({ ...seedExampleBody });
    const outcome = await client().lookup({ participantId: seedExampleBody.id });
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.participant, seedExampleBody);
  });

  it('sends the Bearer token and asks for JSON', async () => {
    await client().lookup({ participantId: ID });
    const headers = emulator.requests[0]?.headers;
    assert.equal(headers?.authorization, `Bearer ${emulator.apiToken}`);
    assert.equal(headers?.accept, 'application/json');
  });

  it('sends hostEmail as an encoded query parameter, so a "+" survives', async () => {
    emulator.addParticipant({ id: ID, meetingId: 'm1', hostEmail: 'Jane+Ops@Example.com' });
    const outcome = await client().lookup({ participantId: ID, hostEmail: 'jane+ops@example.com' });
    assert.ok(outcome.ok, 'the emulator matches hostEmail case-insensitively');
    const request = emulator.requests[0];
    assert.equal(request?.url, `/v1/meetingParticipants/${ID}?hostEmail=jane%2Bops%40example.com`);
    assert.deepEqual(request?.query, { hostEmail: 'jane+ops@example.com' });
  });

  it('sends no query at all without hostEmail, and reads another host as not found', async () => {
    await client().lookup({ participantId: ID });
    assert.equal(emulator.requests[0]?.url, `/v1/meetingParticipants/${ID}`);
    const other = await client().lookup({ participantId: ID, hostEmail: 'someone.else@example.com' });
    assert.equal(expectFailure(other).kind, 'notFound');
  });

  it('encodes the participant id into one path segment', async () => {
    const outcome = await client().lookup({ participantId: 'a/../b?c=d' });
    assert.equal(expectFailure(outcome).kind, 'notFound');
    assert.equal(emulator.requests[0]?.path, '/v1/meetingParticipants/a%2F..%2Fb%3Fc%3Dd');
  });

  it('turns every status of Webex table into its kind, keeping status, trackingId and message', async () => {
    for (const [status, kind] of Object.entries(failureKindByStatus)) {
      emulator.failNext(1, { status: Number(status) });
      const failure = expectFailure(await client().lookup({ participantId: ID }));
      const answered = emulator.requests.at(-1);
      assert.equal(failure.kind, kind, `status ${status}`);
      assert.equal(failure.status, Number(status));
      assert.equal(failure.trackingId, answered?.trackingId, `trackingId of ${status}`);
      assert.ok(failure.detail !== undefined && failure.detail.length > 0, `detail of ${status}`);
    }
  });

  it('reads a status outside the table as unexpectedStatus, and does not follow redirects', async () => {
    emulator.failNext(1, { status: 418, body: { message: "I'm a teapot" } });
    const teapot = expectFailure(await client().lookup({ participantId: ID }));
    assert.deepEqual([teapot.kind, teapot.status, teapot.detail], ['unexpectedStatus', 418, "I'm a teapot"]);

    emulator.failNext(1, { status: 302, headers: { location: `${emulator.baseUrl}/elsewhere` }, raw: '' });
    const redirect = expectFailure(await client().lookup({ participantId: ID }));
    assert.deepEqual([redirect.kind, redirect.status], ['unexpectedStatus', 302]);
    assert.equal(emulator.requests.length, 2, 'the redirect was not followed');
  });

  it('reads Retry-After in seconds and as an HTTP date', async () => {
    emulator.failNext(1, { status: 429, headers: { 'Retry-After': '17' } });
    assert.equal(expectFailure(await client().lookup({ participantId: ID })).retryAfterSeconds, 17);

    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    emulator.failNext(1, { status: 423, headers: { 'Retry-After': inAMinute } });
    const seconds = expectFailure(await client().lookup({ participantId: ID })).retryAfterSeconds;
    assert.ok(seconds !== undefined && seconds >= 58 && seconds <= 60, `got ${seconds}`);
  });

  it('takes the trackingId from the error body when the header is missing', async () => {
    emulator.failNext(1, {
      status: 503,
      headers: { trackingid: '' },
      body: { errors: [{ description: 'Try later' }], trackingId: 'BODY_1' },
    });
    const failure = expectFailure(await client().lookup({ participantId: ID }));
    assert.deepEqual([failure.trackingId, failure.detail], ['BODY_1', 'Try later']);
  });

  it('answers timeout when Webex is slower than timeoutMs, without waiting for it', async () => {
    emulator.failNext(1, { delayMs: 2000 });
    const started = Date.now();
    const failure = expectFailure(await client({ timeoutMs: 50 }).lookup({ participantId: ID }));
    assert.equal(failure.kind, 'timeout');
    assert.ok(Date.now() - started < 1000);
  });

  it('answers timeout when the body stalls halfway', async () => {
    emulator.failNext(1, { status: 200, raw: '{"id":', stall: true });
    const failure = expectFailure(await client({ timeoutMs: 100 }).lookup({ participantId: ID }));
    assert.equal(failure.kind, 'timeout');
  });

  it('answers network when the connection is reset or refused', async () => {
    emulator.failNext(1, { reset: true });
    const reset = expectFailure(await client().lookup({ participantId: ID }));
    assert.equal(reset.kind, 'network');
    assert.ok(reset.detail !== undefined && reset.detail.length > 0);

    const baseUrl = emulator.baseUrl;
    await emulator.close();
    const refused = createWebexParticipantsClient({ baseUrl, token: () => 't', timeoutMs: 1000 });
    const failure = expectFailure(await refused.lookup({ participantId: ID }));
    assert.deepEqual([failure.kind, failure.detail?.startsWith('ECONNREFUSED')], ['network', true]);
    emulator = await startWebexEmulator();
  });

  it('answers invalidBody with the trackingId when a 200 is not JSON', async () => {
    emulator.failNext(1, { status: 200, raw: '<html>Gateway</html>' });
    const failure = expectFailure(await client().lookup({ participantId: ID }));
    assert.deepEqual(
      [failure.kind, failure.status, failure.trackingId],
      ['invalidBody', 200, emulator.requests[0]?.trackingId],
    );
  });

  it('answers invalidBody naming the misfit fields but none of their values', async () => {
    emulator.failNext(1, {
      status: 200,
      body: { id: ID, displayName: 'Secret Person', email: 42, devices: [{ durationSecond: -5 }] },
    });
    const failure = expectFailure(await client().lookup({ participantId: ID }));
    assert.equal(failure.kind, 'invalidBody');
    assert.equal(failure.trackingId, emulator.requests[0]?.trackingId);
    assert.match(failure.detail ?? '', /email/);
    assert.match(failure.detail ?? '', /meetingId/);
    assert.match(failure.detail ?? '', /devices\.0\.durationSecond/);
    assert.doesNotMatch(failure.detail ?? '', /Secret Person|42|-5/);
  });

  it('accepts enum values Webex adds later', async () => {
    // Scripted: values the published spec does not list yet, so the emulator itself never says them.
    emulator.failNext(1, {
      status: 200,
      body: { id: ID, meetingId: 'm1', state: 'onStage', video: 'blurred', devices: [{ audioType: 'satellite', callType: 'callElsewhere' }] },
    });
    const outcome = await client().lookup({ participantId: ID });
    assert.ok(outcome.ok);
    assert.equal(outcome.participant.state, 'onStage');
    assert.equal(outcome.participant.devices?.[0]?.audioType, 'satellite');
  });

  it('answers invalidBody when the body is larger than the cap, declared or chunked', async () => {
    const big = JSON.stringify({ id: ID, meetingId: 'm1', displayName: 'x'.repeat(2000) });
    emulator.failNext(1, { status: 200, raw: big });
    const declared = expectFailure(await client({ maxBodyBytes: 1000 }).lookup({ participantId: ID }));
    assert.equal(declared.kind, 'invalidBody');

    // Chunked, without Content-Length, and never finished: the cap must not wait for the end.
    emulator.failNext(1, { status: 200, raw: big, stall: true });
    const chunked = expectFailure(await client({ maxBodyBytes: 1000 }).lookup({ participantId: ID }));
    assert.equal(chunked.kind, 'invalidBody');
  });

  it('never puts the token into any outcome, even when an error body echoes it', async () => {
    const token = emulator.apiToken;
    emulator.failNext(1, { status: 400, body: { message: `bad token ${token}`, trackingId: 'T' } });
    emulator.failNext(1, { status: 200, body: { id: token } });
    emulator.failNext(1, { reset: true });
    const outcomes = [
      await client().lookup({ participantId: ID }),
      await client().lookup({ participantId: ID }),
      await client().lookup({ participantId: ID }),
      await client({ timeoutMs: 1 }).lookup({ participantId: ID }),
      await client().lookup({ participantId: ID }),
    ];
    for (const outcome of outcomes) {
      const fields = outcome.ok ? { trackingId: outcome.trackingId } : outcome.failure;
      assert.ok(!JSON.stringify(fields).includes(token), JSON.stringify(fields));
    }
    assert.equal(outcomes[0]?.ok === false && outcomes[0].failure.detail, 'bad token [redacted]');
  });
});
