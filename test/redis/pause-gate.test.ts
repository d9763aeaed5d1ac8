import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { createRedisPauseGate } from '../../src/redis/pause-gate.js';
import { connect, deleteKeys, startRedisProxy, uniqueId, untilReady } from './support.js';

describe('Redis pause gate (real Redis server)', () => {
  let key: string;
  let one: Redis;
  let two: Redis;

  beforeEach(async () => {
    key = `${uniqueId('pause')}:pause`;
    [one, two] = [connect(), connect()];
    await Promise.all([untilReady(one), untilReady(two)]);
  });

  afterEach(async () => {
    await deleteKeys(one, key);
    one.disconnect();
    two.disconnect();
  });

  it('shares one pause between instances, only ever extends it, and expires it when it ends', async () => {
    const [a, b] = [createRedisPauseGate(one, key), createRedisPauseGate(two, key)];
    const now = Date.now();
    assert.equal(await a.pauseUntil(now + 60_000), true, 'the first 429 begins an episode');
    assert.equal(await b.pausedUntil(), now + 60_000);
    assert.equal(await b.pauseUntil(now + 30_000), false, 'a shorter Retry-After does not shorten it');
    assert.equal(await a.pausedUntil(), now + 60_000);
    assert.equal(await b.pauseUntil(now + 90_000), false, 'extending is the same episode');
    assert.equal(await a.pausedUntil(), now + 90_000);
    const ttl = await one.pttl(key);
    assert.ok(ttl > 80_000 && ttl <= 90_000, `the key expires with the pause (pttl ${ttl})`);
  });

  it('never lets a later, shorter Retry-After shorten the pause, as a third instance reads it', async () => {
    const three = connect();
    try {
      await untilReady(three);
      const [a, b, c] = [createRedisPauseGate(one, key), createRedisPauseGate(two, key), createRedisPauseGate(three, key)];
      const now = Date.now();
      await a.pauseUntil(now + 60_000);
      await b.pauseUntil(now + 30_000);
      // C learnt of no pause itself: it reads Redis alone, so its own copy cannot hide a shortened key.
      assert.equal(await c.pausedUntil(), now + 60_000);
    } finally {
      three.disconnect();
    }
  });

  it('keeps pausing on its own copy while Redis is away', async () => {
    const proxy = await startRedisProxy();
    const viaProxy = connect(proxy.port);
    try {
      await untilReady(viaProxy);
      await proxy.down();
      const gate = createRedisPauseGate(viaProxy, key);
      const until = Date.now() + 60_000;
      assert.equal(await gate.pauseUntil(until), true);
      assert.equal(await gate.pausedUntil(), until);
    } finally {
      viaProxy.disconnect();
    }
  });
});
