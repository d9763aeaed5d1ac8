import type { Redis } from 'ioredis';
import { MemoryDeduplicator, type Deduplicator } from './deduplicator.js';

/**
 * Claims shared by every instance: Webex or Slack may redeliver an event to another instance behind
 * the load balancer, and only one of them may answer. `SET NX PX` is the claim and its expiry in
 * one atomic step. While Redis is away each instance claims in memory: a redelivery to the same
 * instance is still caught, one to another instance may be answered twice, which beats no answer.
 */
export class RedisDeduplicator implements Deduplicator {
  private readonly fallback: MemoryDeduplicator;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlMs = 10 * 60_000,
  ) {
    this.fallback = new MemoryDeduplicator(ttlMs);
  }

  async claim(key: string): Promise<boolean> {
    if (this.redis.status !== 'ready') return this.fallback.claim(key);
    try {
      return (await this.redis.set(`${this.keyPrefix}${key}`, '1', 'PX', this.ttlMs, 'NX')) === 'OK';
    } catch {
      return this.fallback.claim(key);
    }
  }
}
