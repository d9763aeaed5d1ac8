/**
 * Work the bot has accepted and not finished: commands, and (through the transports) the replies
 * to them. Shutdown waits on `drain()` so that a deploy does not cut a lookup or a reply in half.
 */
export class InFlight {
  private count = 0;
  private readonly waiters = new Set<() => void>();

  get size(): number {
    return this.count;
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count += 1;
    try {
      return await work();
    } finally {
      this.count -= 1;
      if (this.count === 0) for (const wake of [...this.waiters]) wake();
    }
  }

  /** Resolves true once nothing is in flight, or false if `timeoutMs` passes first. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (drained: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(onIdle);
        resolve(drained);
      };
      const onIdle = () => finish(true);
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.waiters.add(onIdle);
    });
  }
}
