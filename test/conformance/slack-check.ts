import { webApi, type types } from '@slack/bolt';
import { z } from 'zod';
import type { SlackApiCall } from '../support/slack-api-emulator.js';

/**
 * The Slack Web API calls the bot makes, held to the Slack SDK's own TypeScript types (README,
 * "Conformance with Webex's API"). Each shape lists exactly the arguments the bot sends; the
 * typecheck proves every shape fits the SDK's argument type and names no argument the SDK lacks,
 * and the check below proves every call the emulator saw fits its shape.
 */

type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type UnknownKeys<S extends z.ZodObject, Args> = Exclude<keyof S['shape'], KeysOfUnion<Args>>;

/** Accepts a schema only if its output is an `Args` and has no key that no member of `Args` has. */
const sdkAccepts =
  <Args>() =>
  <S extends z.ZodObject & z.ZodType<Args>>(schema: S & ([UnknownKeys<S, Args>] extends [never] ? unknown : { unknownArguments: UnknownKeys<S, Args> })): S =>
    schema;

const block = z.custom<types.KnownBlock>(
  (value) => typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string',
);

const uploaded = z.strictObject({ id: z.string(), title: z.string().optional() });

export const SLACK_CALL_SHAPES: Record<string, z.ZodType> = {
  'auth.test': sdkAccepts<webApi.AuthTestArguments>()(z.strictObject({ token: z.string().optional() })),
  'apps.connections.open': sdkAccepts<webApi.AppsConnectionsOpenArguments>()(z.strictObject({})),
  'users.info': sdkAccepts<webApi.UsersInfoArguments>()(z.strictObject({ user: z.string() })),
  'chat.postMessage': sdkAccepts<webApi.ChatPostMessageArguments>()(
    z.strictObject({ channel: z.string(), text: z.string(), blocks: z.array(block).optional(), thread_ts: z.string().optional() }),
  ),
  'chat.postEphemeral': sdkAccepts<webApi.ChatPostEphemeralArguments>()(
    z.strictObject({
      channel: z.string(),
      user: z.string(),
      text: z.string(),
      blocks: z.array(block).optional(),
      thread_ts: z.string().optional(),
    }),
  ),
  'conversations.open': sdkAccepts<webApi.ConversationsOpenArguments>()(z.strictObject({ users: z.string() })),
  // files.uploadV2's first and last steps; the file itself goes to the URL the first hands out.
  'files.getUploadURLExternal': sdkAccepts<webApi.FilesGetUploadURLExternalArguments>()(
    z.strictObject({ filename: z.string(), length: z.coerce.number() }),
  ),
  'files.completeUploadExternal': sdkAccepts<webApi.FilesCompleteUploadExternalArguments>()(
    z.strictObject({
      files: z.tuple([uploaded], uploaded),
      channel_id: z.string(),
      initial_comment: z.string().optional(),
    }),
  ),
};

/** Every method the SDK's WebClient offers, as `chat.postMessage`, read off a client. */
export function sdkMethods(): Set<string> {
  const methods = new Set<string>();
  const walk = (node: object, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'function') methods.add(`${prefix}${key}`);
      else if (typeof value === 'object' && value !== null) walk(value as object, `${prefix}${key}.`);
    }
  };
  const client = new webApi.WebClient();
  for (const namespace of Object.keys(client)) {
    const value: unknown = client[namespace as keyof typeof client];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) walk(value, `${namespace}.`);
  }
  return methods;
}

/** The WebClient adds `team_id` to every call itself when given a team (Bolt gives it one). */
const ADDED_BY_THE_SDK = ['team_id'];

export function checkSlackCall(call: SlackApiCall, known: ReadonlySet<string>): string[] {
  if (!known.has(call.method)) return [`${call.method}: not a method of the Slack SDK's WebClient`];
  const shape = SLACK_CALL_SHAPES[call.method];
  if (shape === undefined) return [`${call.method}: called, but has no shape checked against the SDK's types`];
  const args = Object.fromEntries(Object.entries(call.body).filter(([key]) => !ADDED_BY_THE_SDK.includes(key)));
  const parsed = shape.safeParse(args);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${call.method}: ${issue.path.join('.') || '(arguments)'} ${issue.code}${'keys' in issue ? ` ${issue.keys.join(', ')}` : ''}`);
}
