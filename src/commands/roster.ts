import type { Logger } from 'pino';
import type { MeetingRef, MeetingSource, RecordsOutcome } from '../participants/meetings.js';
import type { Participant } from '../participants/schema.js';
import { csvNote, DETAILS_LABEL, REFRESH_LABEL } from '../replies/messages.js';
import { rosterCsv } from '../replies/roster-csv.js';
import type { CommandButton, NotFoundSubject, Reply } from '../replies/reply.js';
import { toRosterView } from '../replies/roster-view.js';
import type { Asker, AuditEntry } from './asker.js';
import { replyToFailure } from './failures.js';
import { findMeeting } from './meeting.js';
import { meetingWords } from './meeting-ref.js';
import { participantCommand, withNamedHost } from './participant.js';

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
  const fetched = await fetchRoster(command, asker, deps);
  if (!fetched.ok) return fetched.reply;
  const { outcome, meetingId, label } = fetched;
  const visible = visibleRecords(outcome, asker, deps, { command: 'roster', meetingId }, { meeting: label });
  if (!visible.ok) return visible.reply;
  return rosterReply(visible, asker, {
    meetingId,
    label,
    namedHost: command.hostEmail,
    buttons: [{ label: REFRESH_LABEL, command: rosterCommand(command.meeting, command.hostEmail, asker), replaces: true }],
  });
}

/**
 * `participants <meeting> csv [<hostEmail>]`: the same records the roster would show, every one of
 * them, as an attendance file for the requester alone.
 */
export async function answerRosterCsv(
  command: { meeting: MeetingRef; hostEmail?: string },
  asker: Asker,
  deps: RosterDeps,
): Promise<Reply> {
  const fetched = await fetchRoster(command, asker, deps);
  if (!fetched.ok) return fetched.reply;
  const { outcome, meetingId, label } = fetched;
  const audit = { command: 'rosterCsv' as const, meetingId };
  const visible = visibleRecords(outcome, asker, deps, audit, { meeting: label });
  if (!visible.ok) return visible.reply;
  const file = rosterCsv(visible.participants, { showPhoneNumbers: asker.showPhoneNumbers, meeting: label, today: asker.reading().now });
  return { kind: 'file', file, note: csvNote(label, visible.participants.length, visible.complete) };
}

/** The meeting the command names, and its roster, both asked as the requester (a host: as host). */
async function fetchRoster(
  command: { meeting: MeetingRef; hostEmail?: string },
  asker: Asker,
  deps: RosterDeps,
): Promise<{ ok: true; outcome: RecordsOutcome; meetingId: string; label: string } | { ok: false; reply: Reply }> {
  const hostEmail = asker.hostFilter(command.hostEmail);
  const found = await findMeeting(command.meeting, hostEmail, asker, deps);
  if (!found.ok) return found;
  const { meetingId } = found.meeting;
  const outcome = await deps.meetings.roster({ meetingId, ...(hostEmail !== undefined ? { hostEmail } : {}), requesterKey: asker.requesterKey });
  return { ok: true, outcome, meetingId, label: found.label };
}

/** The records the requester may see, and whether Webex listed them all. */
type Shown = { ok: true; participants: Participant[]; complete: boolean };

/**
 * The records the requester may see, audited once with how many: a failure is answered as such,
 * and none left reads as "not found", whether Webex found nothing or only what is not theirs.
 */
export function visibleRecords(
  outcome: RecordsOutcome,
  asker: Asker,
  deps: RosterDeps,
  audit: Pick<AuditEntry, 'command' | 'participantEmail'> & { meetingId: string },
  subject: NotFoundSubject,
): Shown | { ok: false; reply: Reply } {
  if (!outcome.ok) {
    const { failure } = outcome;
    asker.audit({ ...audit, decision: 'allowed', outcome: failure.kind, status: failure.status, trackingId: failure.trackingId });
    return { ok: false, reply: replyToFailure(failure, subject, asker, deps.logger, { meetingId: audit.meetingId }) };
  }
  const participants = outcome.participants.filter((p) => asker.maySee(p.hostEmail));
  const trackingId = outcome.trackingId !== undefined ? { trackingId: outcome.trackingId } : {};
  if (participants.length === 0) {
    const denied = outcome.participants.length > 0;
    asker.audit({ ...audit, decision: denied ? 'denied' : 'allowed', outcome: denied ? 'notHost' : 'notFound', shown: 0, ...trackingId });
    return { ok: false, reply: { kind: 'notFound', subject } };
  }
  asker.audit({ ...audit, decision: 'allowed', outcome: 'found', shown: participants.length, ...trackingId });
  return { ok: true, participants, complete: outcome.complete };
}

/** `participants <meeting> [<hostEmail>]` again, as a button runs it. */
function rosterCommand(meeting: MeetingRef, namedHost: string | undefined, asker: Asker): string {
  return withNamedHost(`participants ${meetingWords(meeting)}`, asker, namedHost);
}

/** Records from a roster or an email query, as the requester may see them: a roster reply with a Details button per person. */
export function rosterReply(
  visible: Shown,
  asker: Asker,
  shown: {
    meetingId: string;
    /** The meeting as the reply names it. */
    label: string;
    /** The host the requester named, which the Details buttons repeat when they may name one. */
    namedHost: string | undefined;
    buttons: CommandButton[];
  },
): Reply {
  const roster = toRosterView(visible.participants, { label: shown.label, meetingId: shown.meetingId, complete: visible.complete }, asker.reading());
  return {
    kind: 'roster',
    roster,
    details: roster.lines.map((line) => ({ label: DETAILS_LABEL, command: participantCommand(line.participantId, asker, shown.namedHost), replaces: false })),
    buttons: shown.buttons,
  };
}
