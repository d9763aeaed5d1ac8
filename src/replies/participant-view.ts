import type { Device, Participant } from '../participants/schema.js';

/**
 * A participant as a person reads it: every field already in plain words. Renderers only lay it
 * out. Whether the phone numbers are in it is decided here, once, from the requester's role, so a
 * renderer cannot leak what the view does not hold.
 */
export interface ParticipantView {
  participantId: string;
  displayName: string;
  email: string;
  /** e.g. ["Host", "Invitee"]; empty for a plain attendee. */
  roles: string[];
  state: string;
  muted: string;
  video: string;
  meetingStart: string;
  joined: string;
  left: string;
  /** The breakout session the participant is in now, when they are in one. */
  currentBreakoutSession?: string;
  devices: DeviceView[];
  breakoutSessions: BreakoutSessionView[];
  siteUrl: string;
  meetingId: string;
  hostEmail: string;
}

export interface DeviceView {
  deviceType: string;
  audio: string;
  callType: string;
  joined: string;
  left: string;
  duration: string;
  /** Present only for compliance officers, and only when Webex sent one. */
  phoneNumber?: string;
}

export interface BreakoutSessionView {
  name: string;
  joined: string;
  left: string;
}

export const NOT_KNOWN_YET = 'Not known yet (the meeting may still be on)';
const NOT_GIVEN = 'Not given';

const STATE_WORDS: Record<string, string> = {
  lobby: 'Waiting in the lobby',
  joined: 'In the meeting',
  breakoutSession: 'In a breakout session',
  end: 'Left the meeting',
};
const AUDIO_WORDS: Record<string, string> = {
  pstn: 'Phone (PSTN)',
  voip: 'Computer or app (VoIP)',
  inactive: 'No audio',
};
const CALL_TYPE_WORDS: Record<string, string> = { callIn: 'Called in', callBack: 'Called back' };
const VIDEO_WORDS: Record<string, string> = { on: 'On', off: 'Off' };

/** "In the meeting", "Waiting in the lobby", …; a state Webex added since is shown as it came. */
export function stateWords(state: string | undefined): string {
  return state === undefined ? NOT_GIVEN : (STATE_WORDS[state] ?? state);
}

export interface ViewOptions {
  showPhoneNumbers: boolean;
}

export function toParticipantView(p: Participant, options: ViewOptions): ParticipantView {
  const attended = p.breakoutSessionsAttended ?? [];
  const current =
    p.state === 'breakoutSession' && p.breakoutSessionId
      ? (attended.find((s) => s.id === p.breakoutSessionId)?.name ?? p.breakoutSessionId)
      : undefined;
  return {
    participantId: p.id,
    displayName: text(p.displayName),
    email: text(p.email),
    roles: roles(p),
    state: stateWords(p.state),
    muted: p.muted === undefined ? NOT_GIVEN : p.muted ? 'Muted' : 'Not muted',
    video: p.video === undefined ? NOT_GIVEN : (VIDEO_WORDS[p.video] ?? p.video),
    meetingStart: formatTime(p.meetingStartTime),
    joined: formatTime(p.joinedTime),
    left: formatTime(p.leftTime),
    ...(current !== undefined ? { currentBreakoutSession: current } : {}),
    devices: (p.devices ?? []).map((d) => deviceView(d, options)),
    breakoutSessions: attended.map((s) => ({
      name: text(s.name ?? s.id),
      joined: formatTime(s.joinedTime),
      left: formatTime(s.leftTime),
    })),
    siteUrl: text(p.siteUrl),
    meetingId: p.meetingId,
    hostEmail: text(p.hostEmail),
  };
}

function roles(p: Participant): string[] {
  const out: string[] = [];
  if (p.host) out.push('Host');
  if (p.coHost) out.push('Co-host');
  if (p.spaceModerator) out.push('Space moderator');
  if (p.invitee) out.push('Invitee');
  return out;
}

function deviceView(d: Device, options: ViewOptions): DeviceView {
  return {
    deviceType: d.deviceType ? humanDeviceType(d.deviceType) : NOT_GIVEN,
    audio: d.audioType === undefined ? NOT_GIVEN : (AUDIO_WORDS[d.audioType] ?? d.audioType),
    callType: d.callType === undefined ? NOT_GIVEN : (CALL_TYPE_WORDS[d.callType] ?? d.callType),
    joined: formatTime(d.joinedTime),
    left: formatTime(d.leftTime),
    duration: d.durationSecond === undefined ? NOT_KNOWN_YET : formatDuration(d.durationSecond),
    ...(options.showPhoneNumbers && d.phoneNumber ? { phoneNumber: d.phoneNumber } : {}),
  };
}

/** `webex_meeting_center_mac` reads as "Webex meeting center mac"; unknown shapes pass through. */
function humanDeviceType(raw: string): string {
  const words = raw.replace(/_/g, ' ').trim();
  return words.length === 0 ? raw : words.charAt(0).toUpperCase() + words.slice(1);
}

function text(value: string | undefined): string {
  return value === undefined || value.trim() === '' ? NOT_GIVEN : value;
}

/**
 * Webex sends `1970-01-01T00:00:00.000Z` (or nothing) for a time it does not know yet, typically
 * while the meeting is still on. Anything at or before the epoch, or unparsable, reads that way.
 */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined || iso.trim() === '') return NOT_KNOWN_YET;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || ms <= 0) return NOT_KNOWN_YET;
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

export function formatDuration(totalSeconds: number): string {
  const s = Math.round(totalSeconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return sec > 0 ? `${m} min ${sec} s` : `${m} min`;
  return `${sec} s`;
}
