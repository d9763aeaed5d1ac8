import Bottleneck from 'bottleneck';

/** The parts of Bottleneck 2.19.5 (lib/RedisDatastore.js, lib/Events.js) this touches; checked before use. */
interface Store {
  storeOptions: { highWater?: number | null; strategy?: unknown };
  runScript(name: string, args: string[]): Promise<unknown>;
  prepareArray(values: unknown[]): string[];
  __submit__(queueLength: number, weight: number): Promise<Submitted>;
}
interface Submitted {
  reachedHWM: boolean;
  blocked: boolean;
  strategy: unknown;
}
interface Internals {
  _store?: Partial<Store>;
  Events: { trigger(name: string, ...args: unknown[]): unknown };
}

/**
 * On Redis, Bottleneck queues each job with two scripts, one after the other: `submit` (count it
 * as queued here, and say whether the queue is over `highWater` or the limiter blocks) and, once
 * that answers, `register` (reserve its turn). Without `highWater` and the BLOCK strategy, as this
 * bot runs it (its own fair queue bounds the waiting, README, "Limits at scale"), `submit` can only
 * answer "go on": waiting for that answer costs a whole Redis round trip per lookup for nothing.
 *
 * This sends `submit` and lets the job go on at once: `register` follows on the same connection,
 * so Redis still runs `submit` first and its bookkeeping (the per-instance queued count) stays as
 * Bottleneck keeps it. A `submit` that fails is reported as the limiter's `error`, as Bottleneck
 * reports a failed `free`; the `register` after it fails too, and the job with it.
 */
export function submitWithoutWaiting(limiter: Bottleneck): void {
  const internals = limiter as unknown as Internals;
  const store = internals._store;
  if (
    store === undefined ||
    typeof store.runScript !== 'function' ||
    typeof store.prepareArray !== 'function' ||
    typeof store.__submit__ !== 'function' ||
    typeof internals.Events?.trigger !== 'function' ||
    store.storeOptions === undefined ||
    store.storeOptions.highWater != null ||
    store.storeOptions.strategy === Bottleneck.strategy.BLOCK
  ) {
    return;
  }
  const { runScript, prepareArray } = store as Store;
  const strategy = store.storeOptions.strategy ?? Bottleneck.strategy.LEAK;
  store.__submit__ = (queueLength, weight) => {
    runScript.call(store, 'submit', prepareArray.call(store, [queueLength, weight])).catch((error: unknown) => {
      internals.Events.trigger('error', error);
    });
    return Promise.resolve({ reachedHWM: false, blocked: false, strategy });
  };
}
