import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { RedisDeduplicator } from '../../src/transports/redis-deduplicator.js';
import { connect, deleteKeys, startRedisProxy, uniqueId, until, untilReady } from './support.js';

describe('Redis de-duplication (real Redis server)', () => {
  let prefix: string;
  let one: Redis;
  let two: Redis;

  beforeEach(async () => {
    prefix = `${uniqueId('dedupe')}:`;
    [one, two] = [connect(), connect()];
    await Promise.all([untilReady(one), untilReady(two)]);
  });

  afterEach(async () => {
    await deleteKeys(one, `${prefix}*`);
    one.disconnect();
    two.disconnect();
  });

  it('lets only one of two instances claim an event, for the ttl', async () => {
    const [a, b] = [new RedisDeduplicator(one, prefix, 200), new RedisDeduplicator(two, prefix, 200)];
    assert.equal(await a.claim('webex:msg-1'), true);
    assert.equal(await b.claim('webex:msg-1'), false, 'the redelivery to the other instance is dropped');
    assert.equal(await a.claim('webex:msg-1'), false);
    assert.equal(await b.claim('webex:msg-2'), true, 'another event is its own claim');
    const ttl = await one.pttl(`${prefix}webex:msg-1`);
    assert.ok(ttl > 0 && ttl <= 200, `the claim expires (pttl ${ttl})`);
    await until(async () => (await one.exists(`${prefix}webex:msg-1`)) === 0, 'the claim expired');
    assert.equal(await b.claim('webex:msg-1'), true);
  });

  it('claims in memory while Redis is away', async () => {
    const proxy = await startRedisProxy();
    const viaProxy = connect(proxy.port);
    try {
      await untilReady(viaProxy);
      await proxy.down();
      const dedupe = new RedisDeduplicator(viaProxy, prefix);
      assert.equal(await dedupe.claim('slack:Ev1'), true);
      assert.equal(await dedupe.claim('slack:Ev1'), false);
    } finally {
      viaProxy.disconnect();
    }
  });
});
