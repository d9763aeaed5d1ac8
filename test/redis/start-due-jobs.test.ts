import assert from 'node:assert/strict';
import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { startDueJobsAtOnce } from '../../src/redis/start-due-jobs.js';
import { connect, deleteKeys, uniqueId, untilReady } from './support.js';

/**
 * Bottleneck on Redis starts a job whose turn is now without waiting for a timer. The order of
 * events says it, not a stopwatch: a timer of 0 set the moment Bottleneck has reserved the turn
 * fires after the job started, where Bottleneck's own timer would have let it fire first.
 */
describe('jobs due now start at once on the shared limiter (real Redis server)', () => {
  let redis: Redis;
  let limiter: Bottleneck;
  let connection: Bottleneck.IORedisConnection;
  let id: string;

  beforeEach(async () => {
    redis = connect();
    await untilReady(redis);
    id = uniqueId('due');
    connection = new Bottleneck.IORedisConnection({ client: redis.duplicate() });
    limiter = new Bottleneck({ id, datastore: 'ioredis', connection, clearDatastore: true, minTime: 50, maxConcurrent: 2 });
    await limiter.ready();
  });

  afterEach(async () => {
    await limiter.disconnect(false);
    await deleteKeys(redis, `b_${id}_*`);
    redis.disconnect();
  });

  /** What happened first for each job: it started, or a timer set when its turn was reserved fired. */
  async function firstEvents(count: number): Promise<string[]> {
    const events: string[] = [];
    limiter.on('debug', (message: string) => {
      if (message.startsWith('Drained')) setTimeout(() => events.push('timer'), 0);
    });
    await Promise.all(Array.from({ length: count }, () => limiter.schedule(async () => void events.push('job'))));
    await new Promise((resolve) => setTimeout(resolve, 5));
    return events;
  }

  it('starts a job due now before any timer, and still spaces the next one by minTime', async () => {
    startDueJobsAtOnce(limiter);
    const events = await firstEvents(2);
    // The first is due at once; the second waits its 50 ms on Bottleneck's timer, as before.
    assert.deepEqual(events.slice(0, 2), ['job', 'timer']);
    assert.deepEqual(events.slice(2), ['timer', 'job']);
  });

  it('is what makes the difference: without it, even a job due now waits for a timer', async () => {
    const events = await firstEvents(1);
    assert.deepEqual(events, ['timer', 'job']);
  });

  it('does not start a job that stop() dropped before its turn came', async () => {
    startDueJobsAtOnce(limiter);
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    let ran = 0;
    limiter.on('debug', (message: string) => {
      // After Bottleneck has handed the job on (the rest of this callback), before the job starts.
      if (message.startsWith('Drained')) queueMicrotask(() => void limiter.stop({ dropWaitingJobs: true }));
    });
    await assert.rejects(limiter.schedule(async () => (ran += 1)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('unhandledRejection', listener);
    assert.equal(ran, 0);
    assert.deepEqual(unhandled, [], 'the dropped job was not started only to fail');
  });

  it('leaves a job with an expiration to Bottleneck, which still times it out', async () => {
    startDueJobsAtOnce(limiter);
    // The job outlives its expiration many times over (and then ends, so that a broken helper fails rather than hangs).
    const job = () => new Promise<void>((resolve) => setTimeout(resolve, 1_000));
    await assert.rejects(limiter.schedule({ expiration: 20 }, job), (error: Error) => error instanceof Bottleneck.BottleneckError && /timed out/.test(error.message));
  });
});
