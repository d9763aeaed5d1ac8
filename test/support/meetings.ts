import type { EmulatedMeeting } from './webex-emulator.js';

export const MEETING_HOST = 'hana.host@example.com';

/** A meeting id: 32 hex digits, from a small number. */
export const meetingIdOf = (index: number): string => index.toString(16).padStart(32, 'a');

/** `count` people of `meetingId`'s roster, each with their own id and email, numbered in roster order. */
export function rosterOf(meetingId: string, count: number, hostEmail = MEETING_HOST) {
  return Array.from({ length: count }, (_, index) => ({
    id: `${meetingId}_${index.toString(16).padStart(8, '0')}-e950-43bf-b588-573773ee43d1`,
    meetingId,
    hostEmail,
    email: `person${index}@example.com`,
    displayName: `Person ${index}`,
    state: 'joined',
  }));
}

/** A meeting in progress, hosted by MEETING_HOST, with a roster of `people`. */
export function liveMeeting(index: number, people: number, overrides: Partial<EmulatedMeeting> = {}): EmulatedMeeting {
  const id = meetingIdOf(index);
  return {
    id,
    meetingNumber: String(2_000_000_000 + index),
    webLink: `https://sandbox.webex.example.com/sandbox/j.php?MTID=m${id}`,
    title: `Meeting ${index}`,
    state: 'inProgress',
    start: '2026-11-30T15:00:00Z',
    hostEmail: MEETING_HOST,
    participants: rosterOf(id, people, overrides.hostEmail ?? MEETING_HOST),
    ...overrides,
  };
}
