// A cycle with the emulator, which mounts these routes; only called at request time, so harmless.
import { webexError, type EmulatorRequest, type EmulatorResponse, type RouteHandler } from './webex-api-emulator.js';

/**
 * The emulator's meetings and their rosters (README, "Upstream"): List Meetings by number or link,
 * List Meeting Participants page by page with a `Link` header, and Query Meeting Participants with
 * Email. Mounted on the emulator's router, so its token check, scripted failures and rate limit
 * apply here as everywhere.
 */

/** One meeting as List Meetings returns it, with the roster the participant endpoints serve. */
export interface EmulatedMeeting {
  id: string;
  meetingNumber?: string;
  webLink?: string;
  title?: string;
  /** `inProgress`, `ended`, or any other state of Webex's list. */
  state: string;
  /** ISO 8601. */
  start: string;
  hostEmail: string;
  /** `meeting` (an instance in progress or ended) unless given. */
  meetingType?: string;
  /** In the order the roster lists them; each needs an `id`, and an `email` to be found by a query. */
  participants?: ReadonlyArray<{ id: string; email?: string } & Record<string, unknown>>;
}

export interface EmulatedMeetingsOptions {
  /** Whether a bearer token is one the emulator issued and is still good: the same check every endpoint makes. */
  accepts: (bearer: string | undefined) => boolean;
  /**
   * Next links carry only the cursor: next links have been seen to drop the query, so the client
   * must put its own filters back on every page. A page asked without `meetingId` then gets 400.
   */
  nextLinksDropQuery?: boolean;
}

/** Webex's page size when `max` is not given. */
const DEFAULT_MAX = 10;
const MAX_MAX = 100;

const sameEmail = (a: string | undefined, b: string | undefined) => a?.toLowerCase() === b?.toLowerCase();

/** A cursor that is not an obvious offset, so a client has to follow the link rather than count. */
const cursorFor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
function offsetOf(cursor: string | null): number | undefined {
  if (cursor === null) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/**
 * A meeting as List Meetings gives it: every field its documented schema requires, so that the
 * client is tested against the shape Webex sends (README, "Conformance with Webex's API"); the bot
 * reads only a few of them.
 */
function listed({ participants: _roster, ...meeting }: EmulatedMeeting): Record<string, unknown> {
  const seriesId = meeting.id.split('_')[0] ?? meeting.id;
  const start = Date.parse(meeting.start);
  return {
    meetingSeriesId: seriesId,
    title: 'Emulated meeting',
    password: 'emulated',
    meetingType: 'meeting',
    timezone: 'UTC',
    end: new Date((Number.isNaN(start) ? 0 : start) + 60 * 60_000).toISOString(),
    hostUserId: Buffer.from(`ciscospark://us/PEOPLE/${meeting.hostEmail}`).toString('base64url'),
    hostDisplayName: meeting.hostEmail,
    hostKey: '123456',
    siteUrl: 'sandbox.webex.example.com',
    webLink: `https://sandbox.webex.com/sandbox/j.php?MTID=m${seriesId}`,
    telephony: { accessCode: meeting.meetingNumber ?? '000000000', callInNumbers: [] },
    enabledBreakoutSessions: false,
    ...meeting,
  };
}

export function createEmulatedMeetings(options: EmulatedMeetingsOptions) {
  const { accepts } = options;
  const meetings: EmulatedMeeting[] = [];

  /** The meeting a participant call names, or the error Webex would give instead. */
  const meetingFor = (request: EmulatorRequest): EmulatedMeeting | EmulatorResponse => {
    const meetingId = request.query.get('meetingId');
    if (meetingId === null || meetingId === '') return webexError(400, request.trackingId, 'meetingId is required.');
    const meeting = meetings.find((candidate) => candidate.id === meetingId);
    const hostEmail = request.query.get('hostEmail');
    // Webex filters by host when asked: someone else's meeting reads as "not found".
    if (meeting === undefined || (hostEmail !== null && !sameEmail(hostEmail, meeting.hostEmail))) {
      return webexError(404, request.trackingId);
    }
    return meeting;
  };

  const listMeetings: RouteHandler = (request) => {
    if (!accepts(request.bearer)) return webexError(401, request.trackingId);
    const meetingNumber = request.query.get('meetingNumber');
    const webLink = request.query.get('webLink');
    if ((meetingNumber === null) === (webLink === null)) {
      return webexError(400, request.trackingId, 'Exactly one of meetingNumber and webLink is supported here.');
    }
    const hostEmail = request.query.get('hostEmail');
    // `meetingType` and `state` are ignored alongside a number or a link, as Webex documents.
    const items = meetings
      .filter((meeting) => (meetingNumber !== null ? meeting.meetingNumber === meetingNumber : meeting.webLink === webLink))
      .filter((meeting) => hostEmail === null || sameEmail(hostEmail, meeting.hostEmail))
      .map(listed);
    return { status: 200, body: { items } };
  };

  const listParticipants: RouteHandler = (request) => {
    if (!accepts(request.bearer)) return webexError(401, request.trackingId);
    const meeting = meetingFor(request);
    if ('status' in meeting) return meeting;
    const maxText = request.query.get('max');
    const max = maxText === null ? DEFAULT_MAX : Number(maxText);
    if (!Number.isInteger(max) || max < 1 || max > MAX_MAX) return webexError(400, request.trackingId, `max must be 1 to ${MAX_MAX}.`);
    const offset = offsetOf(request.query.get('cursor'));
    if (offset === undefined) return webexError(400, request.trackingId, 'The cursor is not valid.');
    const roster = meeting.participants ?? [];
    const items = roster.slice(offset, offset + max);
    if (offset + max >= roster.length) return { status: 200, body: { items } };
    const next = new URL(`http://${request.headers.host ?? '127.0.0.1'}/v1/meetingParticipants`);
    const kept = options.nextLinksDropQuery === true ? [] : [...request.query].filter(([name]) => name !== 'cursor');
    next.search = new URLSearchParams([...kept, ['cursor', cursorFor(offset + max)]]).toString();
    return { status: 200, headers: { Link: `<${next.href}>; rel="next"` }, body: { items } };
  };

  const queryParticipants: RouteHandler = (request) => {
    if (!accepts(request.bearer)) return webexError(401, request.trackingId);
    const meeting = meetingFor(request);
    if ('status' in meeting) return meeting;
    const emails = (request.body as { emails?: unknown } | undefined)?.emails;
    if (!Array.isArray(emails) || !emails.every((email) => typeof email === 'string')) {
      return webexError(400, request.trackingId, 'emails must be a list of email addresses.');
    }
    const items = (meeting.participants ?? []).filter((participant) => emails.some((email) => sameEmail(email, participant.email)));
    return { status: 200, body: { items } };
  };

  return {
    add(meeting: EmulatedMeeting): void {
      meetings.push(meeting);
    },
    mount(route: (method: string, pathPattern: string, handler: RouteHandler) => void): void {
      route('GET', '/meetings', listMeetings);
      route('GET', '/meetingParticipants', listParticipants);
      route('POST', '/meetingParticipants/query', queryParticipants);
    },
  };
}
