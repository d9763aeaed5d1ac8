import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createLocalLimiter, type Limiter } from '../participants/limiter.js';
import { startDueJobsAtOnce } from './start-due-jobs.js';
import { submitWithoutWaiting } from './submit-without-waiting.js';

export interface SharedLimiterOptions {
  /** The instance's client: watched for `ready` and `close`, and duplicated for Bottleneck. */
  redis: Redis;
  /** Bottleneck's limiter id: the same for every instance that spends the same Webex budget. */
  id: string;
  minTime: number;
  /** Attempts in flight at once, for all instances together while shared. */
  maxConcurrent: number;
  logger: Logger;
  /** Pause before joining again after the shared limiter failed. */
  rejoinDelayMs?: number;
  /** A join that takes longer is given up (Redis went away halfway). */
  joinTimeoutMs?: number;
}

export interface SharedLimiter extends Limiter {
  /** True while the pace is shared through Redis; false while this instance paces alone. */
  isShared(): boolean;
}

/**
 * How much wider than asked the shared pace spaces its starts. Bottleneck reserves each start in
 * Redis, but each instance starts its job on its own timer after the reservation's round trip, so
 * two calls can leave closer together than `minTime` by the difference of those delays: measured
 * at 15-35 ms on a busy 2-core machine, once 120 ms (README, "Limits at scale"), enough for Webex
 * to count one call too many in a second and answer 429. Over any window W, 5% wider spacing absorbs 0.05·W of such
 * jitter (50 ms in one second), at the cost of 5% of the rate; one instance alone starts each job
 * `minTime` after the previous one's actual start and needs none.
 */
export const SHARED_HEADROOM = 0.05;
const widened = (ms: number) => ms * (1 + SHARED_HEADROOM);
/** Back to the pace as asked: the adaptive pace reads what it wrote, so this rounds to whole ms as it writes them. */
const asAsked = (ms: number) => Math.max(1, Math.round(ms / (1 + SHARED_HEADROOM)));

interface Cluster {
  limiter: Bottleneck;
  connection: Bottleneck.IORedisConnection;
}

/**
 * Bottleneck's clustering on Redis, with the local limiter to fall back on. While Redis is there,
 * every instance draws from one shared pace (`minTime` and `maxConcurrent` live in Redis, and
 * `updateSettings` changes them for all). When the connection closes, or the clustered limiter
 * fails, this instance paces alone, warns, and joins again when Redis is ready.
 *
 * Lost keys: Bottleneck 2.19.5 re-creates its settings when a script answers
 * `SETTINGS_KEY_NOT_FOUND`, but it compares the message exactly, and Redis 7 prefixes it with
 * `ERR ` (SGrondin/bottleneck#205, #212). Every job then fails, and so does the heartbeat, every
 * 5 s even when idle. Either failure makes this wrapper drop that limiter and build a new one,
 * whose `init` writes the settings again; jobs in between run on the local limiter.
 */
