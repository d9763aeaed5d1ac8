import { lookupKey } from './lookup-key.js';
import type { LookupOutcome, ParticipantSource } from './outcome.js';
import type { Participant } from './schema.js';

export interface EndedMeetingCacheOptions {
  source: ParticipantSource;
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/** A participant who has left an ended meeting: their record will not change any more. */
const isFinal = (participant: Participant): boolean =>
  participant.state === 'end' && participant.leftTime !== undefined && !Number.isNaN(Date.parse(participant.leftTime));

/**
 * Keeps answers about ended meetings for a short while: people tend to ask about the same meeting
 * right after it ends, and those answers cannot change. Anything else (a live meeting, a failure)
 * goes upstream every time. Keyed like the coalescing (participant and host filter), so a cached
 * answer never reaches a request with a wider filter; access is still decided per requester.
 */
export function createEndedMeetingCache(options: EndedMeetingCacheOptions): ParticipantSource {
  const { source } = options;
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  // Insertion order is expiry order (one ttl for all), so the oldest entry is always the first.
  const entries = new Map<string, { outcome: LookupOutcome; expiresAt: number }>();

  const evict = (at: number) => {
    for (const [key, entry] of entries) {
      if (entry.expiresAt > at && entries.size <= maxEntries) break;
      entries.delete(key);
    }
  };

  return {
    async lookup(request) {
      const key = lookupKey(request);
      evict(now());
      const hit = entries.get(key);
      if (hit !== undefined) return hit.outcome;
      const outcome = await source.lookup(request);
      if (outcome.ok && isFinal(outcome.participant)) {
        // Re-inserted, not updated in place, so that the order stays the order of expiry.
        entries.delete(key);
        entries.set(key, { outcome, expiresAt: now() + ttlMs });
        evict(now());
      }
      return outcome;
    },
  };
}
