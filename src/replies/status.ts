import type { Participant } from '../participants/schema.js';
import { NOT_KNOWN, STATE_WORDS, forSince, leftAt } from './messages.js';
import { clip } from '../render/limits.js';
import { clockTime, elapsed, instantOf, type Reading } from './times.js';

/** As in the participant view: a session's name never needs more on a status line. */
const MAX_SESSION_NAME = 80;

/**
 * Where a participant is now, for the second line of every reply about them (README, "Replies"):
 * the card, a roster line, a notification. `tone` is what renderers colour or mark; `label` says
 * the same in words, so colour is never the only carrier.
 */
export type StatusTone = 'lobby' | 'inMeeting' | 'breakoutSession' | 'left' | 'other';

export interface StatusView {
  tone: StatusTone;
  /** "In the meeting"; a state Webex added since is shown as it came. */
  label: string;
  /** Since when, for how long, or in which session: "for 12 min, since 15:02 CET". */
  detail?: string;
}

const TONES: Record<string, Exclude<StatusTone, 'other'>> = {
  lobby: 'lobby',
  joined: 'inMeeting',
  breakoutSession: 'breakoutSession',
  end: 'left',
};

function toneOf(state: string | undefined): StatusTone {
  return TONES[state ?? ''] ?? 'other';
}

/** "In the meeting", …; a state Webex added since as it came; undefined when Webex gave none. */
export function stateLabel(state: string | undefined): string | undefined {
  const tone = toneOf(state);
  return tone === 'other' ? state?.trim() || undefined : STATE_WORDS[tone];
}

/** Still in the meeting in some way: what they have not left yet is going on now. */
export function isPresent(tone: StatusTone): boolean {
  return tone === 'lobby' || tone === 'inMeeting' || tone === 'breakoutSession';
}

export function statusOf(p: Participant, reading: Reading): StatusView {
  const tone = toneOf(p.state);
  const label = stateLabel(p.state) ?? NOT_KNOWN;
  const detail = detailOf(p, tone, reading);
  return detail === undefined ? { tone, label } : { tone, label, detail };
}

function detailOf(p: Participant, tone: StatusTone, reading: Reading): string | undefined {
  const now = reading.now.getTime();
  const joined = instantOf(p.joinedTime);
  switch (tone) {
    case 'lobby':
    case 'inMeeting':
      return joined === undefined ? undefined : forSince(elapsed(joined, now), clockTime(joined, reading));
    case 'breakoutSession': {
      const session = currentSession(p);
      if (session === undefined) return undefined;
      const name = clip(session.name?.trim() || session.id || NOT_KNOWN, MAX_SESSION_NAME);
      const since = instantOf(session.joinedTime);
      return since === undefined ? name : `${name}, ${forSince(elapsed(since, now), clockTime(since, reading))}`;
    }
    case 'left': {
      const left = instantOf(p.leftTime);
      if (left === undefined) return undefined;
      return leftAt(clockTime(left, reading), joined === undefined ? undefined : elapsed(joined, left));
    }
    case 'other':
      return undefined;
  }
}

/** The session Webex says the participant is in, found among those attended (for its name and time). */
export function currentSession(p: Participant): { id?: string; name?: string; joinedTime?: string } | undefined {
  if (p.state !== 'breakoutSession' || !p.breakoutSessionId) return undefined;
  return (p.breakoutSessionsAttended ?? []).find((s) => s.id === p.breakoutSessionId) ?? { id: p.breakoutSessionId };
}
