import type { LookupOutcome, ParticipantSource } from './outcome.js';
import { participantSchema } from './schema.js';
import { createWebexHttp, validate, type WebexHttpOptions } from './webex-http.js';

/** A token with `meeting:admin_participants_read`; a participant is a few KB (the default cap, 1 MiB, is plenty). */
export type WebexParticipantsClientOptions = WebexHttpOptions;

/**
 * One attempt at `GET /meetingParticipants/{id}`: every way it can end becomes a typed outcome, and
 * nothing throws (webex-http.ts). Retrying and pacing are the caller's business (see rate-limited-source.ts).
 */
export function createWebexParticipantsClient(options: WebexParticipantsClientOptions): ParticipantSource {
  const http = createWebexHttp(options);
  return {
    async lookup(request): Promise<LookupOutcome> {
      const url = http.url(`/meetingParticipants/${encodeURIComponent(request.participantId)}`, { hostEmail: request.hostEmail });
      const answer = await http.send(url);
      if (!answer.ok) return answer;
      const checked = validate(answer, participantSchema, 'participant');
      if (!checked.ok) return checked;
      return { ok: true, participant: checked.value, ...(checked.trackingId !== undefined ? { trackingId: checked.trackingId } : {}) };
    },
  };
}
