import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { createRedisTokenStore, tokenKeyFor } from '../../src/redis/token-store.js';
import { createTokenEndpoint, type TokenPair } from '../../src/tokens/token-endpoint.js';
import { connect, deleteKeys, startRedisProxy, uniqueId, until, untilReady } from '../redis/support.js';
import { seedExampleBody } from '../support/fixtures.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';
import { CLIENT, HOUR, ManualClock, lastBearer, linesWithSecrets, refusedLookups, renewals, renewedWith, startInstance, untilScheduled, type Instance } from './world.js';

/**
 * Instances sharing one Redis (README, "Tokens that renew themselves"): one renewal for all, the
 * newest refresh token kept and never lost, the stored one tried before WEBEX_REFRESH_TOKEN, and
 * nothing readable in Redis. Real Redis (database 9, a key prefix of each test's own) and the
 * emulator with refresh tokens that rotate: a bot that loses the newest one is refused.
 */
describe('tokens that renew themselves, instances sharing Redis', () => {
  let clock: ManualClock;
  let emulator: WebexEmulator;
  let redis: Redis;
  let keyPrefix: string;
  let envRefreshToken: string;
  const instances: Instance[] = [];

  beforeEach(async () => {
    clock = new ManualClock();
    emulator = await startWebexEmulator({ now: clock.now, oauth: { ...CLIENT, accessTokenSeconds: 3600, rotateRefreshTokens: true } });
    emulator.addParticipant({ ...seedExampleBody });
    envRefreshToken = emulator.issueRefreshToken();
    redis = connect();
    await untilReady(redis);
    keyPrefix = uniqueId('tokens');
  });

  afterEach(async () => {
    for (const instance of instances.splice(0)) {
      assert.deepEqual(linesWithSecrets(emulator, instance.rawLogs), [], 'no token or secret in any log line');
      await instance.close();
    }
    await deleteKeys(redis, `${keyPrefix}*`);
    redis.disconnect();
    await emulator.close();
  });

  const startOne = async (random = 0.5, refreshToken = envRefreshToken, client: Redis = connect()) => {
    const instance = await startInstance({ emulator, clock, refreshToken, redis: client, keyPrefix, random: () => random });
    instances.push(instance);
    return instance;
  };
  const store = (clientSecret: string = CLIENT.clientSecret, lockTtlMs?: number) =>
    createRedisTokenStore({
      redis,
      clientId: CLIENT.clientId,
      clientSecret,
      logger: pino({ level: 'silent' }),
      keyPrefix,
      ...(lockTtlMs !== undefined ? { lockTtlMs } : {}),
    });
  const key = () => tokenKeyFor(CLIENT.clientId, keyPrefix);
  const renewAtEmulator = (refreshToken: string) => createTokenEndpoint({ baseUrl: emulator.baseUrl, ...CLIENT, timeoutMs: 1000, now: clock.now })(refreshToken);

  it('two instances renew exactly once, and both use the new token', async () => {
    const a = await startOne(0.1);
    const b = await startOne(0.9);
    assert.equal(renewals(emulator), 1, 'the second instance took the stored pair');
    assert.equal(b.tokens.current(), a.tokens.current());
    const first = a.tokens.current();

    for (let round = 2; round <= 3; round += 1) {
      const before = a.tokens.current();
      clock.advance(0.95 * HOUR); // both instances' moments to renew have come
      await until(() => a.tokens.current() !== before && b.tokens.current() !== before, 'both hold a new token');
      await untilScheduled(clock, 2);
      assert.equal(renewals(emulator), round, 'one renewal for both');
      assert.equal(b.tokens.current(), a.tokens.current());
      for (const instance of [a, b]) {
        assert.equal((await instance.ask()).kind, 'participant');
        assert.equal(lastBearer(emulator), a.tokens.current());
      }
    }
    assert.notEqual(a.tokens.current(), first);
    assert.equal(refusedLookups(emulator), 0);
    assert.ok(!renewedWith(emulator).slice(1).includes(envRefreshToken), 'later renewals used the rotated refresh token');
  });

  it('loses no refresh token when an instance dies after writing the new pair and before letting go of the lock', async () => {
    const a = await startOne(); // its moment to renew: at 85% of the hour
    const stored = await store().read();
    assert.ok(stored);

    // Just before, the instance that dies takes the lock, renews (the old refresh token stops
    // working), writes the new pair, and is gone.
    clock.advance(0.82 * HOUR);
    // Its lock expires as any does when its holder is gone, in half a second rather than 30.
    const dying = store(CLIENT.clientSecret, 500);
    const lock = await dying.lock();
    assert.ok(lock, 'the lock was free');
    const result = await renewAtEmulator(stored.refreshToken);
    assert.ok(result.ok);
    assert.equal(await dying.write(result.pair, lock), true);

    clock.advance(0.05 * HOUR); // a's moment to renew: the lock is still taken
    await until(() => a.tokens.current() === result.pair.accessToken, 'the survivor takes the pair the dead instance wrote');
    await untilScheduled(clock);
    assert.equal(renewals(emulator), 2, 'the survivor did not renew itself');
    assert.equal((await a.ask()).kind, 'participant');

    clock.advance(0.85 * HOUR); // and renews later, before expiry, with the refresh token the dead instance got
    await until(() => renewals(emulator) === 3, 'the next renewal succeeds');
    await untilScheduled(clock);
    assert.equal(renewedWith(emulator).at(-1), result.pair.refreshToken);
    assert.equal((await a.ask()).kind, 'participant');
    assert.equal(refusedLookups(emulator), 0);
  });

  it('tries the stored refresh token before WEBEX_REFRESH_TOKEN, and that one when Webex refuses the stored one', async () => {
    const seed = async (refreshToken: string) => {
      const seeder = store();
      const lock = await seeder.lock();
      assert.ok(lock);
      const expired: TokenPair = { accessToken: 'an-expired-token', accessExpiresAt: clock.now() - 1, issuedAt: clock.now() - HOUR, refreshToken };
      assert.equal(await seeder.write(expired, lock), true);
      await lock.release();
    };
    const storedRefreshToken = emulator.issueRefreshToken();
    await seed(storedRefreshToken);
    const first = await startOne();
    assert.deepEqual(renewedWith(emulator), [storedRefreshToken], 'the stored one first, and it was enough');
    assert.equal((await first.ask()).kind, 'participant');
    await first.close();
    instances.splice(0);

    // The stored one revoked, the operator pasted a fresh one into WEBEX_REFRESH_TOKEN.
    emulator.revokeRefreshTokens();
    await seed(storedRefreshToken);
    const fresh = emulator.issueRefreshToken();
    const second = await startOne(0.5, fresh);
    assert.deepEqual(renewedWith(emulator).slice(1), [storedRefreshToken, fresh]);
    assert.equal((await second.ask()).kind, 'participant');
    const kept = await store().read();
    assert.equal(kept?.accessToken, second.tokens.current(), 'the new pair is stored for the other instances');
  });

  /** An instance whose Redis goes away while its moment to renew comes: it renews alone. */
  const renewWhileRedisIsAway = async () => {
    const proxy = await startRedisProxy();
    const client = connect(proxy.port);
    const a = await startOne(0.5, envRefreshToken, client);
    const before = await store().read();
    assert.ok(before);
    assert.equal(before.accessToken, a.tokens.current());
    await proxy.down();
    await until(() => client.status !== 'ready', 'Redis is away for that instance');
    clock.advance(0.9 * HOUR);
    await until(() => renewals(emulator) === 2, 'it renews on its own');
    await untilScheduled(clock);
    assert.equal((await store().read())?.accessToken, before.accessToken, 'Redis still holds the old pair');
    return { a, proxy };
  };
  const logged = (instance: Instance, message: RegExp) => instance.logs().some((line) => message.test(String(line.msg)));

  it('writes the pair it renewed while Redis was away back once Redis returns: another instance takes it, renews nothing, and no rotated refresh token is lost', async () => {
    const { a, proxy } = await renewWhileRedisIsAway();
    await proxy.up();
    await until(async () => (await store().read())?.accessToken === a.tokens.current(), 'the new pair is written back');
    await until(() => logged(a, /^Redis is back: stored the Webex tokens/), 'the write-back is logged');

    const b = await startOne(0.9);
    assert.equal(renewals(emulator), 2, 'the other instance took the pair written back');
    assert.equal(b.tokens.current(), a.tokens.current());
    assert.equal((await b.ask()).kind, 'participant');

    clock.advance(0.95 * HOUR); // the next renewal, by either, with the refresh token renewed while Redis was away
    await until(() => renewals(emulator) === 3, 'the next renewal succeeds');
    await untilScheduled(clock, 2);
    const refusedRenewals = emulator.requests.filter((r) => r.path === '/v1/access_token' && r.status !== 200);
    assert.deepEqual(refusedRenewals.map((r) => r.status), [], 'no refresh token was refused');
    await until(() => a.tokens.current() === b.tokens.current(), 'both hold the new token');
    for (const instance of [a, b]) assert.equal((await instance.ask()).kind, 'participant');
    assert.equal(refusedLookups(emulator), 0);
  });

  it('never writes back over a newer pair another instance stored while Redis was away for this one', async () => {
    const { a, proxy } = await renewWhileRedisIsAway();
    clock.advance(60_000);
    const other = store();
    const lock = await other.lock();
    assert.ok(lock);
    const newer = await renewAtEmulator(emulator.issueRefreshToken());
    assert.ok(newer.ok);
    assert.equal(await other.write(newer.pair, lock), true);
    await lock.release();

    await proxy.up();
    await until(() => logged(a, /^Redis is back and holds Webex tokens newer/), 'the kept newer pair is logged');
    assert.equal((await store().read())?.accessToken, newer.pair.accessToken, 'the newer pair stays');
    assert.equal(a.tokens.current(), newer.pair.accessToken, 'and this instance answers with it from now on');
    assert.equal((await a.ask()).kind, 'participant');
  });

  it('stores the pair encrypted: the Redis value holds no token, and opens only with the client secret', async () => {
    const a = await startOne();
    const raw = await redis.get(key());
    assert.ok(raw !== null);
    const pair = await store().read();
    assert.ok(pair);
    assert.equal(pair.accessToken, a.tokens.current());
    for (const secret of [pair.accessToken, pair.refreshToken, envRefreshToken, CLIENT.clientSecret]) {
      assert.ok(!raw.includes(secret), 'a token in the stored value');
      assert.ok(!raw.includes(Buffer.from(secret).toString('base64')), 'a token, base64, in the stored value');
    }
    assert.equal(await store('another-client-secret').read(), undefined, 'another secret opens nothing');
    const [version, iv, tag, body = ''] = raw.split('.');
    const flipped = `${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`; // the first 6 bits of the ciphertext
    await redis.set(key(), [version, iv, tag, flipped].join('.'));
    assert.equal(await store().read(), undefined, 'a value tampered with opens nothing');
  });

  it('lets go of its lock only: a lock another instance took after it expired stays, and the late writer stores nothing', async () => {
    const slowInstance = store();
    const slow = await slowInstance.lock();
    assert.ok(slow);
    const pair: TokenPair = { accessToken: 'late', accessExpiresAt: clock.now() + HOUR, issuedAt: clock.now(), refreshToken: 'late-refresh' };
    await redis.del(`${key()}:lock`); // as if it had expired
    const other = await store().lock();
    assert.ok(other, 'another instance takes it');
    assert.equal(await slowInstance.write(pair, slow), false);
    await slow.release();
    assert.equal(await redis.exists(`${key()}:lock`), 1, 'the other instance still holds the lock');
    assert.equal(await store().read(), undefined);
    await other.release();
    assert.equal(await redis.exists(`${key()}:lock`), 0);
  });
});
