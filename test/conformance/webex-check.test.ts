import assert from 'node:assert/strict';
import type { WebexExchange } from '../../src/sandbox/webex-api-emulator.js';
import { startWebexEmulator } from '../support/webex-emulator.js';
import { recorded } from './recorder.js';
import { checkExchange } from './webex-check.js';

const PARTICIPANT = '/meetingParticipants/560d7b784f5143e3be2fc3064a5c4999_3c2e2338';

/** A GET the participants client would send, answered 200 by the emulator with `body`. */
function exchange(overrides: Partial<WebexExchange> = {}, body: unknown = { id: 'p1', meetingId: 'm1' }): WebexExchange {
  return {
    method: 'GET',
    path: PARTICIPANT,
    query: [],
    requestContentType: undefined,
    requestBody: '',
    status: 200,
    responseContentType: 'application/json;charset=UTF-8',
    responseBody: JSON.stringify(body),
    answeredBy: 'emulator',
    ...overrides,
  };
}

describe("the check against Webex's published API", () => {
  it('passes a participant lookup as the client sends it and the emulator answers it', () => {
    assert.deepEqual(checkExchange(exchange({ query: [['hostEmail', 'host@example.com']] })), []);
  });

  it('names a query parameter the operation does not declare, and a repeated one', () => {
    assert.deepEqual(checkExchange(exchange({ query: [['hostemail', 'a@example.com']] })), [
      'GET /meetingParticipants/{participantId}: query parameter hostemail is not declared',
    ]);
    const repeated = checkExchange(exchange({ query: [['hostEmail', 'a@example.com'], ['hostEmail', 'b@example.com']] }));
    assert.deepEqual(repeated, ['GET /meetingParticipants/{participantId}: query parameter hostEmail is repeated']);
  });

  it('names a missing required parameter and a value of the wrong type', () => {
    const list = checkExchange(exchange({ path: '/meetingParticipants', query: [['max', 'ten']] }, { items: [] }));
    assert.equal(list.length, 2);
    assert.match(list[0] ?? '', /query parameter max="ten" at \(root\) must be number/);
    assert.match(list[1] ?? '', /required query parameter meetingId is missing/);
  });

  it('names a path that is no operation of the spec', () => {
    assert.deepEqual(checkExchange(exchange({ path: '/meetingParticipant/p1' })), [
      'GET /meetingParticipant/p1: not an operation of the published spec',
    ]);
  });

  it("holds the emulator's answer to the response schema and the declared statuses", () => {
    const wrongType = checkExchange(exchange({}, { id: 42, meetingId: 'm1', devices: {} }));
    assert.match(wrongType[0] ?? '', /response 200 body at \/id must be string; at \/devices must be array/);
    assert.deepEqual(checkExchange(exchange({ status: 418 })), [
      'GET /meetingParticipants/{participantId}: answers 418, a status the operation does not declare',
    ]);
    assert.match(checkExchange(exchange({ responseContentType: 'text/plain' }))[0] ?? '', /not application\/json/);
  });

  it("leaves a test's scripted fault alone, but still checks the request that met it", () => {
    assert.deepEqual(checkExchange(exchange({ status: 418, answeredBy: 'script' })), []);
    assert.equal(checkExchange(exchange({ status: 418, answeredBy: 'script', query: [['x', '1']] })).length, 1);
  });

  it('lets the firehose webhook say "all", and nothing else outside the enum', () => {
    const webhook = (resource: string) =>
      exchange(
        { method: 'POST', path: '/webhooks', requestContentType: 'application/json', requestBody: JSON.stringify({ name: 'n', targetUrl: 'https://b.example', resource, event: 'all' }) },
        { id: 'w1', resource, event: 'all' },
      );
    assert.deepEqual(checkExchange(webhook('all')), []);
    const other = checkExchange(webhook('everything'));
    assert.equal(other.length, 2, 'the request and the answer');
    assert.match(other[0] ?? '', /request body at \/resource must be equal to one of the allowed values/);
  });

  it('refuses a body on an operation that takes none, and a 204 with a body', () => {
    assert.match(checkExchange(exchange({ requestBody: '{}' }))[0] ?? '', /sends a body the operation does not take/);
    const deleted = exchange({ method: 'DELETE', path: '/webhooks/w1', status: 204, responseBody: '{}' });
    assert.deepEqual(checkExchange(deleted), ['DELETE /webhooks/{webhookId}: answers 204 with a body']);
  });

  it('is fed every exchange of every emulator in the process', async () => {
    assert.ok(recorded.listening, 'the root hook plugin in .mocharc.json is listening');
    const emulator = await startWebexEmulator();
    try {
      const before = recorded.webex.length;
      await fetch(`${emulator.baseUrl}/people/me`, { headers: { Authorization: `Bearer ${emulator.apiToken}` } });
      const seen = recorded.webex.slice(before).find((e) => e.path === '/people/me');
      assert.ok(seen, 'recorded');
      assert.equal(seen.status, 404, 'this bare emulator serves no /people/me');
    } finally {
      await emulator.close();
    }
  });
});
