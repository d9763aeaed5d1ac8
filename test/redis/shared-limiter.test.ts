import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import sinon from 'sinon';
import { createSharedLimiter, type SharedLimiter } from '../../src/redis/shared-limiter.js';
import { connect, deleteKeys, uniqueId, until, untilReady } from './support.js';

type Script = (...args: unknown[]) => unknown;

/** The shared limiter itself, on the real Redis server: what a job sees of it. */
describe('the shared limiter (createSharedLimiter, real Redis server)', () => {
  let redis: Redis;
  let limiter: SharedLimiter | undefined;
  let id: string;

  beforeEach(async () => {
    redis = connect();
    await untilReady(redis);
    id = uniqueId('shared');
  });

  afterEach(async () => {
    await limiter?.close();
    limiter = undefined;
    sinon.restore();
    await deleteKeys(redis, `b_${id}*`);
    redis.disconnect();
  });

  const join = async () => {
    limiter = createSharedLimiter({ redis, id, minTime: 5, maxConcurrent: 5, logger: pino({ level: 'silent' }) });
    await until(() => limiter?.isShared() === true, 'the limiter joins the shared limit');
    return limiter;
  };

  it('runs each job once, whatever it answers (undefined included)', async () => {
    const shared = await join();
    let runs = 0;
    const answers = await Promise.all([
      shared.schedule(async () => void (runs += 1)),
      shared.schedule(async () => ((runs += 1), 'found')),
    ]);
    assert.deepEqual(answers, [undefined, 'found']);
    assert.equal(runs, 2);
  });

  it("passes a job's failure on, without running it again", async () => {
    const shared = await join();
    let runs = 0;
    await assert.rejects(
      shared.schedule(async () => {
        runs += 1;
        throw new Error('Webex said no');
      }),
      /Webex said no/,
    );
    assert.equal(runs, 1);
  });

  it("reserves a job's turn without waiting for Bottleneck's submit to answer (README, \"Benchmarks\")", async () => {
    // Bottleneck's connection is a duplicate of the instance's client: watch its scripts as it defines them.
    const sent: string[] = [];
    const duplicate = redis.duplicate.bind(redis);
    sinon.stub(redis, 'duplicate').callsFake(() => {
      const client = duplicate();
      const define = client.defineCommand.bind(client);
      sinon.stub(client, 'defineCommand').callsFake((name, definition) => {
        define(name, definition);
        const scripts = client as unknown as Record<string, Script>;
        const script = scripts[name];
        if (script === undefined || (name !== 'submit' && name !== 'register')) return;
        scripts[name] = (...args: unknown[]) => {
          sent.push(`${name} sent`);
          const callback = args.pop() as (error: unknown, reply: unknown) => void;
          return script.apply(client, [...args, (error: unknown, reply: unknown) => {
            sent.push(`${name} answered`);
            callback(error, reply);
          }]);
        };
      });
      return client;
    });
    const shared = await join();
    assert.equal(await shared.schedule(async () => 'found'), 'found');
    assert.deepEqual(sent.slice(0, 3), ['submit sent', 'register sent', 'submit answered']);
  });
});
