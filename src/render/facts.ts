import type { BreakoutSessionView, DeviceView, ParticipantView } from '../replies/participant-view.js';
import { LABELS, NO_ROLE, UNNAMED_PARTICIPANT } from '../replies/messages.js';
import type { NotFoundSubject } from '../replies/reply.js';
import type { RosterLine } from '../replies/roster-view.js';
import { cleanText } from './escape.js';

/**
 * Which details of a participant are shown, in which order and under which label, for the
 * renderers that lay out label-value pairs in code (Block Kit and text). The Adaptive Card keeps
 * the same order in its template. Values are raw here; each renderer escapes them for its markup.
 */
export interface Fact {
  label: string;
  value: string;
}

/**
 * The name as a heading. A name made only of control characters is empty once cleaned, and an
 * empty heading is refused by Slack and reads as a horizontal rule (`****`) in markdown.
 */
export function displayName(view: ParticipantView): string {
  return cleanText(view.displayName) === '' ? UNNAMED_PARTICIPANT : view.displayName;
}

export function rolesText(view: ParticipantView): string {
  return view.roles.length > 0 ? view.roles.join(', ') : NO_ROLE;
}

export function overviewFacts(view: ParticipantView): Fact[] {
  return [
    { label: LABELS.email, value: view.email },
    { label: LABELS.roles, value: rolesText(view) },
    { label: LABELS.state, value: view.state },
    ...(view.currentBreakoutSession !== undefined
      ? [{ label: LABELS.currentBreakoutSession, value: view.currentBreakoutSession }]
      : []),
    { label: LABELS.muted, value: view.muted },
    { label: LABELS.video, value: view.video },
    { label: LABELS.meetingStart, value: view.meetingStart },
    { label: LABELS.joined, value: view.joined },
    { label: LABELS.left, value: view.left },
  ];
}

/** The phone number is listed only when the view holds one: no empty "Phone number" row. */
export function deviceFacts(device: DeviceView): Fact[] {
  return [
    { label: LABELS.deviceType, value: device.deviceType },
    { label: LABELS.audio, value: device.audio },
    { label: LABELS.callType, value: device.callType },
    { label: LABELS.joined, value: device.joined },
    { label: LABELS.left, value: device.left },
    { label: LABELS.duration, value: device.duration },
    ...(hasPhoneNumber(device) ? [{ label: LABELS.phoneNumber, value: device.phoneNumber }] : []),
  ];
}

export function breakoutSessionFacts(session: BreakoutSessionView): Fact[] {
  return [
    { label: LABELS.breakoutSessionName, value: session.name },
    { label: LABELS.joined, value: session.joined },
    { label: LABELS.left, value: session.left },
  ];
}

export function meetingFacts(view: ParticipantView): Fact[] {
  return [
    { label: LABELS.siteUrl, value: view.siteUrl },
    { label: LABELS.meetingId, value: view.meetingId },
    { label: LABELS.hostEmail, value: view.hostEmail },
    { label: LABELS.participantId, value: view.participantId },
  ];
}

export function hasPhoneNumber(device: DeviceView): device is DeviceView & { phoneNumber: string } {
  return device.phoneNumber !== undefined && device.phoneNumber.trim() !== '';
}

/** What a "not found" reply names, as the requester named it. */
export function notFoundFacts(subject: NotFoundSubject): Fact[] {
  if ('participantId' in subject) return [{ label: LABELS.participantId, value: subject.participantId }];
  const meeting = { label: LABELS.meeting, value: subject.meeting };
  return 'email' in subject ? [{ label: LABELS.email, value: subject.email }, meeting] : [meeting];
}

/** One person of a roster: the name as the heading, where they are and since when under it. */
export function rosterLineName(line: RosterLine): string {
  return cleanText(line.name) === '' ? UNNAMED_PARTICIPANT : line.name;
}

export function rosterLineFacts(line: RosterLine): string {
  return `${line.state} \u00b7 ${LABELS.joined}: ${line.joined}`;
}
