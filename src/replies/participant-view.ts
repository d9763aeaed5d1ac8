import type { Device, Participant } from '../participants/schema.js';
import { clip } from '../render/limits.js';
import { deviceName } from './device-names.js';
import {
  AUDIO_WORDS,
  CALL_TYPE_WORDS,
  NOT_KNOWN,
  NOT_KNOWN_NOTE,
  fromTo,
  joinedAt,
  sinceAt,
  soFar,
} from './messages.js';
import { currentSession, isPresent, statusOf, type StatusView } from './status.js';
import { clockSpan, clockTime, elapsed, formatDuration, instantOf, type Reading } from './times.js';

/**
 * A participant as a person reads it at a glance (README, "Replies"): the name, where they are now
 * and since when, the few facts that matter, one line per device and per breakout session, every
 * time in the requester's zone. Renderers only lay it out. Whether the phone numbers are in it is
 * decided here, once, from the requester's role, so a renderer cannot leak what the view does not
 * hold.
 */
export interface ParticipantView {
  participantId: string;
  displayName: string;
  email: string;
  /** e.g. ["Host", "Invitee"]; empty for a plain attendee. */
  roles: string[];
  status: StatusView;
  muted: string;
  video: string;
  meetingStart: string;
  joined: string;
  left: string;
  devices: DeviceView[];
  breakoutSessions: string[];
  siteUrl: string;
  meetingId: string;
  hostEmail: string;
  /** Present when some value reads "—", to say why, once. */
  notKnownNote?: string;
}

/** One device: "Webex app on Mac", then "computer audio · joined 15:02 CET · 25 min so far". */
export interface DeviceView {
  name: string;
  /** Present only for compliance officers, and only when Webex sent one. */
  phoneNumber?: string;
  summary: string;
}

/**
 * Free text from Webex is shortened in the view, before any line is made of it: a device or
 * session name never needs more, and a long one must not push the rest of its line (the phone
 * number, the times) past what a renderer shows of one value.
 */
const MAX_NAME = 80;

const VIDEO_WORDS: Record<string, string> = { on: 'On', off: 'Off' };

export interface ViewOptions {
  showPhoneNumbers: boolean;
  /** The requester's time zone and the handler's clock. */
  reading: Reading;
}

export function toParticipantView(p: Participant, options: ViewOptions): ParticipantView {
  const { reading } = options;
  // Every "—" goes through `known`, so that the note comes with the first one and only then.
  let anyNotKnown = false;
  const known = (value: string | undefined): string => {
    if (value !== undefined && value.trim() !== '') return value;
    anyNotKnown = true;
    return NOT_KNOWN;
  };
  const at = (iso: string | undefined) => {
    const ms = instantOf(iso);
    return known(ms === undefined ? undefined : clockTime(ms, reading));
  };
  const status = statusOf(p, reading);
  const present = isPresent(status.tone);
  const current = currentSession(p);
  const view: ParticipantView = {
    participantId: p.id,
    displayName: p.displayName?.trim() ?? '',
    email: known(p.email),
    roles: rolesOf(p),
    status: { ...status, label: known(status.label === NOT_KNOWN ? undefined : status.label) },
    muted: known(p.muted === undefined ? undefined : p.muted ? 'Muted' : 'Not muted'),
    video: known(p.video === undefined ? undefined : (VIDEO_WORDS[p.video] ?? p.video)),
    meetingStart: at(p.meetingStartTime),
    joined: at(p.joinedTime),
    left: at(p.leftTime),
    devices: (p.devices ?? []).map((d) => ({
      name: known(d.deviceType?.trim() ? clip(deviceName(d.deviceType), MAX_NAME) : undefined),
      ...(options.showPhoneNumbers && d.phoneNumber?.trim() ? { phoneNumber: clip(d.phoneNumber, MAX_NAME) } : {}),
      summary: deviceSummary(d, present, reading, known),
    })),
    breakoutSessions: (p.breakoutSessionsAttended ?? []).map((s) => {
      const name = known(clip(s.name?.trim() || s.id || '', MAX_NAME));
      const isCurrent = current !== undefined && s.id === current.id;
      return `${name} \u00b7 ${timesOf({ joined: s.joinedTime, left: s.leftTime }, isCurrent ? sinceAt : undefined, reading, known)}`;
    }),
    siteUrl: known(p.siteUrl),
    meetingId: p.meetingId,
    hostEmail: known(p.hostEmail),
  };
  return anyNotKnown ? { ...view, notKnownNote: NOT_KNOWN_NOTE } : view;
}

export function rolesOf(p: Participant): string[] {
  const out: string[] = [];
  if (p.host) out.push('Host');
  if (p.coHost) out.push('Co-host');
  if (p.spaceModerator) out.push('Space moderator');
  if (p.invitee) out.push('Invitee');
  return out;
}

/** "phone audio, called in"; values Webex added since are shown as they came. */
export function audioWords(d: Device): string | undefined {
  const audio = d.audioType === undefined ? undefined : (AUDIO_WORDS[d.audioType] ?? d.audioType);
  const call = d.callType === undefined ? undefined : (CALL_TYPE_WORDS[d.callType] ?? d.callType);
  return [audio, call].filter((part) => part !== undefined).join(', ') || undefined;
}

/** "phone audio, called in · 15:02 to 15:32 CET · 30 min": all of a device but its name and number. */
function deviceSummary(d: Device, present: boolean, reading: Reading, known: (value: string | undefined) => string): string {
  const audio = audioWords(d);
  const times = timesOf({ joined: d.joinedTime, left: d.leftTime, durationSecond: d.durationSecond }, present ? joinedAt : undefined, reading, known);
  return [...(audio !== undefined ? [clip(audio, MAX_NAME)] : []), times].join(' \u00b7 ');
}

/**
 * When a device or a session began and ended, and how long it lasted: "15:02 to 15:32 CET · 30
 * min". Something still going on (`goingOn` words its start) reads "joined 15:02 CET · 25 min so
 * far", or for the session the participant is in now "since 15:41 CET · …". An end not known for
 * something that is over reads "—", and neither known "joined —".
 */
function timesOf(
  span: { joined: string | undefined; left: string | undefined; durationSecond?: number | undefined },
  goingOn: ((at: string) => string) | undefined,
  reading: Reading,
  known: (value: string | undefined) => string,
): string {
  const joined = instantOf(span.joined);
  const left = instantOf(span.left);
  const lasted = span.durationSecond !== undefined ? formatDuration(span.durationSecond) : undefined;
  if (joined !== undefined && left !== undefined) return `${clockSpan(joined, left, reading)} \u00b7 ${lasted ?? elapsed(joined, left)}`;
  if (joined !== undefined && goingOn !== undefined) {
    return `${goingOn(clockTime(joined, reading))} \u00b7 ${lasted ?? soFar(elapsed(joined, reading.now.getTime()))}`;
  }
  const start = joined === undefined ? known(undefined) : clockTime(joined, reading);
  const times = joined === undefined && left === undefined ? joinedAt(start) : fromTo(start, left === undefined ? known(undefined) : clockTime(left, reading));
  return lasted === undefined ? times : `${times} \u00b7 ${lasted}`;
}
