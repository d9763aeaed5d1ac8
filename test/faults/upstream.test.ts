import assert from 'node:assert/strict';
import { renderPlainText } from '../../src/render/text.js';
import type { Reply } from '../../src/replies/reply.js';
import { seedExampleBody } from '../support/fixtures.js';
import { ATTEMPT_TIMEOUT_MS, PEOPLE, PHONE_NUMBER, sample, startWorld, type World } from './world.js';

/**
 * Webex misbehaving in every way the README lists (README, "Upstream"; README, "Operations"),
 * end to end through the real handler, limiter and client against the emulator: the user gets a
 * reply that says what happened and what to do (or, for a short storm, the participant after a
 * retry), the operator gets a log line, and nothing throws. Single-attempt behaviour of the client
 * and the limiter's retry rules are covered in test/participants/; this is what a person and an
 * operator see of them.
 */

const PIECES_THAT_MUST_NOT_SHOW = ['undefined', '[object Object]', 'Error:', 'NaN'];

function assertClearError(reply: Reply, expected: { says: RegExp; todo: RegExp; trackingId?: string }): string {
  assert.equal(reply.kind, 'error', `expected an error reply, got ${JSON.stringify(reply)}`);
  const text = renderPlainText(reply);
  assert.match(text, expected.says);
  assert.match(text, expected.todo);
  if (expected.trackingId !== undefined) assert.ok(text.includes(expected.trackingId), `the trackingId is in: ${text}`);
  for (const piece of PIECES_THAT_MUST_NOT_SHOW) assert.ok(!text.includes(piece), `"${piece}" in: ${text}`);
  assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, 'a stack frame');
  return text;
}

function operatorLine(world: World, predicate: (line: Record<string, unknown>) => boolean): Record<string, unknown> {
  const line = world.logs().find((l) => Number(l.level) >= 40 && predicate(l));
  assert.ok(line, `an operator log line (warn or error) in:\n${world.rawLogs.join('')}`);
  return line;
}

const UNAVAILABLE = { says: /Webex did not answer/, todo: /try again in a few minutes.*status\.webex\.com/ };

describe('faults: Webex misbehaving, end to end', () => {
  let world: World;

  beforeEach(async () => {
    world = await startWorld();
  });

  afterEach(async () => {
    await world.close();
  });

  it('retries a short 5xx storm away and shows the participant', async () => {
    world.emulator.failNext(2, { status: 502 });
    const reply = await world.ask(PEOPLE.admin);
    assert.equal(reply.kind, 'participant');
    assert.equal(world.emulator.requests.length, 3);
    assert.equal(await sample(world.metrics, 'participant_bot_webex_retries_total'), 2);
  });

  it('answers a 5xx storm that outlasts the retries with "Webex did not answer" and its trackingId', async () => {
    world.emulator.failNext(10, { status: 503 });
    const reply = await world.ask(PEOPLE.admin);
    assertClearError(reply, { ...UNAVAILABLE, trackingId: world.lastTrackingId() });
    assert.equal(world.emulator.requests.length, 4, 'the first attempt and three retries');
    const line = operatorLine(world, (l) => l.outcome === 'serviceUnavailable');
    assert.equal(line.status, 503);
    assert.equal(line.trackingId, world.lastTrackingId());
  });

  it('answers timeouts (no answer, or headers and then nothing) with "Webex did not answer"', async () => {
    world.emulator.failNext(1, { status: 200, raw: '{"id": "', stall: true });
    world.emulator.failNext(3, { delayMs: ATTEMPT_TIMEOUT_MS * 3 });
    const reply = await world.ask(PEOPLE.admin);
    assertClearError(reply, UNAVAILABLE);
    // Retried until the next wait would pass the longest a user is kept waiting (600 ms here).
    assert.ok(world.emulator.requests.length >= 2);
    const line = operatorLine(world, (l) => l.outcome === 'timeout');
    assert.match(String(line.detail), /no answer within/);
  });

  it('answers connection resets with "Webex did not answer"', async () => {
    world.emulator.failNext(4, { reset: true });
    assertClearError(await world.ask(PEOPLE.admin), UNAVAILABLE);
    const line = operatorLine(world, (l) => l.outcome === 'network');
    assert.match(String(line.detail), /ECONNRESET|socket|closed/i);
  });

  it('waits out a slow answer that is within the timeout', async () => {
    world.emulator.failNext(1, { delayMs: ATTEMPT_TIMEOUT_MS / 3 });
    assert.equal((await world.ask(PEOPLE.admin)).kind, 'participant');
  });

  const unreadable: Array<[string, Parameters<World['emulator']['failNext']>[1], RegExp]> = [
    ['an oversized body', { status: 200, raw: `{"id":"${'x'.repeat(1_100_000)}"}` }, /larger than the size cap/],
    ['a body that is not JSON', { status: 200, raw: '<html><body>Service temporarily moved</body></html>' }, /not JSON/],
    [
      'a body that does not fit the schema',
      { status: 200, body: { ...seedExampleBody, id: 42, devices: [{ phoneNumber: 745273328 }] } },
      /does not fit the participant schema at id/,
    ],
  ];
  for (const [what, script, detail] of unreadable) {
    it(`answers ${what} with "an answer I could not read", its trackingId, and no retry`, async () => {
      world.emulator.failNext(1, script);
      const reply = await world.ask(PEOPLE.officer);
      assertClearError(reply, {
        says: /Webex sent an answer I could not read/,
        todo: /try again later, and tell the bot operator/,
        trackingId: world.lastTrackingId(),
      });
      assert.equal(world.emulator.requests.length, 1);
      const line = operatorLine(world, (l) => l.outcome === 'invalidBody');
      assert.match(String(line.detail), detail);
      assert.ok(!world.rawLogs.join('').includes(PHONE_NUMBER), 'no phone number in the log');
    });
  }

  it('answers a 429 storm longer than a user should wait with "busy" and when to try again', async () => {
    world.emulator.failNext(1, { status: 429, headers: { 'Retry-After': '600' } });
    const reply = await world.ask(PEOPLE.admin);
    assertClearError(reply, {
      says: /Webex asked us to wait/,
      todo: /try again in about 10 minutes/,
      trackingId: world.lastTrackingId(),
    });
    operatorLine(world, (l) => l.outcome === 'busy');
    assert.equal(await sample(world.metrics, 'participant_bot_webex_429_total'), 1);
    assert.equal(await sample(world.metrics, 'participant_bot_webex_paused'), 1);
  });
});

describe('faults: a revoked WEBEX_API_TOKEN', () => {
  it('tells the user the bot is not set up and the operator, loudly, what to fix', async () => {
    const world = await startWorld({ token: 'revoked-token-0123456789' });
    try {
      const reply = await world.ask(PEOPLE.admin);
      assertClearError(reply, {
        says: /The bot is not set up correctly/,
        todo: /tell the bot operator/,
        trackingId: world.lastTrackingId(),
      });
      assert.equal(world.emulator.requests.length, 1, 'a 401 is not retried');
      const line = operatorLine(world, (l) => l.level === 50 && l.outcome === 'unauthorized');
      assert.match(String(line.msg), /WEBEX_API_TOKEN.*meeting:admin_participants_read/);
    } finally {
      await world.close();
    }
  });
});
