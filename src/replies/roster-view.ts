import type { Participant } from '../participants/schema.js';
import { statusOf, type StatusView } from './status.js';
import { instantOf, type Reading } from './times.js';

/**
 * A meeting's roster as a person reads it (README, "Commands"): how many people are where, then
 * one line per person, those waiting in the lobby first. Every record in it is one the requester
 * may see; the handler dropped the others before.
 */
export interface RosterView {
  /** The meeting as the requester named it: its number, or its id. */
  meeting: string;
  meetingId: string;
  totals: RosterTotals;
  /** False when the roster had more people than the bot reads: the totals are "at least". */
  complete: boolean;
  lines: RosterLine[];
  /** People counted in the totals but not listed. */
  notListed: number;
}

export interface RosterTotals {
  lobby: number;
  joined: number;
  breakoutSession: number;
  left: number;
  /** States Webex may add later, counted rather than lost. */
  other: number;
}

/** One person: the name, then where they are now and since when, as on their card. */
export interface RosterLine {
  participantId: string;
  name: string;
  email: string;
  status: StatusView;
}

/** At most this many people are listed; the rest are counted ("and N more"). */
const MAX_ROSTER_LINES = 25;

/** Lobby first (they are waiting for someone to let them in), then who is in, then who has left. */
const ORDER: Record<string, number> = { lobby: 0, joined: 1, breakoutSession: 2, end: 3 };

export function toRosterView(
  participants: readonly Participant[],
  meeting: { label: string; meetingId: string; complete: boolean },
  reading: Reading,
): RosterView {
  const sorted = [...participants].sort(
    (a, b) => rank(a.state) - rank(b.state) || joinedAt(a) - joinedAt(b) || (a.displayName ?? '').localeCompare(b.displayName ?? ''),
  );
  const listed = sorted.slice(0, MAX_ROSTER_LINES);
  return {
    meeting: meeting.label,
    meetingId: meeting.meetingId,
    totals: totalsOf(participants),
    complete: meeting.complete,
    lines: listed.map((p) => ({
      participantId: p.id,
      name: p.displayName?.trim() || p.email?.trim() || '',
      email: p.email ?? '',
      status: statusOf(p, reading),
    })),
    notListed: sorted.length - listed.length,
  };
}

function totalsOf(participants: readonly Participant[]): RosterTotals {
  const totals: RosterTotals = { lobby: 0, joined: 0, breakoutSession: 0, left: 0, other: 0 };
  for (const { state } of participants) {
    if (state === 'lobby') totals.lobby += 1;
    else if (state === 'joined') totals.joined += 1;
    else if (state === 'breakoutSession') totals.breakoutSession += 1;
    else if (state === 'end') totals.left += 1;
    else totals.other += 1;
  }
  return totals;
}

const rank = (state: string | undefined): number => ORDER[state ?? ''] ?? Object.keys(ORDER).length;

/** Unknown join times (Webex's 1970 placeholder, or none) sort last within their state. */
function joinedAt(p: Participant): number {
  return instantOf(p.joinedTime) ?? Number.POSITIVE_INFINITY;
}
