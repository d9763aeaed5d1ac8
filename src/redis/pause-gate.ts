import type { Redis } from 'ioredis';
import { createMemoryPauseGate, type PauseGate } from '../participants/pause-gate.js';

/**
 * Extends the pause, never shortens it, atomically for every instance. The key expires when the
 * pause ends, so a stale pause cannot outlive a restart of every instance. Returns 1 when no pause
 * was in effect: this call began a new episode.
 */
const EXTEND_PAUSE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local untilMs = tonumber(ARGV[1])
if untilMs <= current then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1])
if current <= tonumber(ARGV[2]) then return 1 end
return 0
`;

/**
 * The pause shared by every instance on one Redis. It also keeps its own copy, which answers when
 * Redis is away and covers a pause this instance learnt while it was: the later of the two wins.
 */
export function createRedisPauseGate(redis: Redis, key: string): PauseGate {
  const local = createMemoryPauseGate();
  return {
    async pausedUntil() {
      const mine = await local.pausedUntil();
      if (redis.status !== 'ready') return mine;
      try {
        return Math.max(mine, Number((await redis.get(key)) ?? 0));
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
  };
}
