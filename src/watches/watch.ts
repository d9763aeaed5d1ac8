import type { Participant } from '../participants/schema.js';

/**
 * A watch (README, "Watches"): one requester told, privately, each time one participant's state
 * changes. It names the requester by platform and platform user id (where the alert goes) and by
 * email (whose access is checked again before each alert); it never holds a participant's details
 * beyond their name and last known state.
 */
export interface Watch {
  /** The chat platform the watch was set on (`webex`, `slack`): its alerts go there. */
  platform: string;
  /** The requester's id on that platform: alerts are direct messages to them. */
  userId: string;
  /** The requester's email, lower-cased: their access is checked again before each alert. */
  email: string;
  participantId: string;
  /** The host an admin or compliance officer named (Details repeats it); a host's own filter is implied. */
  hostEmail?: string;
  /** The `hostEmail` filter the requester's lookup used, for polls on their behalf. */
  hostFilter?: string;
  /** The participant's name when the watch started, for the alerts and `watch list`. */
  name: string;
  /** The last state the requester was told of, or saw when the watch started. */
  state: string;
  /** The zone the requester reads times in (README, "Replies"); UTC when absent. */
  timeZone?: string;
  createdAt: number;
  expiresAt: number;
}

/** README, "Watches": how long a watch lasts, and how many there may be. */
export const WATCH_LIMITS = {
  hours: 12,
  perRequester: 20,
  total: 5000,
} as const;

export const WATCH_TTL_MS = WATCH_LIMITS.hours * 3_600_000;

/** A state as Webex names it; `unknown` when the record has none. */
export function stateOf(participant: Participant): string {
  return participant.state ?? 'unknown';
}

/**
 * When the participant's current state began, as well as the record tells: this names one change
 * (with the state), so that a replayed event or a second instance seeing the same change claims it
 * only once. Back in the meeting after a breakout session counts from when that session was left.
 */
export function stateSince(participant: Participant): string {
  const known = (time: string | undefined) => (time !== undefined && Date.parse(time) > 0 ? time : undefined);
  const sessions = participant.breakoutSessionsAttended ?? [];
  switch (participant.state) {
    case 'end':
      return known(participant.leftTime) ?? '';
    case 'breakoutSession': {
      // The latest visit: someone may go back to the same session.
      const current = sessions.findLast((s) => s.id === participant.breakoutSessionId);
      return `${participant.breakoutSessionId ?? ''}@${known(current?.joinedTime) ?? ''}`;
    }
    case 'joined': {
      const times = [participant.joinedTime, ...sessions.map((s) => s.leftTime)].map(known).filter((t): t is string => t !== undefined);
      return times.reduce((latest, time) => (Date.parse(time) > Date.parse(latest) ? time : latest), times[0] ?? '');
    }
    default:
      return known(participant.joinedTime) ?? '';
  }
}

/** The time to show for the change: when the state began if the record says, else when the bot saw it. */
export function changedAt(participant: Participant, seenAt: number): string {
  const since = stateSince(participant).split('@').at(-1) ?? '';
  return Date.parse(since) > 0 ? since : new Date(seenAt).toISOString();
}

/** Left for good: the watch ends with this alert (README, "Watches"). */
export function hasLeftForGood(participant: Participant): boolean {
  return participant.state === 'end' && participant.leftTime !== undefined && Date.parse(participant.leftTime) > 0;
}

/** A watch is one requester's of one participant: watching again renews it. */
export function watchKey(email: string, participantId: string): string {
  return `${email}|${participantId}`;
}
