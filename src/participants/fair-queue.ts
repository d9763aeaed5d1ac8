import { runThen } from './limiter.js';

export interface FairQueueOptions {
  /** Tasks handed on at once; the rest wait here, in turn. */
  width: number;
}

export interface FairQueue {
  /** Runs `task` on `key`'s turn, once fewer than `width` tasks are running; settles as `task` does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Tasks waiting for their turn (not yet handed on). */
  readonly waiting: number;
}

/**
 * Round-robin between keys (requesters): each key has its own FIFO line, and the keys with
 * something waiting take turns, one task each. One person's burst of 25 is served in full,
 * interleaved with everyone else's lookups, and never makes a newcomer wait behind all of it
 * (README, "Limits at scale"). Only `width` tasks are handed on at once, so the order is decided
 * here rather than in the limiter's own queue beneath.
 */
export function createFairQueue(options: FairQueueOptions): FairQueue {
  const { width } = options;
  // Insertion order is the ring: the key served is taken from the front and, if it has more
  // waiting, put back at the end.
  const lines = new Map<string, Array<() => void>>();
  let running = 0;
  let waiting = 0;

  const pump = () => {
    while (running < width) {
      const next = lines.entries().next();
      if (next.done === true) return;
      const [key, line] = next.value;
      lines.delete(key);
      const start = line.shift();
      if (line.length > 0) lines.set(key, line);
      if (start === undefined) continue;
      waiting -= 1;
      running += 1;
      start();
    }
  };

  return {
    run: (key, task) =>
      new Promise((resolve, reject) => {
        const line = lines.get(key) ?? [];
        if (line.length === 0) lines.set(key, line);
        line.push(() =>
          runThen(task, resolve, reject, () => {
            running -= 1;
            pump();
          }),
        );
        waiting += 1;
        pump();
      }),
    get waiting() {
      return waiting;
    },
  };
}
