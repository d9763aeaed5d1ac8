import { lookupKey } from './lookup-key.js';
import type { LookupOutcome, ParticipantSource } from './outcome.js';

/**
 * Identical lookups in flight at the same time share one upstream call: ten people asking about
 * the same participant at once cost one call of the shared Webex budget, not ten.
 */
export function createCoalescingSource(source: ParticipantSource): ParticipantSource {
  const inFlight = new Map<string, Promise<LookupOutcome>>();
  return {
    lookup(request) {
      const key = lookupKey(request);
      const pending = inFlight.get(key);
      if (pending !== undefined) return pending;
      const call = source.lookup(request).finally(() => inFlight.delete(key));
      inFlight.set(key, call);
      return call;
    },
  };
}
