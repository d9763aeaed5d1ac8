import type { DeviceView, ParticipantView } from '../replies/participant-view.js';
import { LABELS, NO_ROLE, UNNAMED_PARTICIPANT } from '../replies/messages.js';
import type { NotFoundSubject } from '../replies/reply.js';
import type { RosterLine } from '../replies/roster-view.js';
import type { StatusTone, StatusView } from '../replies/status.js';
import { cleanText } from './escape.js';

/**
 * The layout every reply about a participant shares (README, "Replies"), whatever draws it: the
 * name, then the status, then the facts that matter, one line per device and per breakout session,
 * the note on "—", and the meeting last. Which details, in which order and under which label, is
 * decided here for Block Kit and the text renderers; the Adaptive Card keeps the same order in its
 * template. Values are raw here; each renderer escapes them for its markup.
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

function rolesText(view: ParticipantView): string {
  return view.roles.length > 0 ? view.roles.join(', ') : NO_ROLE;
}

/**
 * Where the participant is now, in words, with a marker that repeats it for readers without colour
 * (Block Kit has none; the markdown and text fallbacks neither): the second line of every reply
 * about a participant. No marker is an emoji, so no client draws one as a picture.
 */
const MARKERS: Record<StatusTone, string> = {
  inMeeting: '\u25cf',
  lobby: '\u25d0',
  breakoutSession: '\u25c6',
  left: '\u25cb',
  other: '\u25c7',
};

export function statusMarker(status: StatusView): string {
  return MARKERS[status.tone];
}

/** "In the meeting · for 12 min, since 15:02 CET". */
export function statusWords(status: StatusView): string {
  return status.detail === undefined ? status.label : `${status.label} \u00b7 ${status.detail}`;
}

/** "● In the meeting · for 12 min, since 15:02 CET": where colour is not to be had. */
export function markedStatus(status: StatusView): string {
  return `${statusMarker(status)} ${statusWords(status)}`;
}

/** The facts that matter after the status, in the order every renderer shows them. */
export function keyFacts(view: ParticipantView): Fact[] {
  return [
    { label: LABELS.email, value: view.email },
    { label: LABELS.roles, value: rolesText(view) },
    { label: LABELS.joined, value: view.joined },
    { label: LABELS.left, value: view.left },
    { label: LABELS.muted, value: view.muted },
    { label: LABELS.video, value: view.video },
    { label: LABELS.meetingStart, value: view.meetingStart },
  ];
}

/**
 * One device, one line: what it is, its phone number when the view holds one (right after the
 * name, where no long value before it can push it out of sight), then its audio and times.
 */
export function deviceLine(device: DeviceView): string {
  const phone = hasPhoneNumber(device) ? [`${LABELS.phoneNumber}: ${device.phoneNumber}`] : [];
  return [device.name, ...phone, device.summary].join(' \u00b7 ');
}

export function meetingFacts(view: ParticipantView): Fact[] {
  return [
    { label: LABELS.siteUrl, value: view.siteUrl },
    { label: LABELS.meetingId, value: view.meetingId },
    { label: LABELS.hostEmail, value: view.hostEmail },
    { label: LABELS.participantId, value: view.participantId },
  ];
}

function hasPhoneNumber(device: DeviceView): device is DeviceView & { phoneNumber: string } {
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
