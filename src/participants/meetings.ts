import type { LookupFailure } from './outcome.js';
import type { Participant } from './schema.js';

/**
 * Finding participants from what people know (README, "Commands"): a meeting by its id, its number
 * or its link, its roster, and the records of one email in it. The handler decides who may see
 * what; a `MeetingSource` only fetches, paced and retried like every call to Webex.
 */

/** A meeting as a person names it. */
export type MeetingRef =
  /** 32 hex digits, optionally `_I_<digits>` for one instance of a series. */
  | { kind: 'id'; meetingId: string }
  /** The meeting number as Webex shows it, digits only (9 to 13). */
  | { kind: 'number'; meetingNumber: string }
  /** `https://<site>.webex.com/…`, as the invitation gives it. */
  | { kind: 'link'; webLink: string };

/** The meeting a number or a link stands for: the instance in progress, else the latest ended one. */
export interface ResolvedMeeting {
  meetingId: string;
  meetingNumber?: string;
  title?: string;
}

export type ResolveOutcome = { ok: true; meeting: ResolvedMeeting; trackingId?: string } | { ok: false; failure: LookupFailure };

/**
 * Every record a roster or a query gave. `complete` is false when the roster had more pages than
 * the bot reads (10 of 100): the totals then say "at least".
 */
export type RecordsOutcome =
  | { ok: true; participants: Participant[]; complete: boolean; trackingId?: string }
  | { ok: false; failure: LookupFailure };

export interface MeetingCall {
  /** Becomes the `hostEmail` query parameter of every call when present. */
  hostEmail?: string;
  /** Who asks, for the fair queue only: it never changes what is fetched. */
  requesterKey?: string;
}

export interface MeetingSource {
  /** List Meetings by number or link (`meetingType=meeting`); an id is returned as it is, with no call. */
  resolve(request: MeetingCall & { meeting: MeetingRef }): Promise<ResolveOutcome>;
  /** List Meeting Participants, page by page (each page one turn of the limiter). */
  roster(request: MeetingCall & { meetingId: string }): Promise<RecordsOutcome>;
  /** Query Meeting Participants with Email: every record of `email` in the meeting. */
  queryByEmail(request: MeetingCall & { meetingId: string; email: string }): Promise<RecordsOutcome>;
}

/** Pages of 100, at most 10: a roster beyond 1,000 people is reported as "at least 1,000". */
export const ROSTER_PAGE_SIZE = 100;
export const ROSTER_MAX_PAGES = 10;
