import type { Logger } from 'pino';
import type { Participant } from '../participants/schema.js';
import type { ParticipantSource } from '../participants/outcome.js';
import { REFRESH_LABEL, WATCH_LABEL } from '../replies/messages.js';
import { hasLeftForGood } from '../watches/watch.js';
import { toParticipantView } from '../replies/participant-view.js';
import type { Reply } from '../replies/reply.js';
import type { Asker } from './asker.js';
import { replyToFailure } from './failures.js';

/**
 * `participant <participantId> [<hostEmail>]`: one lookup, shown only if the requester may see its
 * meeting.
 */
export async function answerParticipant(
  command: { participantId: string; hostEmail?: string },
  asker: Asker,
  deps: { participants: ParticipantSource; logger: Logger },
): Promise<Reply> {
  const found = await findParticipant(command, asker, deps);
  return found.ok ? participantReply(found.participant, asker, command.hostEmail) : found.reply;
}

export type FoundParticipant = { ok: true; participant: Participant } | { ok: false; reply: Reply };

/**
 * One lookup as the requester, audited, and the record only if they may see its meeting: what
 * `participant` shows and what a watch starts from. Access is decided here, after the fetch, so no
 * cache or shared call beneath can widen who sees what.
 */
export async function findParticipant(
  command: { participantId: string; hostEmail?: string },
  asker: Asker,
  deps: { participants: ParticipantSource; logger: Logger },
): Promise<FoundParticipant> {
  const { participantId } = command;
  const subject = { participantId };
  const hostEmail = asker.hostFilter(command.hostEmail);
  const outcome = await deps.participants.lookup({
    participantId,
    ...(hostEmail !== undefined ? { hostEmail } : {}),
    requesterKey: asker.requesterKey,
  });
  const audit = { command: 'participant' as const, participantId };
  if (!outcome.ok) {
    const { failure } = outcome;
    asker.audit({ ...audit, decision: 'allowed', outcome: failure.kind, status: failure.status, trackingId: failure.trackingId });
    return { ok: false, reply: replyToFailure(failure, subject, asker, deps.logger, { participantId }) };
  }
  if (!asker.maySee(outcome.participant.hostEmail)) {
    asker.audit({ ...audit, decision: 'denied', outcome: 'notHost', trackingId: outcome.trackingId });
    return { ok: false, reply: { kind: 'notFound', subject } };
  }
  asker.audit({ ...audit, decision: 'allowed', outcome: 'found', trackingId: outcome.trackingId });
  return { ok: true, participant: outcome.participant };
}

/**
 * The card of one participant the requester may see, with its Refresh (their named host kept), and
 * Watch while there is something left to watch (README, "Watches").
 */
export function participantReply(participant: Participant, asker: Asker, namedHost: string | undefined): Reply {
  const view = toParticipantView(participant, { showPhoneNumbers: asker.showPhoneNumbers, reading: asker.reading() });
  const refresh = { label: REFRESH_LABEL, command: participantCommand(participant.id, asker, namedHost), replaces: true };
  const watch = { label: WATCH_LABEL, command: withNamedHost(`watch ${participant.id}`, asker, namedHost), replaces: false };
  return { kind: 'participant', view, buttons: hasLeftForGood(participant) ? [refresh] : [refresh, watch] };
}

/** `participant <id>`, with the host the requester named when they may name one: what a button runs. */
export function participantCommand(participantId: string, asker: Asker, namedHost: string | undefined): string {
  return withNamedHost(`participant ${participantId}`, asker, namedHost);
}

/** `command` with the host the requester named, when they may name one: a button repeats it as typed. */
export function withNamedHost(command: string, asker: Asker, namedHost: string | undefined): string {
  const host = asker.namedHost(namedHost);
  return host === undefined ? command : `${command} ${host}`;
}
