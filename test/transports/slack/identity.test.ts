import assert from 'node:assert/strict';
import { webApi } from '@slack/bolt';
import sinon from 'sinon';
import { AccessPolicy } from '../../../src/access/policy.js';
import { createLogger } from '../../../src/logger.js';
import { SlackIdentity, type UsersInfoClient } from '../../../src/transports/slack/identity.js';

const MINUTE = 60_000;

function setUp(options: { ttlMs?: number; maxEntries?: number } = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('debug', { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const access = new AccessPolicy({ admins: [], complianceOfficers: [], slackUsers: { U0MAPPED1: 'mapped@example.com' } });
  let now = 0;
  const info = sinon.stub().callsFake(async ({ user }: { user: string }) => ({
    ok: true,
    user: { id: user, tz: 'Europe/Berlin', profile: { email: `${user.toLowerCase()}@example.com` } },
  }));
  const client = { users: { info } } as unknown as UsersInfoClient;
  const identity = new SlackIdentity({ access, logger, now: () => now, ...options });
  const emailOf = async (user: string) => (await identity.identify(user, client)).email;
  return { identity, client, info, lines, emailOf, advance: (ms: number) => (now += ms) };
}

describe('SlackIdentity', () => {
  it('takes the access file\u2019s mapping over the profile\u2019s email, and the profile\u2019s time zone', async () => {
    const { identity, client, info } = setUp();
    info.resolves({ ok: true, user: { id: 'U0MAPPED1', tz: 'Asia/Tokyo', profile: { email: 'someone.else@example.com' } } });
    assert.deepEqual(await identity.identify('U0MAPPED1', client), { email: 'mapped@example.com', timeZone: 'Asia/Tokyo' });
  });

  it('gives the profile\u2019s tz as the time zone, and none when Slack gives none', async () => {
    const { identity, client, info } = setUp();
    assert.deepEqual(await identity.identify('U0ONE0001', client), { email: 'u0one0001@example.com', timeZone: 'Europe/Berlin' });
    info.resolves({ ok: true, user: { id: 'U0TWO0001', profile: { email: 'two@example.com' } } });
    assert.deepEqual(await identity.identify('U0TWO0001', client), { email: 'two@example.com', timeZone: undefined });
  });

  it('still knows a mapped user when users.info fails, without their time zone', async () => {
    const { identity, client, info } = setUp();
    info.rejects(new Error('socket hang up'));
    assert.deepEqual(await identity.identify('U0MAPPED1', client), { email: 'mapped@example.com', timeZone: undefined });
  });

  it('asks users.info once, then answers from the cache until it expires', async () => {
    const { emailOf, info, advance } = setUp({ ttlMs: 10 * MINUTE });

    assert.equal(await emailOf('U0ONE0001'), 'u0one0001@example.com');
    advance(10 * MINUTE - 1);
    assert.equal(await emailOf('U0ONE0001'), 'u0one0001@example.com');
    assert.equal(info.callCount, 1);
    advance(1);
    await emailOf('U0ONE0001');
    assert.equal(info.callCount, 2);
  });

  it('makes one users.info call for lookups of one user that overlap', async () => {
    const { emailOf, info } = setUp();
    const emails = await Promise.all([emailOf('U0ONE0001'), emailOf('U0ONE0001')]);
    assert.deepEqual(emails, ['u0one0001@example.com', 'u0one0001@example.com']);
    assert.equal(info.callCount, 1);
  });

  it('keeps at most maxEntries users, forgetting the oldest', async () => {
    const { emailOf, info } = setUp({ maxEntries: 2 });
    for (const user of ['U0ONE0001', 'U0TWO0001', 'U0THREE01', 'U0THREE01', 'U0TWO0001', 'U0ONE0001']) {
      await emailOf(user);
    }
    assert.deepEqual(
      info.getCalls().map((call) => (call.args[0] as { user: string }).user),
      ['U0ONE0001', 'U0TWO0001', 'U0THREE01', 'U0ONE0001'],
    );
  });

  it('names the missing scope in the log when Slack says missing_scope, and does not cache the failure', async () => {
    const { emailOf, info, lines } = setUp();
    info.onFirstCall().rejects(new webApi.WebAPIPlatformError({ ok: false, error: 'missing_scope', needed: 'users:read.email' } as webApi.WebAPICallResult & { error: string }));

    assert.equal(await emailOf('U0ONE0001'), undefined);
    const line = lines.find((l) => l.slackError === 'missing_scope');
    assert.equal(line?.level, 50);
    assert.equal(line?.needed, 'users:read.email');
    assert.match(String(line?.msg), /users:read\.email/);

    assert.equal(await emailOf('U0ONE0001'), 'u0one0001@example.com', 'a fixed scope works at once');
  });

  it('warns when users.info leaves the email out, as it does without users:read.email', async () => {
    const { emailOf, info, lines } = setUp();
    info.resolves({ ok: true, user: { id: 'U0ONE0001', profile: {} } });

    assert.equal(await emailOf('U0ONE0001'), undefined);
    assert.ok(lines.some((l) => l.level === 40 && String(l.msg).includes('users:read.email')));
  });

  it('logs other failures without throwing', async () => {
    const { emailOf, info, lines } = setUp();
    info.rejects(new Error('socket hang up'));

    assert.equal(await emailOf('U0ONE0001'), undefined);
    assert.ok(lines.some((l) => l.level === 50 && JSON.stringify(l.err).includes('socket hang up')));
  });
});
