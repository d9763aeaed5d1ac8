import type { Redis } from 'ioredis';
import { connect, deleteKeys, uniqueId, untilReady } from '../redis/support.js';

/**
 * For a file of watch store tests on the real Redis server: one client, and a fresh key prefix for
 * each store, whose keys are deleted once the file's tests are done.
 */
export function redisForStores(name: string): { redis(): Redis; freshPrefix(): string } {
  const prefixes: string[] = [];
  let redis: Redis;

  before(async () => {
    redis = connect();
    await untilReady(redis);
  });

  after(async () => {
    for (const prefix of prefixes) await deleteKeys(redis, `${prefix}*`);
    redis.disconnect();
  });

  return {
    redis: () => redis,
    freshPrefix: () => {
      const prefix = `${uniqueId(name)}:`;
      prefixes.push(prefix);
      return prefix;
    },
  };
}
