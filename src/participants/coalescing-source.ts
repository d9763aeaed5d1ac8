import { lookupKey } from './lookup-key.js';
import type { LookupOutcome, ParticipantSource } from './outcome.js';
import { shareInFlight } from './share-in-flight.js';

/**
 * Identical lookups in flight at the same time share one upstream call: ten people asking about
 * the same participant at once cost one call of the shared Webex budget, not ten.
 */
export function createCoalescingSource(source: ParticipantSource): ParticipantSource {
  const shared = shareInFlight<LookupOutcome>();
  return {
    lookup: (request) => shared(lookupKey(request), () => source.lookup(request)),
  };
}