export function createSharedLimiter(options: SharedLimiterOptions): SharedLimiter {
  const { redis, id, maxConcurrent, logger } = options;
  const rejoinDelayMs = options.rejoinDelayMs ?? 1_000;
  const joinTimeoutMs = options.joinTimeoutMs ?? 5_000;
  const local = createLocalLimiter({ minTime: options.minTime, maxConcurrent });
  // Bottleneck's own name for the hash holding a clustered limiter's settings (see its README).
  const settingsKey = `b_${id}_settings`;
  let cluster: Cluster | undefined;
  let joining = false;
  let closed = false;
  let rejoinTimer: NodeJS.Timeout | undefined;

  const release = ({ limiter, connection }: Cluster) => {
    // Waiting jobs are rejected and run again on whatever is active then; running ones finish.
    limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
    void connection.disconnect(false);
  };

  const scheduleRejoin = () => {
    if (closed || rejoinTimer !== undefined) return;
    rejoinTimer = setTimeout(() => {
      rejoinTimer = undefined;
      void join();
    }, rejoinDelayMs);
    rejoinTimer.unref();
  };

  const leave = (err: unknown) => {
    const old = cluster;
    if (old === undefined) return;
    cluster = undefined;
    release(old);
    logger.warn({ err, limiterId: id }, 'Shared Webex limit unavailable: this instance paces its lookups alone for now');
    scheduleRejoin();
  };

  const join = async () => {
    if (closed || cluster !== undefined || joining || redis.status !== 'ready') return;
    joining = true;
    const connection = new Bottleneck.IORedisConnection({ client: redis.duplicate() });
    const limiter = new Bottleneck({
      id,
      datastore: 'ioredis',
      connection,
      // Other instances may be running on these keys: join their state, never wipe it.
      clearDatastore: false,
      minTime: widened(await local.minTime()),
      maxConcurrent,
    });
    submitWithoutWaiting(limiter);
    startDueJobsAtOnce(limiter);
    const onError = (error: unknown) => {
      if (cluster?.limiter === limiter) leave(error);
    };
    limiter.on('error', onError);
    connection.on('error', onError);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        limiter.ready(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`not ready within ${joinTimeoutMs} ms`)), joinTimeoutMs);
        }),
      ]);
      if (closed || redis.status !== 'ready') throw new Error('Redis went away while joining');
      cluster = { limiter, connection };
      logger.info({ limiterId: id }, 'Joined the shared Webex limit in Redis');
    } catch (error) {
      release({ limiter, connection });
      logger.warn({ err: error, limiterId: id }, 'Could not join the shared Webex limit; trying again');
      scheduleRejoin();
    } finally {
      clearTimeout(timer);
      joining = false;
    }
  };

  const onReady = () => void join();
  const onClose = () => leave(new Error('Redis connection closed'));
  redis.on('ready', onReady);
  redis.on('close', onClose);
  // Until Redis is ready (at start, the connection is still being made) this instance paces alone;
  // whether Redis is really away is the connection's to say (src/redis/connection.ts), once.
  if (redis.status === 'ready') void join();

  return {
    async schedule<T>(task: () => Promise<T>): Promise<T> {
      for (;;) {
        const active = cluster;
        if (active === undefined) return local.schedule(task);
        // Bottleneck may reject a job that never ran (Redis failed) or, after a drop, one that is
        // running: only the first may run again elsewhere, the second answers with its own result.
        // The caller gets the task's result as soon as it settles: Bottleneck then frees the slot
        // in Redis (one more round trip) without the caller waiting for it.
        // The task's promise travels in an object: resolving with the promise itself would wait
        // for it and take its result, and a task that answers `undefined` would be run again.
        const run = await new Promise<{ running: Promise<T> } | undefined>((resolve) => {
          let started = false;
          active.limiter
            .schedule(() => {
              started = true;
              const running = task();
              resolve({ running });
              return running.then(
                () => undefined,
                () => undefined,
              );
            })
            .catch((error: unknown) => {
              if (started) return;
              if (cluster === active) leave(error);
              resolve(undefined);
            });
        });
        if (run !== undefined) return run.running;
      }
    },
    async minTime() {
      if (cluster !== undefined) {
        try {
          const shared = Number(await redis.hget(settingsKey, 'minTime'));
          if (shared > 0) return asAsked(shared);
        } catch {
          // Redis is going away: the local pace is the one in force soon anyway.
        }
      }
      return local.minTime();
    },
    async setMinTime(ms) {
      await local.setMinTime(ms);
      const active = cluster;
      if (active === undefined) return;
      try {
        // Typed as returning the limiter, but async: in cluster mode it writes the pace for all.
        await active.limiter.updateSettings({ minTime: widened(ms) });
      } catch (error) {
        if (cluster === active) leave(error);
      }
    },
    isShared: () => cluster !== undefined,
    async close() {
      closed = true;
      clearTimeout(rejoinTimer);
      redis.off('ready', onReady);
      redis.off('close', onClose);
      const active = cluster;
      cluster = undefined;
      if (active !== undefined) {
        await active.limiter.disconnect(false);
        await active.connection.disconnect(false);
      }
    },
  };
}
