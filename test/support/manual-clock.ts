import type { Clock } from '../../src/tokens/clock.js';

/** A clock that moves only when a test says: timers due by then run, in order, and nothing sleeps. */
export class ManualClock implements Clock {
  private time: number;
  private readonly timers = new Set<{ at: number; run: () => void }>();

  constructor(start = Date.UTC(2026, 10, 25, 9)) {
    this.time = start;
  }

  now = (): number => this.time;

  after(ms: number, run: () => void): () => void {
    const timer = { at: this.time + ms, run };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Timers waiting: a renewal schedule sets its next one only once its round has finished. */
  pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = [...this.timers].filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      this.timers.delete(next);
      this.time = next.at;
      next.run();
    }
    this.time = end;
  }
}
