import type { MeetingCall, MeetingRef, MeetingSource, RecordsOutcome, ResolveOutcome } from '../../src/participants/meetings.js';
import type { Participant } from '../../src/participants/schema.js';

/** What a test's MeetingSource was asked, in order. */
export type MeetingCallLog = Array<{ call: 'resolve' | 'roster' | 'queryByEmail'; request: MeetingCall }>;

export interface FakeMeeting {
  meetingId: string;
  meetingNumber?: string;
  webLink?: string;
  hostEmail: string;
  participants: Participant[];
  /** The roster had more pages than the bot reads. */
  incomplete?: boolean;
}

/**
 * A MeetingSource that answers from memory as Webex's filters do: a host filter that is not the
 * meeting's host finds nothing. Tests of the commands use it; the Webex calls have their own tests.
 */
export function fakeMeetings(meetings: FakeMeeting[], calls: MeetingCallLog = []): MeetingSource & { calls: MeetingCallLog } {
  const visible = (m: FakeMeeting, hostEmail: string | undefined) => hostEmail === undefined || hostEmail === m.hostEmail;
  const matches = (m: FakeMeeting, ref: MeetingRef) =>
    ref.kind === 'id' ? m.meetingId === ref.meetingId : ref.kind === 'number' ? m.meetingNumber === ref.meetingNumber : m.webLink === ref.webLink;
  const byId = (id: string, hostEmail: string | undefined) => meetings.find((m) => m.meetingId === id && visible(m, hostEmail));
  const notFound = { ok: false as const, failure: { kind: 'notFound' as const, status: 404 } };
  return {
    calls,
    async resolve(request): Promise<ResolveOutcome> {
      calls.push({ call: 'resolve', request });
      // As the real source: an id is taken as it is, and its calls find out whether it exists.
      if (request.meeting.kind === 'id') return { ok: true, meeting: { meetingId: request.meeting.meetingId } };
      const found = meetings.find((m) => matches(m, request.meeting) && visible(m, request.hostEmail));
      if (found === undefined) return notFound;
      return { ok: true, meeting: { meetingId: found.meetingId, ...(found.meetingNumber !== undefined ? { meetingNumber: found.meetingNumber } : {}) } };
    },
    async roster(request): Promise<RecordsOutcome> {
      calls.push({ call: 'roster', request });
      const found = byId(request.meetingId, request.hostEmail);
      return found === undefined ? notFound : { ok: true, participants: found.participants, complete: found.incomplete !== true };
    },
    async queryByEmail(request): Promise<RecordsOutcome> {
      calls.push({ call: 'queryByEmail', request });
      const found = byId(request.meetingId, request.hostEmail);
      if (found === undefined) return notFound;
      const email = request.email.toLowerCase();
      return { ok: true, participants: found.participants.filter((p) => p.email?.toLowerCase() === email), complete: true };
    },
  };
}

/** For handler tests that never name a meeting: any call is a test failure. */
export const NO_MEETINGS: MeetingSource = {
  resolve: () => Promise.reject(new Error('no meeting call expected')),
  roster: () => Promise.reject(new Error('no meeting call expected')),
  queryByEmail: () => Promise.reject(new Error('no meeting call expected')),
};
