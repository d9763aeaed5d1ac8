import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/**
 * The one Redis client of an instance: the shared limit, the shared pause and the de-duplication
 * all use it (Bottleneck on a duplicate of it). Tuned to fail fast rather than wait: while Redis
 * is away every command errors at once (no offline queue) and each user of Redis falls back to
 * working alone, so a Redis outage never holds a reply back.
 */
export function createRedisClient(url: string, logger: Logger, overrides: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    // Keep trying for as long as the process runs: the bot rejoins the shared limit when Redis is back.
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
    ...overrides,
  });
  // The URL may carry a password: name only the server in logs.
  const server = describeServer(url);
  let warned = false;
  redis.on('ready', () => {
    warned = false;
    logger.info({ redis: server }, 'Redis connected: instances share the Webex limit and de-duplication');
  });
  // ioredis reports every failed reconnect; one warning per outage is enough to tell the operator.
  const warnOnce = (error?: Error) => {
    if (warned) return;
    warned = true;
    logger.warn(
      { redis: server, err: error },
      'Redis unavailable: this instance paces Webex calls and de-duplicates alone until it is back',
    );
  };
  // A refused or failed connection errors; a lost one reconnects. A connection being made at start
  // does neither, nor does a deliberate disconnect at shutdown (it closes, then ends): no warning.
  redis.on('error', warnOnce);
  redis.on('reconnecting', () => warnOnce());
  return redis;
}

function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}${parsed.pathname}`;
}
