import type { MeetingRef } from '../participants/meetings.js';
import type { Participant } from '../participants/schema.js';
import type { Reply } from '../replies/reply.js';
import type { Asker } from './asker.js';
import { findMeeting } from './meeting.js';
import { participantReply } from './participant.js';
import { rosterReply, visibleRecords, type RosterDeps } from './roster.js';

/**
 * `participant <email> in <meeting> [<hostEmail>]`: Webex's query by email. One record the
 * requester may see is shown as a participant card; several (the same person joined twice) as a
 * list with a Details button each; none reads as "not found", whether or not the meeting exists.
 */
export async function answerByEmail(
  command: { email: string; meeting: MeetingRef; hostEmail?: string },
  asker: Asker,
  deps: RosterDeps,
): Promise<Reply> {
  const found = await findByEmail(command, asker, deps);
  return found.one !== undefined ? participantReply(found.one, asker, command.hostEmail) : found.reply;
}

/**
 * The records of that person the requester may see, audited once: `one` when there is exactly one
 * (what a watch starts from), else the reply that lists them or says why there are none.
 */
export async function findByEmail(
  command: { email: string; meeting: MeetingRef; hostEmail?: string },
  asker: Asker,
  deps: RosterDeps,
): Promise<{ one: Participant; reply?: undefined } | { one?: undefined; reply: Reply }> {
  const hostEmail = asker.hostFilter(command.hostEmail);
  const found = await findMeeting(command.meeting, hostEmail, asker, deps);
  if (!found.ok) return { reply: found.reply };
  const { meetingId } = found.meeting;
  const outcome = await deps.meetings.queryByEmail({
    meetingId,
    email: command.email,
    ...(hostEmail !== undefined ? { hostEmail } : {}),
    requesterKey: asker.requesterKey,
  });
  const visible = visibleRecords(
    outcome,
    asker,
    deps,
    { command: 'participantByEmail', meetingId, participantEmail: command.email },
    { email: command.email, meeting: found.label },
  );
  if (!visible.ok) return { reply: visible.reply };
  const [first, ...more] = visible.participants;
  if (first !== undefined && more.length === 0) return { one: first };
  return { reply: rosterReply(visible, asker, { meetingId, label: found.label, namedHost: command.hostEmail, buttons: [] }) };
}
