import type { Redis } from 'ioredis';
import { createMemoryPauseGate, type PauseGate } from '../participants/pause-gate.js';

/**
 * Extends the pause, never shortens it, atomically for every instance, and tells them on the
 * channel of the same name. The key expires when the pause ends, so a stale pause cannot outlive a
 * restart of every instance. Returns 1 when no pause was in effect: this call began a new episode.
 */
const EXTEND_PAUSE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local untilMs = tonumber(ARGV[1])
if untilMs <= current then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1])
redis.call('PUBLISH', KEYS[1], ARGV[1])
if current <= tonumber(ARGV[2]) then return 1 end
return 0
`;

export interface SharedPauseGate extends PauseGate {
  /** Closes the connection that listens for pauses. */
  close(): void;
}

/**
 * The pause shared by every instance on one Redis. Each instance keeps its own copy, and learns of
 * every pause another instance begins or extends from Redis's pub/sub, so that checking the pause
 * before each call costs no round trip (it was one of the shared limiter's round trips per lookup,
 * README, "Benchmarks"). Whenever the listening connection (re)connects, it reads the key once, for
 * a pause published while it was away. While it is not listening, each check reads the key, and
 * while Redis is away the own copy answers alone: the later of the two wins.
 */
export function createRedisPauseGate(redis: Redis, key: string): SharedPauseGate {
  const local = createMemoryPauseGate();
  const listener = redis.duplicate();
  let listening = false;

  const read = async () => Number((await redis.get(key)) ?? 0);
  listener.on('message', (_channel: string, message: string) => void local.pauseUntil(Number(message)));
  listener.on('ready', () => {
    // ioredis subscribes again by itself after a reconnect; asking twice is harmless.
    listener
      .subscribe(key)
      .then(read)
      .then((shared) => {
        void local.pauseUntil(shared);
        listening = listener.status === 'ready';
      })
      .catch(() => undefined);
  });
  listener.on('close', () => {
    listening = false;
  });
  // The main connection already says when Redis is away.
  listener.on('error', () => undefined);

  return {
    async pausedUntil() {
      const mine = await local.pausedUntil();
      if (listening || redis.status !== 'ready') return mine;
      try {
        return Math.max(mine, await read());
      } catch {
        return mine;
      }
    },
    async pauseUntil(epochMs) {
      const beganHere = await local.pauseUntil(epochMs);
      if (redis.status !== 'ready') return beganHere;
      try {
        return (await redis.eval(EXTEND_PAUSE, 1, key, String(Math.ceil(epochMs)), String(Date.now()))) === 1;
      } catch {
        return beganHere;
      }
    },
    close() {
      listener.disconnect();
    },
  };
}
