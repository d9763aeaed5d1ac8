import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { RedisWatchStore } from '../../src/watches/redis-store.js';
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

    beforeEach(async () => {
      proxy = await startRedisProxy();
      client = connect(proxy.port);
      await untilReady(client);
      captured = captureLogger();
      time = Date.UTC(2026, 10, 30, 10);
      const prefix = stores.freshPrefix();
      a = new ResilientWatchStore(client, { prefix, logger: captured.logger, now: () => time });
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

    it('knows the watches set through other instances, but polls only its own while Redis is lost, within a budget of its own', async () => {
      await b.add(aWatch('b@x.example', 'elsewhere'), LIMITS);
      await a.add(aWatch('a@x.example', 'mine'), LIMITS);
      await lost();
      assert.deepEqual(sorted(await a.ofParticipant('elsewhere')), ['elsewhere'], 'an event about it is told');
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

    it('ends no watch for its time while Redis is lost; once it is back, Redis does', async () => {
      await a.add(aWatch('a@x.example', 'p1', { expiresAt: time }), LIMITS);
      await lost();
      assert.deepEqual(await a.expired(time), []);
      await back();
      assert.deepEqual(sorted(await a.expired(time)), ['p1']);
    });
  });
});
