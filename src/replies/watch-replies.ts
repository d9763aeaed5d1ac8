import type { Participant } from '../participants/schema.js';
import { changedAt, type Watch } from '../watches/watch.js';
import { DETAILS_LABEL, WATCH_ENDED_LEFT, WATCH_LABELS, alertText } from './messages.js';
import { clockTime } from './times.js';
import { readingZone } from './time-zone.js';
import type { Reply } from './reply.js';

/** A watch's sentence alone: what a watch command did, or why a watch ended. */
export function watchNote(text: string): Reply {
  return { kind: 'watch', text, facts: [], buttons: [] };
}

/**
 * An alert (README, "Watches"): who, the new state, when, and Details. Never a phone number:
 * nothing of the record goes in but the name, the state and the time.
 */
export function alertReply(watch: Watch, participant: Participant, final: boolean, now: number): Reply {
  const name = participant.displayName ?? watch.name;
  const text = alertText(name, participant.state);
  const details = watch.hostEmail === undefined ? `participant ${participant.id}` : `participant ${participant.id} ${watch.hostEmail}`;
  return {
    kind: 'watch',
    text: final ? `${text} ${WATCH_ENDED_LEFT}` : text,
    facts: [
      // In the zone the requester read times in when they set the watch.
      { label: WATCH_LABELS.when, value: clockTime(Date.parse(changedAt(participant, now)), { zone: readingZone(watch.timeZone), now: new Date(now) }) },
      { label: WATCH_LABELS.participantId, value: participant.id },
    ],
    buttons: [{ label: DETAILS_LABEL, command: details, replaces: false }],
  };
}
