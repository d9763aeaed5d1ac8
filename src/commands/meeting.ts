import type { Logger } from 'pino';
import type { MeetingRef, MeetingSource, ResolvedMeeting } from '../participants/meetings.js';
import { MEETINGS_SCOPE, meetingLabel } from '../replies/messages.js';
import type { Reply } from '../replies/reply.js';
import type { Asker } from './asker.js';
import { replyToFailure } from './failures.js';
import { meetingWords } from './meeting-ref.js';

export type FoundMeeting = { ok: true; meeting: ResolvedMeeting; label: string } | { ok: false; reply: Reply };

/**
 * The meeting a command names, asked as the requester (a host: with their own email as host
 * filter). A number or a link needs Webex's List Meetings; a token without the scope for it gets a
 * reply that names the scope and points to the meeting id, and a log line for the operator.
 */
export async function findMeeting(
  meeting: MeetingRef,
  hostEmail: string | undefined,
  asker: Asker,
  deps: { meetings: MeetingSource; logger: Logger },
): Promise<FoundMeeting> {
  const outcome = await deps.meetings.resolve({
    meeting,
    ...(hostEmail !== undefined ? { hostEmail } : {}),
    requesterKey: asker.requesterKey,
  });
  const asTyped = meetingWords(meeting);
  if (outcome.ok) {
    const number = outcome.meeting.meetingNumber ?? (meeting.kind === 'number' ? meeting.meetingNumber : undefined);
    const label = number !== undefined ? meetingLabel({ meetingNumber: number }) : meetingLabel({ meetingId: outcome.meeting.meetingId });
    return { ok: true, meeting: outcome.meeting, label };
  }
  const { failure } = outcome;
  if (failure.kind === 'unauthorized' || failure.kind === 'forbidden') {
    deps.logger.error(
      { status: failure.status, trackingId: failure.trackingId },
      `Webex refused List Meetings: give WEBEX_API_TOKEN the scope ${MEETINGS_SCOPE}, so that people can name meetings by number or link`,
    );
    const trackingId = failure.trackingId !== undefined ? { trackingId: failure.trackingId } : {};
    return { ok: false, reply: { kind: 'error', error: { code: 'missingScope', ...trackingId } } };
  }
  return { ok: false, reply: replyToFailure(failure, { meeting: asTyped }, asker, deps.logger, { meeting: asTyped }) };
}
