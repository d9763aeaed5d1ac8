import assert from 'node:assert/strict';
import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { createCoreServices, limiterIdFor, type CoreServices } from '../../src/services.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';
import { captureLogger, connect, deleteKeys, startRedisProxy, uniqueId, until, untilReady, type RedisProxy } from './support.js';

const ids = Array.from({ length: 30 }, (_, index) => `${String(index).padStart(32, 'b')}_3c2e2338-e950-43bf-b588-573773ee43d1`);

/** Redis going away, coming back, and losing Bottleneck's keys: lookups go on through all of it. */
describe('Redis faults (real Redis server)', () => {
  let emulator: WebexEmulator;
  let proxy: RedisProxy;
  let id: string;
  let redis: Redis | undefined;
  let core: CoreServices | undefined;
  let captured: ReturnType<typeof captureLogger>;

  beforeEach(async () => {
    // A token of its own: the limiter id derives from it, so these keys are this test's alone.
    emulator = await startWebexEmulator({ apiToken: uniqueId('faults') });
    for (const participantId of ids) emulator.addParticipant({ id: participantId, meetingId: 'm1', hostEmail: 'host@example.com' });
    proxy = await startRedisProxy();
    id = limiterIdFor(emulator.apiToken);
    captured = captureLogger();
  });

  afterEach(async () => {
    await core?.close();
    redis?.disconnect();
    [core, redis] = [undefined, undefined];
    const cleaner = connect();
    await untilReady(cleaner);
    await deleteKeys(cleaner, `*${id}*`);
    cleaner.disconnect();
    await proxy.down();
    await emulator.close();
  });

  /** One instance whose Redis is reached through the proxy, so the test can take it away. */
  const start = async () => {
    const client = connect(proxy.port, captured.logger);
    const started = await createCoreServices({
      logger: captured.logger,
      webexApi: { baseUrl: emulator.baseUrl, token: emulator.apiToken, ratePerMinute: 60_000 },
      access: { admins: [], complianceOfficers: [], slackUsers: {} },
      redis: client,
      tuning: { lookupTimeoutMs: 1000, redisRejoinDelayMs: 20 },
    });
    [redis, core] = [client, started];
    const source = started.participants;
    return { source, redis: client };
  };

  const lookAll = async ({ source }: Awaited<ReturnType<typeof start>>, some: string[]) => {
    const outcomes = await Promise.all(some.map((participantId) => source.lookup({ participantId })));
    assert.ok(outcomes.every((outcome) => outcome.ok), JSON.stringify(outcomes.filter((outcome) => !outcome.ok)));
  };

  const warned = (text: string, reason = '') =>
    captured.lines.some(
      (line) => line.level === 40 && String(line.msg).includes(text) && JSON.stringify(line.err ?? '').includes(reason),
    );

  it('warns of nothing when Redis is there: not while it connects at start, nor when the bot disconnects at the end', async () => {
    const bot = await start();
    await until(() => bot.source.isShared(), 'joined');
    await lookAll(bot, ids.slice(0, 5));
    await core?.close();
    bot.redis.disconnect();
    await until(() => bot.redis.status === 'end', 'disconnected');
    [core, redis] = [undefined, undefined];
    assert.deepEqual(captured.lines.filter((line) => Number(line.level) >= 40), []);
  });

  it('answers on a local limiter, with a warning, when Redis is down at start; joins when it is up', async () => {
    await proxy.down();
    const bot = await start();
    const { source } = bot;
    await lookAll(bot, ids.slice(0, 10));
    assert.equal(source.isShared(), false);
    assert.ok(warned('Redis unavailable'), 'the connection says Redis is away');
    await proxy.up();
    await until(() => source.isShared(), 'the limiter joins once Redis is up');
    await lookAll(bot, ids.slice(10, 20));
    assert.equal(emulator.requests.length, 20);
  });

  it('goes on locally when Redis is lost mid-run, and rejoins when it is back', async () => {
    const bot = await start();
    const { source } = bot;
    await until(() => source.isShared(), 'joined');
    await lookAll(bot, ids.slice(0, 5));
    const during = lookAll(bot, ids.slice(5, 15));
    await proxy.down();
    await during;
    await lookAll(bot, ids.slice(15, 20));
    assert.equal(source.isShared(), false);
    assert.ok(warned('Shared Webex limit unavailable'));
    await proxy.up();
    await until(() => source.isShared(), 'rejoined');
    await lookAll(bot, ids.slice(20, 25));
  });

  it("shows Bottleneck's own recovery from lost keys failing on Redis 7 (bottleneck#205, #212)", async () => {
    const client = connect();
    redis = client;
    await untilReady(client);
    const connection = new Bottleneck.IORedisConnection({ client: client.duplicate() });
    const bare = new Bottleneck({ id, datastore: 'ioredis', connection, clearDatastore: false, minTime: 1 });
    try {
      await bare.ready();
      assert.equal(await bare.schedule(async () => 'before'), 'before');
      await deleteKeys(client, `b_${id}_*`);
      await assert.rejects(bare.schedule(async () => 'after'), /SETTINGS_KEY_NOT_FOUND/);
    } finally {
      await connection.disconnect(false);
    }
  });

  it('goes on when Bottleneck loses its keys mid-run, and re-creates them', async () => {
    const bot = await start();
    const { source, redis: client } = bot;
    await until(() => source.isShared(), 'joined');
    await lookAll(bot, ids.slice(0, 5));
    assert.equal(await client.exists(`b_${id}_settings`), 1);
    assert.ok((await deleteKeys(client, `b_${id}_*`)) > 0);
    await lookAll(bot, ids.slice(5, 20));
    assert.ok(warned('Shared Webex limit unavailable', 'SETTINGS_KEY_NOT_FOUND'), 'the lost keys were noticed');
    // Bounded: the next job (or the 5 s heartbeat, when idle) fails, and the limiter is rebuilt.
    await until(async () => source.isShared() && (await client.exists(`b_${id}_settings`)) === 1, 'the shared limiter is back');
    await lookAll(bot, ids.slice(20, 30));
    assert.equal(emulator.requests.length, 30, 'every lookup made exactly one call');
  });
});
