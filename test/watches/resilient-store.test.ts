import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { RedisWatchStore } from '../../src/watches/redis-store.js';
import { HEARTBEAT_TTL_FACTOR } from '../../src/watches/holders.js';
import { MIRROR_REFRESH_MS, ResilientWatchStore } from '../../src/watches/resilient-store.js';
import { captureLogger, connect, startRedisProxy, until, untilReady, type RedisProxy } from '../redis/support.js';
import { redisForStores } from './redis-prefixes.js';
import { aWatch, storeContract } from './store-contract.js';

const LIMITS = { perRequester: 20, total: 5000 };
const sorted = (watches: Array<{ participantId: string }>) => watches.map((w) => w.participantId).sort();

describe('the watch store that goes on through a Redis outage (real Redis server)', () => {
  const stores = redisForStores('resilient-watches');

  describe('while Redis is there', () => {
    storeContract(async () => new ResilientWatchStore(stores.redis(), { prefix: stores.freshPrefix(), logger: captureLogger().logger }));
  });

  /**
   * Instance A reaches Redis through a proxy the test takes down; instance B, a plain Redis store,
   * keeps Redis all along: what it sees is what every other instance sees.
   */
  describe('when Redis is lost to one instance, and comes back', () => {
    let proxy: RedisProxy;
    let client: Redis;
    let captured: ReturnType<typeof captureLogger>;
    let time: number;
    let a: ResilientWatchStore;
    let b: RedisWatchStore;
    let prefix: string;

    beforeEach(async () => {
      proxy = await startRedisProxy();
      client = connect(proxy.port);
      await untilReady(client);
      captured = captureLogger();
      time = Date.UTC(2026, 10, 30, 10);
      prefix = stores.freshPrefix();
      a = new ResilientWatchStore(client, { prefix, logger: captured.logger, now: () => time, instance: 'instance-a' });
      b = new RedisWatchStore(stores.redis(), prefix);
    });

    afterEach(async () => {
      client.disconnect();
      await proxy.down();
    });

    const lost = async () => {
      await proxy.down();
      await until(() => client.status !== 'ready', 'the connection is lost');
    };
    /** Redis back: A's next call writes back what changed meanwhile, before it answers. */
    const back = async () => {
      await proxy.up();
      await until(() => client.status === 'ready', 'the connection is back');
      await a.count();
    };
    const warnings = () => captured.lines.filter((line) => line.level === 40).map((line) => String(line.msg));
    const infos = () => captured.lines.filter((line) => line.level === 30).map((line) => String(line.msg));

    it('warns of nothing while Redis is there', async () => {
      await a.add(aWatch('a@x.example', 'p1'), LIMITS);
      await a.ofParticipant('p1');
      await a.setState('a@x.example', 'p1', 'joined');
      await a.claimChange('p1', 'joined', 't1');
      await a.remove('a@x.example', 'p1');
      assert.deepEqual(warnings(), []);
      assert.equal(a.redisLost(), false);
    });

    it('answers watch, list and stop from memory, warns once, and says once when Redis is back', async () => {
      await a.add(aWatch('a@x.example', 'p1'), LIMITS);
      await lost();
      assert.equal(await a.add(aWatch('a@x.example', 'p2'), LIMITS), 'added');
      assert.deepEqual(sorted(await a.ofRequester('a@x.example')), ['p1', 'p2']);
      assert.deepEqual(await a.remove('a@x.example', 'p1'), aWatch('a@x.example', 'p1'));
      assert.deepEqual(sorted(await a.ofRequester('a@x.example')), ['p2']);
      assert.equal(a.redisLost(), true);
      assert.equal(warnings().length, 1);
      assert.match(warnings()[0] ?? '', /Redis lost: watches go on from this instance's memory/);
      await back();
      assert.equal(a.redisLost(), false);
      assert.equal(warnings().length, 1, 'no more warnings');
      assert.equal(infos().filter((msg) => msg.startsWith('Redis is back')).length, 1);
    });

    it('writes back a watch added while Redis was lost, as it is now: the other instance sees it', async () => {
      await lost();
      await a.add(aWatch('a@x.example', 'p1', { hostFilter: 'h@x.example' }), LIMITS);
      await a.setState('a@x.example', 'p1', 'joined');
      assert.deepEqual(await b.ofRequester('a@x.example'), []);
      await back();
      assert.deepEqual(await b.ofRequester('a@x.example'), [aWatch('a@x.example', 'p1', { hostFilter: 'h@x.example', state: 'joined' })]);
    });

    it('removes from Redis a watch stopped while Redis was lost', async () => {
      await a.add(aWatch('a@x.example', 'p1'), LIMITS);
      await lost();
      await a.remove('a@x.example', 'p1');
      await back();
      assert.deepEqual(await b.ofRequester('a@x.example'), []);
    });

    it('writes back the state told, and the claim of the change told, so that the other instance tells nobody again', async () => {
      await a.add(aWatch('a@x.example', 'p1'), LIMITS);
      await lost();
      assert.equal(await a.claimChange('p1', 'joined', 't1'), true);
      assert.equal(await a.claimChange('p1', 'joined', 't1'), false, 'a replay to the same instance');
      await a.setState('a@x.example', 'p1', 'joined');
      await back();
      assert.equal((await b.ofParticipant('p1'))[0]?.state, 'joined');
      assert.equal(await b.claimChange('p1', 'joined', 't1'), false, 'the same change, seen by the other instance');
      assert.equal(await b.claimChange('p1', 'joined', 't2'), true, 'a new one');
    });

    it('does not bring back a watch ended elsewhere meanwhile, even if it was told a state here', async () => {
      await a.add(aWatch('a@x.example', 'p1'), LIMITS);
      await a.add(aWatch('a@x.example', 'p2'), LIMITS);
      await lost();
      await b.remove('a@x.example', 'p1');
      await b.remove('a@x.example', 'p2');
      await a.setState('a@x.example', 'p1', 'joined');
      await back();
      assert.deepEqual(await b.ofRequester('a@x.example'), [], 'only what changed here is written back');
      assert.deepEqual(await a.ofRequester('a@x.example'), []);
    });

    it('brings back a watch ended elsewhere meanwhile that was watched again here: the requester\'s last word', async () => {
      await a.add(aWatch('a@x.example', 'p1'), LIMITS);
      await lost();
      await b.remove('a@x.example', 'p1');
      assert.equal(await a.add(aWatch('a@x.example', 'p1', { expiresAt: time + 120_000 }), LIMITS), 'renewed');
      await back();
      assert.deepEqual(await b.ofRequester('a@x.example'), [aWatch('a@x.example', 'p1', { expiresAt: time + 120_000 })]);
    });

    it('checks the caps again: a watch added meanwhile that no longer fits ends, with a warning naming it', async () => {
      await lost();
      assert.equal(await a.add(aWatch('a@x.example', 'p1'), { perRequester: 1, total: 5000 }), 'added');
      await b.add(aWatch('a@x.example', 'p2'), { perRequester: 1, total: 5000 });
      await back();
      assert.deepEqual(sorted(await b.ofRequester('a@x.example')), ['p2']);
      assert.deepEqual(sorted(await a.ofRequester('a@x.example')), ['p2'], 'this instance forgets it too');
      const dropped = captured.lines.find((line) => String(line.msg).startsWith('Watches added while Redis was lost no longer fit'));
      assert.deepEqual(dropped?.watches, [{ requester: 'a@x.example', participantId: 'p1' }]);
    });

    it('frees the places of watches stopped meanwhile before it writes back those added: at the cap, each takes effect', async () => {
      const two = { perRequester: 2, total: 5000 };
      await a.add(aWatch('a@x.example', 'p1'), two);
      await a.add(aWatch('a@x.example', 'p2'), two);
      await lost();
      await a.remove('a@x.example', 'p2');
      await a.add(aWatch('a@x.example', 'p3'), two);
      await a.remove('a@x.example', 'p1');
      await a.add(aWatch('a@x.example', 'p2'), two);
      await back();
      assert.deepEqual(sorted(await b.ofRequester('a@x.example')), ['p2', 'p3']);
    });

    it('keeps the caps in memory while Redis is lost', async () => {
      await a.add(aWatch('a@x.example', 'p1'), { perRequester: 1, total: 5000 });
      await lost();
      assert.equal(await a.add(aWatch('a@x.example', 'p2'), { perRequester: 1, total: 5000 }), 'requesterFull');
      assert.equal(await a.add(aWatch('b@x.example', 'p2'), { perRequester: 1, total: 1 }), 'full');
    });

    it('polls the watches it holds while Redis is lost, within a budget of its own', async () => {
      await a.add(aWatch('a@x.example', 'mine'), LIMITS);
      await lost();
      assert.deepEqual(await a.participants(), ['mine']);
      const turn = (participantId: string, now: number) => a.takePoll({ participantId, intervalMs: 30_000, windowMs: 1000, maxPerWindow: 1, now });
      assert.equal(await turn('mine', time), 'taken');
      assert.equal(await turn('mine', time + 1000), 'notDue');
      assert.equal(await turn('other', time + 500), 'spent');
    });

    it('no longer polls, while Redis is lost, a watch of its own that ended elsewhere before', async () => {
      await a.add(aWatch('a@x.example', 'p1'), LIMITS);
      await b.remove('a@x.example', 'p1');
      time += MIRROR_REFRESH_MS;
      await a.count();
      await lost();
      assert.deepEqual(await a.participants(), []);
    });

    it('learns of watches set elsewhere from Redis, at the latest within the refresh interval', async () => {
      await a.count();
      await b.add(aWatch('b@x.example', 'p1'), LIMITS);
      time += MIRROR_REFRESH_MS;
      await a.count();
      await b.add(aWatch('b@x.example', 'p2'), LIMITS);
      await lost();
      assert.deepEqual(sorted(await a.ofRequester('b@x.example')), ['p1'], 'what Redis had at the last refresh');
    });

    it('writes back the holder of a watch added while Redis was lost: this instance', async () => {
      await lost();
      await a.add(aWatch('a@x.example', 'p1'), LIMITS);
      await back();
      const holder = await stores.redis().hget(`${prefix}holder`, 'a@x.example|p1');
      assert.equal(holder, 'instance-a');
    });

    it('adopts a watch nobody holds (set by a store that names no holder) at its next refresh', async () => {
      await b.add(aWatch('b@x.example', 'p1'), LIMITS);
      await a.count();
      await lost();
      assert.deepEqual(await a.participants(), ['p1']);
    });

    it('ends no watch for its time while Redis is lost; once it is back, Redis does', async () => {
      await a.add(aWatch('a@x.example', 'p1', { expiresAt: time }), LIMITS);
      await lost();
      assert.deepEqual(await a.expired(time), []);
      await back();
      assert.deepEqual(sorted(await a.expired(time)), ['p1']);
    });
  });

  /**
   * Instances A, B and C, each a ResilientWatchStore on the same prefix reaching Redis through a
   * proxy of its own, on one clock the test moves: an instance stops beating when the test stops
   * calling it.
   */
  describe('one holder per watch, across instances', () => {
    type Instance = { store: ResilientWatchStore; proxy: RedisProxy; client: Redis };
    let instances: Instance[];
    let time: number;
    let prefix: string;

    const instance = async (name: string): Promise<Instance> => {
      const proxy = await startRedisProxy();
      const client = connect(proxy.port);
      await untilReady(client);
      const store = new ResilientWatchStore(client, { prefix, logger: captureLogger().logger, now: () => time, instance: name });
      instances.push({ store, proxy, client });
      return { store, proxy, client };
    };
    /** Redis lost to these instances, each of which notices at its next call. */
    const lost = async (...lostTo: Instance[]) => {
      for (const { proxy, client } of lostTo) {
        await proxy.down();
        await until(() => client.status !== 'ready', 'the connection is lost');
      }
    };
    /** After this long without a beat, an instance's watches are adopted. */
    const HEARTBEAT_TTL_MS = HEARTBEAT_TTL_FACTOR * MIRROR_REFRESH_MS;

    beforeEach(() => {
      instances = [];
      time = Date.UTC(2026, 10, 30, 10);
      prefix = stores.freshPrefix();
    });

    afterEach(async () => {
      for (const { proxy, client } of instances) {
        client.disconnect();
        await proxy.down();
      }
    });

    it('while Redis is lost, alerts and polls only for the watches it holds: one set through another instance is left to that one', async () => {
      const [a, b] = [await instance('a'), await instance('b')];
      await a.store.add(aWatch('a@x.example', 'x'), LIMITS);
      await b.store.count();
      await lost(a, b);
      assert.deepEqual(sorted(await b.store.ofRequester('a@x.example')), ['x'], 'B knows it: watch list answers');
      assert.deepEqual(await b.store.ofParticipant('x'), [], 'an event about it, delivered to B, is left to A');
      assert.deepEqual(await b.store.participants(), [], 'B does not poll it');
      assert.deepEqual(sorted(await a.store.ofParticipant('x')), ['x']);
      assert.deepEqual(await a.store.participants(), ['x']);
    });

    it('keeps holding its watches while it beats, however long: no other instance adopts them', async () => {
      const [a, b] = [await instance('a'), await instance('b')];
      await a.store.add(aWatch('a@x.example', 'x'), LIMITS);
      for (let refresh = 0; refresh * MIRROR_REFRESH_MS <= 2 * HEARTBEAT_TTL_MS; refresh += 1) {
        time += MIRROR_REFRESH_MS;
        await a.store.count();
        await b.store.count();
      }
      await lost(a, b);
      assert.deepEqual(await a.store.participants(), ['x']);
      assert.deepEqual(await b.store.participants(), []);
    });

    it('a watch renewed through another instance is held by that one from then on', async () => {
      const [a, b] = [await instance('a'), await instance('b')];
      await a.store.add(aWatch('a@x.example', 'x'), LIMITS);
      await b.store.add(aWatch('a@x.example', 'x'), LIMITS);
      time += MIRROR_REFRESH_MS;
      await a.store.count();
      await lost(a, b);
      assert.deepEqual(await a.store.participants(), []);
      assert.deepEqual(await b.store.participants(), ['x']);
    });

    it('adopts the watches of an instance that stopped beating: each by exactly one live instance, shared between them', async () => {
      const a = await instance('a');
      for (const id of ['x1', 'x2', 'x3', 'x4']) await a.store.add(aWatch('a@x.example', id), LIMITS);
      const [b, c] = [await instance('b'), await instance('c')];
      time += MIRROR_REFRESH_MS;
      await Promise.all([b.store.count(), c.store.count()]);
      // A stops beating; B and C refresh at the same moment, once its heartbeat has run out.
      time += HEARTBEAT_TTL_MS - MIRROR_REFRESH_MS + 1;
      await Promise.all([b.store.count(), c.store.count()]);
      await lost(b, c);
      const [ofB, ofC] = [await b.store.participants(), await c.store.participants()];
      assert.deepEqual([...ofB, ...ofC].sort(), ['x1', 'x2', 'x3', 'x4'], 'each adopted once');
      assert.deepEqual([ofB.length, ofC.length], [2, 2], 'shared fairly');
    });

    it('does not adopt the watches of an instance still beating, though it has not refreshed for a while', async () => {
      const a = await instance('a');
      await a.store.add(aWatch('a@x.example', 'x'), LIMITS);
      const b = await instance('b');
      time += HEARTBEAT_TTL_MS - 1;
      await b.store.count();
      await lost(b);
      assert.deepEqual(await b.store.participants(), []);
    });
  });
});
