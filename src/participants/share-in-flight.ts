/**
 * Identical calls in flight at the same time share one: the first starts it, the others get the
 * same promise until it settles (README, "Limits at scale": no wasted calls). The key must hold
 * everything that changes what is fetched, and nothing about who asks.
 */
export function shareInFlight<T>(): (key: string, start: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key, start) => {
    const pending = inFlight.get(key);
    if (pending !== undefined) return pending;
    const call = start().finally(() => inFlight.delete(key));
    inFlight.set(key, call);
    return call;
  };
}
