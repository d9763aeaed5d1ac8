import assert from 'node:assert/strict';
import { renderPlainText } from '../../src/render/text.js';
import { seedExampleBody } from '../support/fixtures.js';
import { until } from '../redis/support.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';
import {
  ADMIN,
  CLIENT,
  HOUR,
  ManualClock,
  lastBearer,
  linesWithSecrets,
  refusedLookups,
  renewals,
  startInstance,
  untilScheduled,
  type Instance,
} from './world.js';

/**
 * One instance renewing its own lookup token (README, "Tokens that renew themselves"), against the
 * emulator's POST /access_token, on a clock the test moves: what a person asking sees (an answer,
 * or "tell the bot operator") and what the operator's log says.
 */
describe('tokens that renew themselves, one instance', () => {
  let clock: ManualClock;
  let emulator: WebexEmulator;
  let instance: Instance | undefined;

  const start = async (oauth: { accessTokenSeconds?: number; refreshTokenSeconds?: number; rotate?: boolean } = {}) => {
    clock = new ManualClock();
    emulator = await startWebexEmulator({
      now: clock.now,
      oauth: {
        ...CLIENT,
        accessTokenSeconds: oauth.accessTokenSeconds ?? 3600,
        ...(oauth.refreshTokenSeconds !== undefined ? { refreshTokenSeconds: oauth.refreshTokenSeconds } : {}),
        rotateRefreshTokens: oauth.rotate ?? true,
      },
    });
    emulator.addParticipant({ ...seedExampleBody });
    instance = await startInstance({ emulator, clock, refreshToken: emulator.issueRefreshToken() });
    return instance;
  };

  afterEach(async () => {
    if (instance !== undefined) {
      assert.deepEqual(linesWithSecrets(emulator, instance.rawLogs), [], 'no token or secret in any log line');
      await instance.close();
    }
    instance = undefined;
    await emulator.close();
  });

  it('renews before the access token expires, so that no lookup is ever refused', async () => {
    const bot = await start();
    assert.equal(renewals(emulator), 1, 'no WEBEX_API_TOKEN: it renewed at start');
    assert.equal((await bot.ask()).kind, 'participant');
    const first = lastBearer(emulator);

    clock.advance(0.95 * HOUR);
    await until(() => renewals(emulator) === 2, 'a renewal between 80% and 90% of the lifetime');
    await untilScheduled(clock);
    clock.advance(0.1 * HOUR); // the first token has expired now
    assert.equal((await bot.ask()).kind, 'participant');
    assert.notEqual(lastBearer(emulator), first, 'the lookup went out with the new token');
    assert.equal(refusedLookups(emulator), 0, 'no lookup met an expired token');
  });

  it('renews at once when a lookup gets 401, once for all the lookups refused together, and they all succeed', async () => {
    const bot = await start();
    const ids = [1, 2, 3].map((n) => `${String(n).repeat(32)}_3c2e2338-e950-43bf-b588-573773ee43d1`);
    for (const id of ids) emulator.addParticipant({ ...seedExampleBody, id });
    emulator.expireAccessTokens();

    const replies = await Promise.all(ids.map((id) => bot.ask(id)));
    assert.deepEqual(replies.map((r) => r.kind), ['participant', 'participant', 'participant']);
    assert.ok(refusedLookups(emulator) >= 1, 'a lookup met the expired token');
    assert.equal(renewals(emulator), 2, 'one renewal at start, one for the 401s');
  });

  it('renews on a 401 to a meeting call too, and the roster is answered', async () => {
    const bot = await start();
    const meetingId = 'abcdefabcdefabcdefabcdefabcdef12';
    emulator.addMeeting({
      id: meetingId,
      meetingNumber: '26401239999',
      state: 'inProgress',
      start: '2026-11-30T10:00:00Z',
      hostEmail: seedExampleBody.hostEmail,
      participants: [{ ...seedExampleBody, id: `${meetingId}_3c2e2338-e950-43bf-b588-573773ee43d1`, meetingId }],
    });
    emulator.expireAccessTokens();
    const reply = await bot.core.handle({ platform: 'cli', email: ADMIN }, 'participants 2640 123 9999');
    assert.equal(reply.kind, 'roster');
    assert.equal(renewals(emulator), 2, 'one renewal at start, one for the 401 of List Meetings');
  });

  it('retries a renewal that failed (5xx, no answer) with backoff, while lookups go on with the token they have', async () => {
    const bot = await start();
    emulator.failNext(1, { status: 503, match: { method: 'POST', path: '/access_token' } });
    emulator.failNext(1, { reset: true, match: { method: 'POST', path: '/access_token' } });
    clock.advance(0.9 * HOUR);
    await until(() => bot.logs().some((l) => (l.err as { code?: string } | undefined)?.code === 'token_renewal_unavailable'), 'the failure is logged');
    assert.equal((await bot.ask()).kind, 'participant', 'the current token still serves');

    clock.advance(1_000); // the first backoff is at most 1 s
    await until(() => bot.logs().filter((l) => (l.err as { code?: string } | undefined)?.code === 'token_renewal_unavailable').length === 2, 'the second try fails too');
    clock.advance(2_000);
    await until(() => renewals(emulator) === 2, 'the third try renews');
    await untilScheduled(clock);
    clock.advance(0.2 * HOUR); // past the first token's expiry
    assert.equal((await bot.ask()).kind, 'participant');
    assert.equal(refusedLookups(emulator), 0);
    const line = bot.logs().find((l) => (l.err as { code?: string } | undefined)?.code === 'token_renewal_unavailable');
    assert.match(String((line?.err as { hint?: string }).hint), /tries again with backoff/);
  });

  it('answers "tell the bot operator" (not "not found") once the refresh token is revoked, and logs what to do', async () => {
    const bot = await start();
    emulator.revokeRefreshTokens();
    emulator.expireAccessTokens();

    const reply = await bot.ask();
    assert.equal(reply.kind, 'error');
    assert.ok(reply.kind === 'error' && reply.error.code === 'configuration', JSON.stringify(reply));
    assert.match(renderPlainText(reply), /tell the bot operator/);
    const refused = bot.logs().find((l) => (l.err as { code?: string } | undefined)?.code === 'token_renewal_refused');
    assert.ok(refused, `a token_renewal_refused line in:\n${bot.rawLogs.join('')}`);
    assert.equal(refused.level, 50);
    assert.match(String((refused.err as { hint?: string }).hint), /WEBEX_REFRESH_TOKEN/);

    const before = emulator.requests.length;
    assert.equal((await bot.ask()).kind, 'error');
    assert.equal(
      emulator.requests.slice(before).filter((r) => r.path === '/v1/access_token').length,
      0,
      'a refused refresh token is not tried again for every lookup',
    );
  });

  it('warns once a day, and /metrics shows, the days left from 14 days before the refresh token expires', async () => {
    const day = 24 * HOUR;
    const bot = await start({ accessTokenSeconds: 86_400, refreshTokenSeconds: 20 * 86_400, rotate: false });
    const warnings = () => bot.logs().filter((l) => (l.err as { code?: string } | undefined)?.code === 'refresh_token_expiring');
    const daysLeft = async () => {
      const text = await bot.core.metrics.registry.metrics();
      return Number(/^participant_bot_webex_refresh_token_days_left (\S+)$/m.exec(text)?.[1]);
    };
    assert.equal(Math.round(await daysLeft()), 20);
    for (let n = 1; n <= 7; n += 1) {
      clock.advance(day);
      await until(() => renewals(emulator) === n + 1, `renewal ${n + 1}`);
      await untilScheduled(clock);
    }
    assert.ok(Math.round(await daysLeft()) <= 14);
    assert.ok(warnings().length >= 1 && warnings().length <= 2, `one warning a day at most: ${warnings().length}`);
    assert.match(String((warnings()[0]?.err as { message?: string }).message), /expires in 1[34] days/);
  });
});
