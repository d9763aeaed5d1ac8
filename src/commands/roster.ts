import type { Logger } from 'pino';
import type { MeetingRef, MeetingSource, RecordsOutcome } from '../participants/meetings.js';
import type { Participant } from '../participants/schema.js';
import { DETAILS_LABEL, REFRESH_LABEL } from '../replies/messages.js';
import type { CommandButton, Reply } from '../replies/reply.js';
import { toRosterView } from '../replies/roster-view.js';
import type { Asker } from './asker.js';
import { replyToFailure } from './failures.js';
import { findMeeting } from './meeting.js';
import { meetingWords } from './meeting-ref.js';
import { participantCommand } from './participant.js';

export interface RosterDeps {
  meetings: MeetingSource;
  logger: Logger;
}

/**
 * `participants <meeting> [<hostEmail>]`: the roster, with only the records the requester may see.
 * A host is asked as host on every call, and each record's own `hostEmail` is checked too; if
 * nothing is left, the reply is the one for a meeting that does not exist.
 */
export async function answerRoster(command: { meeting: MeetingRef; hostEmail?: string }, asker: Asker, deps: RosterDeps): Promise<Reply> {
  const hostEmail = asker.hostFilter(command.hostEmail);
  const found = await findMeeting(command.meeting, hostEmail, asker, deps);
  if (!found.ok) return found.reply;
  const { meetingId } = found.meeting;
  const outcome = await deps.meetings.roster({ meetingId, ...(hostEmail !== undefined ? { hostEmail } : {}), requesterKey: asker.requesterKey });
  return recordsReply(outcome, asker, deps, {
    audit: { command: 'roster', meetingId },
    label: found.label,
    namedHost: command.hostEmail,
    buttons: [{ label: REFRESH_LABEL, command: rosterCommand(command.meeting, command.hostEmail, asker), replaces: true }],
  });
}

/** `participants <meeting> [<hostEmail>]` again, as a button runs it. */
function rosterCommand(meeting: MeetingRef, namedHost: string | undefined, asker: Asker): string {
  const host = asker.namedHost(namedHost);
  return host === undefined ? `participants ${meetingWords(meeting)}` : `participants ${meetingWords(meeting)} ${host}`;
}

/**
 * Records from a roster or an email query, as the requester may see them: a roster reply with a
 * Details button per person, audited once with how many were shown.
 */
export function recordsReply(
  outcome: RecordsOutcome,
  asker: Asker,
  deps: RosterDeps,
  shown: {
    audit: { command: 'roster' | 'participantByEmail'; meetingId: string; participantEmail?: string };
    /** The meeting as the reply names it. */
    label: string;
    /** The host the requester named, which the Details buttons repeat when they may name one. */
    namedHost: string | undefined;
    buttons: CommandButton[];
  },
): Reply {
  const { audit, label, namedHost } = shown;
  const subject = audit.participantEmail !== undefined ? { email: audit.participantEmail, meeting: label } : { meeting: label };
  if (!outcome.ok) {
    const { failure } = outcome;
    asker.audit({ ...audit, decision: 'allowed', outcome: failure.kind, status: failure.status, trackingId: failure.trackingId });
    return replyToFailure(failure, subject, asker, deps.logger, { meetingId: audit.meetingId });
  }
  const visible = outcome.participants.filter((p: Participant) => asker.maySee(p.hostEmail));
  const trackingId = outcome.trackingId !== undefined ? { trackingId: outcome.trackingId } : {};
  if (visible.length === 0) {
    const denied = outcome.participants.length > 0;
    asker.audit({ ...audit, decision: denied ? 'denied' : 'allowed', outcome: denied ? 'notHost' : 'notFound', shown: 0, ...trackingId });
    return { kind: 'notFound', subject };
  }
  asker.audit({ ...audit, decision: 'allowed', outcome: 'found', shown: visible.length, ...trackingId });
  const roster = toRosterView(visible, { label, meetingId: audit.meetingId, complete: outcome.complete });
  return {
    kind: 'roster',
    roster,
    details: roster.lines.map((line) => ({ label: DETAILS_LABEL, command: participantCommand(line.participantId, asker, namedHost), replaces: false })),
    buttons: shown.buttons,
  };
}
