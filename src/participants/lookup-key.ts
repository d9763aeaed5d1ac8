import type { LookupRequest } from './outcome.js';

/**
 * What makes two lookups the same upstream call: the participant and the effective `hostEmail`
 * filter (emails compare case-insensitively). The requester is not part of it: access is decided
 * per requester after the fetch (handle-command.ts), and the filter in the key keeps a host's
 * narrowed answer from ever serving an unfiltered request, or the other way round.
 */
export function lookupKey(request: LookupRequest): string {
  return JSON.stringify([request.participantId, request.hostEmail?.toLowerCase() ?? null]);
}
