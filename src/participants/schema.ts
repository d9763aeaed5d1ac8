import { z } from 'zod';

/**
 * The body of `GET /v1/meetingParticipants/{participantId}`, as Webex documents it.
 *
 * Webex adds enum values over time (new device types, new states), so an enum field accepts any
 * string: a value we do not know yet is shown as it came instead of failing the whole lookup.
 * Fields Webex may leave out are optional; `id` and `meetingId` are what make the body a
 * participant at all.
 */
const openEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.enum(values), z.string()]);

/** ISO timestamps are kept as text here; the view decides how "not known yet" reads. */
const timestamp = z.string();

export const deviceSchema = z.object({
  correlationId: z.string().optional(),
  deviceType: z.string().optional(),
  audioType: openEnum(['pstn', 'voip', 'inactive']).optional(),
  joinedTime: timestamp.optional(),
  leftTime: timestamp.optional(),
  durationSecond: z.number().nonnegative().optional(),
  callType: openEnum(['callIn', 'callBack']).optional(),
  phoneNumber: z.string().optional(),
});

export const breakoutSessionAttendedSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  joinedTime: timestamp.optional(),
  leftTime: timestamp.optional(),
});

export const participantSchema = z.object({
  id: z.string().min(1),
  orgId: z.string().optional(),
  host: z.boolean().optional(),
  coHost: z.boolean().optional(),
  spaceModerator: z.boolean().optional(),
  email: z.string().optional(),
  displayName: z.string().optional(),
  invitee: z.boolean().optional(),
  muted: z.boolean().optional(),
  meetingStartTime: timestamp.optional(),
  video: openEnum(['on', 'off']).optional(),
  state: openEnum(['lobby', 'end', 'joined', 'breakoutSession']).optional(),
  breakoutSessionId: z.string().optional(),
  joinedTime: timestamp.optional(),
  leftTime: timestamp.optional(),
  siteUrl: z.string().optional(),
  meetingId: z.string().min(1),
  hostEmail: z.string().optional(),
  devices: z.array(deviceSchema).optional(),
  breakoutSessionsAttended: z.array(breakoutSessionAttendedSchema).optional(),
  sourceId: z.string().optional(),
});

export type Participant = z.infer<typeof participantSchema>;
export type Device = z.infer<typeof deviceSchema>;

/** Webex's error body: `{ message, errors: [{ description }], trackingId }`. Every field optional. */
export const webexErrorSchema = z
  .object({
    message: z.string().optional(),
    errors: z.array(z.object({ description: z.string().optional() }).loose()).optional(),
    trackingId: z.string().optional(),
  })
  .loose();
