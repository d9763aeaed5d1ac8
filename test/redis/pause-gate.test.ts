import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import sinon from 'sinon';
import { createRedisPauseGate, type SharedPauseGate } from '../../src/redis/pause-gate.js';
import { connect, deleteKeys, startRedisProxy, uniqueId, until, untilReady } from './support.js';

describe('Redis pause gate (real Redis server)', () => {
  let key: string;
  let one: Redis;
  let two: Redis;
  const gates: SharedPauseGate[] = [];

  beforeEach(async () => {
    key = `${uniqueId('pause')}:pause`;
    [one, two] = [connect(), connect()];
    await Promise.all([untilReady(one), untilReady(two)]);
  });

  afterEach(async () => {
    for (const gate of gates.splice(0)) gate.close();
    await deleteKeys(one, key);
    one.disconnect();
    two.disconnect();
  });

  const gateOn = (redis: Redis) => {
    const gate = createRedisPauseGate(redis, key);
    gates.push(gate);
    return gate;
  };
  /** Another instance learns of a pause a moment after it began: from Redis's pub/sub. */
  const learns = (gate: SharedPauseGate, until_: number) => until(async () => (await gate.pausedUntil()) === until_, `the pause until ${until_}`);

  it('shares one pause between instances, only ever extends it, and expires it when it ends', async () => {
    const [a, b] = [gateOn(one), gateOn(two)];
    const now = Date.now();
    assert.equal(await a.pauseUntil(now + 60_000), true, 'the first 429 begins an episode');
    await learns(b, now + 60_000);
    assert.equal(await b.pauseUntil(now + 30_000), false, 'a shorter Retry-After does not shorten it');
    assert.equal(await a.pausedUntil(), now + 60_000);
    assert.equal(await b.pauseUntil(now + 90_000), false, 'extending is the same episode');
    await learns(a, now + 90_000);
    const ttl = await one.pttl(key);
    assert.ok(ttl > 80_000 && ttl <= 90_000, `the key expires with the pause (pttl ${ttl})`);
  });

  it('never lets a later, shorter Retry-After shorten the pause, as a third instance reads it', async () => {
    const three = connect();
    try {
      await untilReady(three);
      const [a, b, c] = [gateOn(one), gateOn(two), gateOn(three)];
      const now = Date.now();
      await a.pauseUntil(now + 60_000);
      await b.pauseUntil(now + 30_000);
      await learns(c, now + 60_000);
    } finally {
      three.disconnect();
    }
  });

  it('checks the pause without a round trip to Redis once it listens, and learns of a pause begun before it did', async () => {
    const a = gateOn(one);
    const now = Date.now();
    await a.pauseUntil(now + 60_000);
    const get = sinon.spy(two, 'get');
    try {
      const late = gateOn(two);
      // It reads the key once when it starts listening, then only listens.
      await learns(late, now + 60_000);
      await until(async () => {
        const reads = get.callCount;
        await late.pausedUntil();
        return get.callCount === reads;
      }, 'checks that read no key');
      const reads = get.callCount;
      for (let check = 0; check < 10; check += 1) assert.equal(await late.pausedUntil(), now + 60_000, 'the pause read once when it began listening');
      assert.equal(get.callCount, reads, 'no GET per check');
      await a.pauseUntil(now + 120_000);
      await learns(late, now + 120_000);
      assert.equal(get.callCount, reads, 'an extension arrives by message, not by asking');
    } finally {
      get.restore();
    }
  });

  it('keeps pausing on its own copy while Redis is away', async () => {
    const proxy = await startRedisProxy();
    const viaProxy = connect(proxy.port);
    try {
      await untilReady(viaProxy);
      await proxy.down();
      const gate = gateOn(viaProxy);
      const until_ = Date.now() + 60_000;
      assert.equal(await gate.pauseUntil(until_), true);
      assert.equal(await gate.pausedUntil(), until_);
    } finally {
      viaProxy.disconnect();
    }
  });
});
