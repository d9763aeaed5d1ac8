import assert from 'node:assert/strict';
import { RedisWatchStore } from '../../src/watches/redis-store.js';
import { connect, untilReady } from '../redis/support.js';
import { redisForStores } from './redis-prefixes.js';
import { aWatch, storeContract } from './store-contract.js';

describe('the watch store in Redis (real Redis server)', () => {
  const stores = redisForStores('watches');
  storeContract(async () => new RedisWatchStore(stores.redis(), stores.freshPrefix()));

  it('is shared by instances: what one adds the other sees, survives a new connection, and each change is claimed once across them', async () => {
    const prefix = stores.freshPrefix();
    const other = connect();
    await untilReady(other);
    try {
      const [a, b] = [new RedisWatchStore(stores.redis(), prefix), new RedisWatchStore(other, prefix)];
      assert.equal(await a.add(aWatch('a@x.example', 'p1', { hostEmail: 'h@x.example' }), { perRequester: 20, total: 5000 }), 'added');
      assert.deepEqual(await b.ofParticipant('p1'), [aWatch('a@x.example', 'p1', { hostEmail: 'h@x.example' })]);
      const claims = await Promise.all([a.claimChange('p1', 'joined', 't'), b.claimChange('p1', 'joined', 't')]);
      assert.deepEqual(claims.sort(), [false, true]);
      const removed = await Promise.all([a.remove('a@x.example', 'p1'), b.remove('a@x.example', 'p1')]);
      assert.equal(removed.filter((w) => w !== undefined).length, 1);
      const turns = await Promise.all(
        [a, b].map((store) => store.takePoll({ participantId: 'p9', intervalMs: 30_000, windowMs: 1000, maxPerWindow: 5, now: Date.now() })),
      );
      assert.deepEqual(turns.sort(), ['notDue', 'taken'], 'one poll of a participant for both instances');
    } finally {
      other.disconnect();
    }
  });
});
