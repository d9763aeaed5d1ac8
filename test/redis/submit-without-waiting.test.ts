import assert from 'node:assert/strict';
import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { submitWithoutWaiting } from '../../src/redis/submit-without-waiting.js';
import { connect, deleteKeys, uniqueId, untilReady } from './support.js';

type Callback = (error: Error | null, reply: unknown) => void;
type Script = (...args: unknown[]) => unknown;

/**
 * Bottleneck on Redis queues a job with `submit`, then reserves its turn with `register`. Without
 * `highWater` it need not wait for `submit`'s answer in between. The order of events on the
 * connection says it, not a stopwatch.
 */
describe("a job's turn is reserved without waiting for Bottleneck's submit (real Redis server)", () => {
  let redis: Redis;
  let limiters: Bottleneck[];
  let id: string;

  beforeEach(async () => {
    redis = connect();
    await untilReady(redis);
    id = uniqueId('submit');
    limiters = [];
  });

  afterEach(async () => {
    await Promise.all(limiters.map((limiter) => limiter.disconnect(false)));
    await deleteKeys(redis, `b_${id}*`);
    redis.disconnect();
  });

  const start = async (options: Bottleneck.ConstructorOptions = {}) => {
    const client = redis.duplicate();
    const connection = new Bottleneck.IORedisConnection({ client });
    const limiter = new Bottleneck({ id, datastore: 'ioredis', connection, clearDatastore: true, minTime: 5, maxConcurrent: 2, ...options });
    limiters.push(limiter);
    await limiter.ready();
    return { limiter, client: client as unknown as Record<string, Script> };
  };

  /** Records when each of Bottleneck's `submit` and `register` scripts is sent and answered. */
  const record = (client: Record<string, Script>, fail?: string) => {
    const events: string[] = [];
    for (const name of ['submit', 'register']) {
      const original = client[name];
      assert.ok(original !== undefined, `Bottleneck defines the ${name} script`);
      client[name] = (...args: unknown[]) => {
        events.push(`${name} sent`);
        const callback = args.pop() as Callback;
        if (name === fail) {
          callback(new Error(`${name} failed`), null);
          return undefined;
        }
        return original.apply(client, [...args, (error: Error | null, reply: unknown) => {
          events.push(`${name} answered`);
          callback(error, reply);
        }]);
      };
    }
    return events;
  };

  it('sends register right after submit, and Redis still answers submit first', async () => {
    const { limiter, client } = await start();
    submitWithoutWaiting(limiter);
    const events = record(client);
    assert.equal(await limiter.schedule(async () => 'ran'), 'ran');
    assert.deepEqual(events, ['submit sent', 'register sent', 'submit answered', 'register answered']);
  });

  it('is what makes the difference: without it, register waits for submit to answer', async () => {
    const { limiter, client } = await start();
    const events = record(client);
    await limiter.schedule(async () => 'ran');
    assert.deepEqual(events, ['submit sent', 'submit answered', 'register sent', 'register answered']);
  });

  it("keeps Bottleneck's count of queued jobs in Redis as it keeps it", async () => {
    const { limiter } = await start();
    submitWithoutWaiting(limiter);
    const ran = await Promise.all(Array.from({ length: 6 }, (_, index) => limiter.schedule(async () => index)));
    assert.deepEqual(ran, [0, 1, 2, 3, 4, 5]);
    assert.equal(await limiter.clusterQueued(), 0);
  });

  it('leaves a limiter with a highWater alone: its submit decides whether a job is dropped', async () => {
    const { limiter, client } = await start({ highWater: 10 });
    submitWithoutWaiting(limiter);
    const events = record(client);
    await limiter.schedule(async () => 'ran');
    assert.deepEqual(events.slice(0, 2), ['submit sent', 'submit answered']);
  });

  it("reports a submit that fails as the limiter's error (the shared limiter then paces alone)", async () => {
    const { limiter, client } = await start();
    submitWithoutWaiting(limiter);
    record(client, 'submit');
    const errors: unknown[] = [];
    limiter.on('error', (error: unknown) => errors.push(error));
    await limiter.schedule(async () => 'ran');
    assert.ok(errors.some((error) => error instanceof Error && error.message === 'submit failed'), 'the failed submit was reported');
  });
});
