import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { createSealer } from '../tokens/sealed.js';
import type { TokenPair } from '../tokens/token-endpoint.js';
import type { TokenLock, TokenStore } from '../tokens/token-store.js';

/** Writes the pair only while the lock is the caller's: a renewal that outlived its lock stores nothing. */
const WRITE_IF_LOCKED = `
if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1
`;

/** Deletes the lock only if it is still the caller's, never one another instance took after it expired. */
const RELEASE_IF_LOCKED = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

const pairSchema = z.object({
  accessToken: z.string().min(1),
  accessExpiresAt: z.number(),
  issuedAt: z.number(),
  refreshToken: z.string().min(1),
  refreshExpiresAt: z.number().optional(),
});

export interface RedisTokenStoreOptions {
  redis: Redis;
  /** WEBEX_CLIENT_ID: the pair of one OAuth client lives under a key named for it. */
  clientId: string;
  /** WEBEX_CLIENT_SECRET: the encryption key is derived from it. */
  clientSecret: string;
  logger: Logger;
  /** Tests keep their keys apart: `participant-bot:webex-tokens` by default. */
  keyPrefix?: string;
  /** How long a lock lasts if its holder dies: longer than a renewal may take. */
  lockTtlMs?: number;
}

const DEFAULT_LOCK_TTL_MS = 30_000;
/** How long start-up waits for Redis before going on without it. */
const READY_TIMEOUT_MS = 3_000;

/** The Redis key of a client's pair; the lock is `<key>:lock`. Names the client without revealing it. */
export function tokenKeyFor(clientId: string, prefix = 'participant-bot:webex-tokens'): string {
  return `${prefix}:${createHash('sha256').update(clientId).digest('hex').slice(0, 12)}`;
}

/**
 * The token pair shared by every instance on one Redis, encrypted (see sealed.ts), and the lock
 * that makes exactly one of them renew (README, "Tokens that renew themselves").
 */
export function createRedisTokenStore(options: RedisTokenStoreOptions): TokenStore {
  const { redis, logger } = options;
  const key = tokenKeyFor(options.clientId, options.keyPrefix);
  const lockKey = `${key}:lock`;
  const lockTtlMs = options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS;
  const sealer = createSealer(options.clientSecret, options.clientId);
  /** Each lock this instance holds, with the random value that proves it is this one's. */
  const proofs = new WeakMap<TokenLock, string>();
  let warnedUnreadable = false;

  return {
    async ready() {
      if (redis.status === 'ready') return;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          redis.off('ready', done);
          resolve();
        };
        const timer = setTimeout(done, READY_TIMEOUT_MS);
        timer.unref();
        redis.once('ready', done);
      });
    },
    async read() {
      const sealed = await redis.get(key);
      if (sealed === null) return undefined;
      const opened = sealer.open(sealed, key);
      const parsed = opened === undefined ? undefined : pairSchema.safeParse(JSON.parse(opened));
      if (parsed?.success !== true) {
        // Another client secret sealed it (or someone wrote over it): start again from the environment.
        if (!warnedUnreadable) logger.warn({ key }, 'The Webex tokens stored in Redis cannot be read with this WEBEX_CLIENT_SECRET; the next renewal replaces them');
        warnedUnreadable = true;
        return undefined;
      }
      return parsed.data as TokenPair;
    },
    async lock() {
      const proof = randomUUID();
      if ((await redis.set(lockKey, proof, 'PX', lockTtlMs, 'NX')) !== 'OK') return undefined;
      const lock: TokenLock = {
        release: async () => {
          await redis.eval(RELEASE_IF_LOCKED, 1, lockKey, proof);
        },
      };
      proofs.set(lock, proof);
      return lock;
    },
    locked: async () => (await redis.exists(lockKey)) === 1,
    async write(pair, lock) {
      const proof = proofs.get(lock);
      if (proof === undefined) return false;
      return (await redis.eval(WRITE_IF_LOCKED, 2, key, lockKey, sealer.seal(JSON.stringify(pair), key), proof)) === 1;
    },
    onReturn(listener) {
      // `ready` comes once the connection is back and answers commands, after each reconnection.
      redis.on('ready', listener);
      return () => redis.off('ready', listener);
    },
  };
}
