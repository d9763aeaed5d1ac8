import { z } from 'zod';
import { participantSchema, type Participant } from '../../participants/schema.js';

const participantEventSchema = z.object({ resource: z.literal('meetingParticipants'), event: z.string(), data: z.unknown() });

/**
 * A delivery to one of the bot's org-wide `meetingParticipants` webhooks (README, "Watches"): its
 * `data` is the participant's record, checked like any answer of Webex's. Undefined for any other
 * delivery (messages, clicks), which is the framework's.
 */
export function readParticipantEvent(body: unknown): { ok: true; participant: Participant } | { ok: false } | undefined {
  const event = participantEventSchema.safeParse(body);
  if (!event.success) return undefined;
  const participant = participantSchema.safeParse(event.data.data);
  return participant.success ? { ok: true, participant: participant.data } : { ok: false };
}
