import {
  ROSTER_MAX_PAGES,
  type MeetingCall,
  type MeetingSource,
  type RecordsOutcome,
  type ResolveOutcome,
} from './meetings.js';
import type { Participant } from './schema.js';
import type { RateLimitedSource } from './rate-limited-source.js';
import type { RosterPageRequest, WebexMeetingsClient } from './webex-meetings-client.js';
import { shareInFlight } from './share-in-flight.js';

export interface MeetingSourceOptions {
  /** One attempt per call (webex-meetings-client.ts), typically instrumented. */
  client: WebexMeetingsClient;
  /** The limiter lookups go through: each attempt, each roster page, is one turn of it. */
  limited: Pick<RateLimitedSource, 'call'>;
}

/**
 * `MeetingSource` on the shared Webex budget (README, "Limits at scale"): every attempt goes through
 * the limiter on its requester's turn, a roster page by page, so a 429 on page 3 pauses everyone
 * and then goes on from page 3. Identical calls in flight (same meeting, same host filter) share
 * one; who may see the answer is decided per requester afterwards, by the handler.
 */
export function createMeetingSource(options: MeetingSourceOptions): MeetingSource {
  const { client, limited } = options;
  const resolves = shareInFlight<ResolveOutcome>();
  const records = shareInFlight<RecordsOutcome>();

  const readRoster = async (request: MeetingCall & { meetingId: string }): Promise<RecordsOutcome> => {
    const participants: Participant[] = [];
    let page: RosterPageRequest = filtersOf(request);
    let trackingId: string | undefined;
    for (let read = 0; read < ROSTER_MAX_PAGES; read += 1) {
      // One request object per page: the metrics count a second attempt at it as a retry.
      const pageRequest = page;
      const outcome = await limited.call(request.requesterKey, () => client.rosterPage(pageRequest));
      // Never half a roster as if whole: a page that cannot be read fails the roster.
      if (!outcome.ok) return outcome;
      participants.push(...outcome.participants);
      trackingId = outcome.trackingId ?? trackingId;
      const tracking = trackingId !== undefined ? { trackingId } : {};
      if (outcome.next === undefined) return { ok: true, participants, complete: true, ...tracking };
      page = { ...filtersOf(request), after: outcome.next };
    }
    // More pages than the bot reads: what it has, said to be incomplete.
    return { ok: true, participants, complete: false, ...(trackingId !== undefined ? { trackingId } : {}) };
  };

  return {
    async resolve(request) {
      const { meeting } = request;
      if (meeting.kind === 'id') return { ok: true, meeting: { meetingId: meeting.meetingId } };
      const listRequest = { meeting, ...hostOf(request) };
      const named = meeting.kind === 'number' ? meeting.meetingNumber : meeting.webLink;
      return resolves(callKey(request, 'resolve', meeting.kind, named), () =>
        limited.call(request.requesterKey, () => client.listMeetings(listRequest)),
      );
    },
    roster: (request) => records(callKey(request, 'roster', request.meetingId), () => readRoster(request)),
    queryByEmail(request) {
      const queryRequest = { ...filtersOf(request), email: request.email };
      return records(callKey(request, 'query', request.meetingId, request.email.toLowerCase()), () =>
        limited.call(request.requesterKey, () => client.queryByEmail(queryRequest)),
      );
    },
  };
}

const hostOf = (request: MeetingCall): { hostEmail?: string } =>
  request.hostEmail !== undefined ? { hostEmail: request.hostEmail } : {};

const filtersOf = (request: MeetingCall & { meetingId: string }): RosterPageRequest => ({ meetingId: request.meetingId, ...hostOf(request) });

/**
 * What makes two calls the same: the call, what it names and the effective host filter (emails
 * compare case-insensitively), never the requester, as in lookup-key.ts.
 */
function callKey(request: MeetingCall, ...parts: string[]): string {
  return JSON.stringify([...parts, request.hostEmail?.toLowerCase() ?? null]);
}
