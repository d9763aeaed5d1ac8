import type { MeetingRef, RecordsOutcome, ResolveOutcome } from './meetings.js';
import { ROSTER_PAGE_SIZE } from './meetings.js';
import { meetingListSchema, participantListSchema, type Meeting } from './meetings-schema.js';
import { nextLink } from './link-header.js';
import type { LookupFailure } from './outcome.js';
import type { Participant } from './schema.js';
import { createWebexHttp, validate, type WebexHttpOptions } from './webex-http.js';

/** A meeting named by its number or its link: what List Meetings can look up. */
export interface ListMeetingsRequest {
  meeting: Exclude<MeetingRef, { kind: 'id' }>;
  hostEmail?: string;
}

export interface RosterPageRequest {
  meetingId: string;
  hostEmail?: string;
  /** The query of the previous page's next link (its cursor); absent for the first page. */
  after?: URLSearchParams;
}

export type RosterPageOutcome =
  | { ok: true; participants: Participant[]; next?: URLSearchParams; trackingId?: string }
  | { ok: false; failure: LookupFailure };

export interface QueryByEmailRequest {
  meetingId: string;
  hostEmail?: string;
  email: string;
}

/** One attempt at each meeting call; pacing, retries and paging are the caller's (meeting-source.ts). */
export interface WebexMeetingsClient {
  listMeetings(request: ListMeetingsRequest): Promise<ResolveOutcome>;
  rosterPage(request: RosterPageRequest): Promise<RosterPageOutcome>;
  queryByEmail(request: QueryByEmailRequest): Promise<RecordsOutcome>;
}

/** A page holds up to 100 participants of a few KB each. */
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The Webex calls behind `MeetingSource` (README, "Upstream"), failing as the participant lookup
 * does (webex-http.ts). A token needs `meeting:admin_schedule_read` (or a user's own
 * `meeting:schedules_read`) for List Meetings, and `meeting:admin_participants_read` for the others;
 * a 401 or 403 keeps its kind and status so the reply can name the missing scope.
 */
export function createWebexMeetingsClient(options: WebexHttpOptions): WebexMeetingsClient {
  const http = createWebexHttp({ maxBodyBytes: DEFAULT_MAX_BODY_BYTES, ...options });

  return {
    async listMeetings({ meeting, hostEmail }) {
      const url = http.url('/meetings', {
        ...(meeting.kind === 'number' ? { meetingNumber: meeting.meetingNumber } : { webLink: meeting.webLink }),
        meetingType: 'meeting',
        hostEmail,
      });
      const answer = await http.send(url);
      if (!answer.ok) return answer;
      const checked = validate(answer, meetingListSchema, 'meeting list');
      if (!checked.ok) return checked;
      const tracking = checked.trackingId !== undefined ? { trackingId: checked.trackingId } : {};
      const chosen = chooseInstance(checked.value.items);
      if (chosen === undefined) {
        return { ok: false, failure: { kind: 'notFound', ...tracking, detail: 'no meeting in progress or ended under that number or link' } };
      }
      // Webex leaves the number out of ended instances; the one asked for still names the meeting.
      const meetingNumber = chosen.meetingNumber ?? (meeting.kind === 'number' ? meeting.meetingNumber : undefined);
      return {
        ok: true,
        meeting: {
          meetingId: chosen.id,
          ...(meetingNumber !== undefined ? { meetingNumber } : {}),
          ...(chosen.title !== undefined ? { title: chosen.title } : {}),
        },
        ...tracking,
      };
    },

    async rosterPage({ meetingId, hostEmail, after }) {
      const url = http.url('/meetingParticipants');
      // The next link's cursor, with our own filters on top: next links have been seen to drop them.
      const query = new URLSearchParams(after);
      query.set('meetingId', meetingId);
      query.set('max', String(ROSTER_PAGE_SIZE));
      if (hostEmail !== undefined) query.set('hostEmail', hostEmail);
      else query.delete('hostEmail');
      url.search = query.toString();
      const answer = await http.send(url);
      if (!answer.ok) return answer;
      const checked = validate(answer, participantListSchema, 'participant list');
      if (!checked.ok) return checked;
      const tracking = checked.trackingId !== undefined ? { trackingId: checked.trackingId } : {};
      const link = nextLink(answer.headers.get('link'));
      if (link === undefined) return { ok: true, participants: checked.value.items, ...tracking };
      // Only the link's query is used: the next request goes to our own base URL, so the token
      // never follows a link elsewhere.
      const next = URL.canParse(link, url.href) ? new URL(link, url).searchParams : undefined;
      if (next === undefined) {
        return { ok: false, failure: { kind: 'invalidBody', status: 200, ...tracking, detail: 'the next link is not a URL' } };
      }
      return { ok: true, participants: checked.value.items, next, ...tracking };
    },

    async queryByEmail({ meetingId, hostEmail, email }) {
      const url = http.url('/meetingParticipants/query', { meetingId, hostEmail });
      const answer = await http.send(url, { json: { emails: [email] } });
      if (!answer.ok) return answer;
      const checked = validate(answer, participantListSchema, 'participant list');
      if (!checked.ok) return checked;
      return {
        ok: true,
        participants: checked.value.items,
        complete: true,
        ...(checked.trackingId !== undefined ? { trackingId: checked.trackingId } : {}),
      };
    },
  };
}

/**
 * The instance a number or a link stands for: the one in progress, else the latest ended one (by
 * `start`). Scheduled meetings and series (`ready`, `scheduled`, …) have no participants to show.
 */
function chooseInstance(meetings: readonly Meeting[]): Meeting | undefined {
  const latest = (state: string) =>
    meetings
      .filter((meeting) => meeting.state === state)
      .sort((a, b) => startOf(b) - startOf(a))
      .at(0);
  return latest('inProgress') ?? latest('ended');
}

/** An instance without a readable start sorts last. */
const startOf = (meeting: Meeting): number => {
  const at = Date.parse(meeting.start ?? '');
  return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at;
};
