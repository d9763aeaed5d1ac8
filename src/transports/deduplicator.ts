/**
 * "Each command gets exactly one answer, also when Webex or Slack deliver it twice." Transports ask
 * `claim(key)` with the platform's own id of the event; only the first caller within `ttlMs` gets
 * true. This in-memory one serves a single instance; a Redis-backed one with the same interface
 * shares the claims between instances.
 */
export interface Deduplicator {
  claim(key: string): Promise<boolean>;
}

export class MemoryDeduplicator implements Deduplicator {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string): Promise<boolean> {
    const now = this.now();
    this.evictExpired(now);
    if (this.seen.has(key)) return false;
    this.seen.set(key, now + this.ttlMs);
    return true;
  }

  /** Map keeps insertion order, and every entry has the same ttl, so expired ones are at the front. */
  private evictExpired(now: number): void {
    for (const [key, expiresAt] of this.seen) {
      if (expiresAt > now) break;
      this.seen.delete(key);
    }
  }
}
