import { z } from 'zod';
import { participantSchema } from './schema.js';

/**
 * The bodies of the meeting calls (README, "Upstream"). Only the fields the bot reads are checked;
 * the rest of Webex's meeting object is dropped. `state` and `meetingType` are open, as Webex adds
 * values over time: the bot only looks for `inProgress` and `ended`.
 */
export const meetingSchema = z.object({
  id: z.string().min(1),
  meetingNumber: z.string().optional(),
  title: z.string().optional(),
  meetingType: z.string().optional(),
  state: z.string().optional(),
  /** ISO 8601: the latest ended instance is the one with the latest start. */
  start: z.string().optional(),
  webLink: z.string().optional(),
  hostEmail: z.string().optional(),
});

export type Meeting = z.infer<typeof meetingSchema>;

/** `GET /meetings`. */
export const meetingListSchema = z.object({ items: z.array(meetingSchema) });

/** `GET /meetingParticipants` (one page) and `POST /meetingParticipants/query`: each record a participant. */
export const participantListSchema = z.object({ items: z.array(participantSchema) });
