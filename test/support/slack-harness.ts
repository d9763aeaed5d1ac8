import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommandHandler, Requester } from '../../src/commands/handle-command.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { MemoryDeduplicator } from '../../src/transports/deduplicator.js';
import { createCoreServices } from '../../src/services.js';
import { createHttpApp } from '../../src/transports/http/app.js';
import type { RunningPlatform } from '../../src/transports/pipeline.js';
import { createSlackPlatform } from '../../src/transports/slack/index.js';
import { startOnPipeline } from './attach.js';
import { seedExampleBody } from './fixtures.js';
import { startSlackApiEmulator, type SlackApiEmulator } from './slack-api-emulator.js';
import { slackSignatureHeaders } from './slack-signing.js';
import { startSlackSocketServer, type SlackSocketServer } from './slack-socket-server.js';
import { startWebexEmulator, type WebexEmulator } from './webex-emulator.js';

/**
 * The real Slack platform on the answer pipeline, wired as the composition root wires it: the core
 * as createCoreServices builds it (waits shrunk) against the Webex emulator; Bolt against the Slack
 * API emulator; the one express app listening on a free port. Tests drive it as Slack would and read what reached the
 * emulators.
 */

export const PARTICIPANT_ID = seedExampleBody.id;
export const PARTICIPANT_NAME = seedExampleBody.displayName;

/**
 * Slack users of the fixture: one mapped in the access file, one found by users.info, one without
 * an email, and one with no access at all.
 */
export const USERS = {
  admin: { id: 'U0ADMIN01', email: 'ada.admin@example.com' },
  host: { id: 'U0HOST001', email: seedExampleBody.hostEmail, tz: 'America/New_York' },
  noEmail: { id: 'U0NOMAIL1' },
  stranger: { id: 'U0STRANGE', email: 'sam.stranger@example.com' },
} as const;

export interface SlackHarness {
  slack: SlackApiEmulator;
  webex: WebexEmulator;
  socket: SlackSocketServer | undefined;
  transport: RunningPlatform;
  /** `http://127.0.0.1:PORT` of the one HTTP server. */
  origin: string;
  signingSecret: string;
  /** Every log line, parsed, in order. */
  logs: Array<Record<string, unknown>>;
  /** Every log line as written, to look for leaked secrets. */
  rawLogs: string[];
  /** Resolves with the first log line that satisfies `predicate`, now or later. */
  waitForLog(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** What the core was asked, in order. */
  handled: Array<{ requester: Requester; text: string }>;
  /** The pipeline's claims, with their results, in order. */
  claims: Array<{ key: string; result: Promise<boolean> }>;
  postSlashCommand(fields?: Record<string, string>, signing?: SigningOptions): Promise<Response>;
  postEvent(event: Record<string, unknown>, options?: EventOptions): Promise<Response>;
  /** A click on a button of one of the bot's messages, as Slack posts it to the interactivity URL. */
  postAction(click: Click, signing?: SigningOptions): Promise<Response>;
  /** The `block_actions` payload Slack sends for `click`, for Socket Mode envelopes. */
  blockActions(click: Click): Record<string, unknown>;
  /** The fields of a slash command as Slack sends them, for Socket Mode envelopes. */
  slashCommand(fields?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export interface SigningOptions {
  timestampSeconds?: number;
  /** Sign with this secret instead of the right one (a forgery). */
  secret?: string;
}

export interface Click {
  /** The Slack user who clicks. */
  userId: string;
  /** The button, as the bot rendered it. */
  button: { action_id: string; value: string };
  channelId?: string;
}

export interface EventOptions extends SigningOptions {
  eventId?: string;
  retryNum?: number;
}

export interface HarnessOptions {
  /** Answers instead of the core, for tests of what the platform does with a kind of reply. */
  answer?: CommandHandler;
}

export async function startSlackHarness(mode: 'http' | 'socket' = 'http', options: HarnessOptions = {}): Promise<SlackHarness> {
  const slack = await startSlackApiEmulator();
  const webex = await startWebexEmulator();
  const socket = mode === 'socket' ? await startSlackSocketServer() : undefined;
  if (socket !== undefined) slack.setSocketUrl(socket.url);
  webex.addParticipant({ ...seedExampleBody });
  slack.addUser(USERS.host);
  slack.addUser(USERS.noEmail);
  slack.addUser(USERS.stranger);

  const rawLogs: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const logWaiters = new Set<() => void>();
  const logger = createLogger('trace', {
    write: (line: string) => {
      rawLogs.push(line);
      logs.push(JSON.parse(line) as Record<string, unknown>);
      for (const waiter of [...logWaiters]) waiter();
    },
  });
  const waitForLog: SlackHarness['waitForLog'] = (predicate, timeoutMs = 5_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const line = logs.find(predicate);
        if (line === undefined) return false;
        clearTimeout(timer);
        logWaiters.delete(onLine);
        resolve(line);
        return true;
      };
      const onLine = () => void check();
      const timer = setTimeout(() => {
        logWaiters.delete(onLine);
        reject(new Error(`no such log line within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) logWaiters.add(onLine);
    });

  const core = await createCoreServices({
    logger,
    webexApi: { baseUrl: webex.baseUrl, token: webex.apiToken, ratePerMinute: 60_000 },
    access: { admins: [USERS.admin.email], complianceOfficers: [], slackUsers: { [USERS.admin.id]: USERS.admin.email } },
    tuning: { timeUnitMs: 10, lookupTimeoutMs: 5_000, retryBaseDelayMs: 5 },
  });
  const { access } = core;
  const handled: SlackHarness['handled'] = [];
  const handle: CommandHandler = (requester, text) => {
    handled.push({ requester, text });
    return (options.answer ?? core.handle)(requester, text);
  };
  const memory = new MemoryDeduplicator();
  const claims: SlackHarness['claims'] = [];
  const dedupe = {
    claim: (key: string) => {
      const result = memory.claim(key);
      claims.push({ key, result });
      return result;
    },
  };

  const signingSecret = `secret-${randomUUID()}`;
  const config: NonNullable<Config['slack']> =
    mode === 'socket'
      ? { botToken: slack.botToken, apiUrl: slack.apiUrl, mode: 'socket', appToken: slack.appToken }
      : { botToken: slack.botToken, apiUrl: slack.apiUrl, mode: 'http', signingSecret };

  // /healthz is only asked once the server listens, after the transport has started.
  const app = createHttpApp({ isReady: () => transport.isReady() });
  const platform = createSlackPlatform({ config, app, access, logger, observer: { slackAcked: () => undefined } });
  const transport = await startOnPipeline(platform, { handle, dedupe, logger });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const slashCommand = (fields: Record<string, string> = {}): Record<string, string> => ({
    token: 'deprecated-verification-token',
    team_id: slack.teamId,
    team_domain: 'emulator',
    channel_id: 'C0GENERAL1',
    channel_name: 'general',
    user_id: USERS.host.id,
    user_name: 'jane',
    command: '/participant',
    text: PARTICIPANT_ID,
    api_app_id: 'A0EMULATOR',
    is_enterprise_install: 'false',
    response_url: slack.newResponseUrl(),
    trigger_id: `${Date.now()}.${randomUUID()}`,
    ...fields,
  });

  const post = (body: string, contentType: string, signing: SigningOptions, extra: Record<string, string> = {}) =>
    fetch(`${origin}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        ...slackSignatureHeaders(signing.secret ?? signingSecret, body, signing.timestampSeconds),
        ...extra,
      },
      body,
    });

  const blockActions = ({ userId, button, channelId = 'C0GENERAL1' }: Click): Record<string, unknown> => ({
    type: 'block_actions',
    user: { id: userId, username: 'someone', name: 'someone', team_id: slack.teamId },
    api_app_id: 'A0EMULATOR',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: channelId, is_ephemeral: true },
    trigger_id: `${Date.now()}.${randomUUID()}`,
    team: { id: slack.teamId, domain: 'emulator' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: channelId.startsWith('D') ? 'directmessage' : 'general' },
    response_url: slack.newResponseUrl(),
    actions: [
      {
        ...button,
        type: 'button',
        block_id: 'actions',
        text: { type: 'plain_text', text: 'Refresh', emoji: true },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  });

  return {
    slack,
    webex,
    socket,
    transport,
    origin,
    signingSecret,
    logs,
    rawLogs,
    waitForLog,
    handled,
    claims,
    slashCommand,
    postSlashCommand: (fields = {}, signing = {}) =>
      post(new URLSearchParams(slashCommand(fields)).toString(), 'application/x-www-form-urlencoded', signing),
    postEvent: (event, { eventId = `Ev${randomUUID()}`, retryNum, ...signing } = {}) => {
      const body = JSON.stringify({
        token: 'deprecated-verification-token',
        team_id: slack.teamId,
        api_app_id: 'A0EMULATOR',
        type: 'event_callback',
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: slack.teamId, user_id: slack.botUserId, is_bot: true }],
        event,
      });
      const retry: Record<string, string> =
        retryNum !== undefined ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {};
      return post(body, 'application/json', signing, retry);
    },
    blockActions,
    postAction: (click, signing = {}) =>
      post(new URLSearchParams({ payload: JSON.stringify(blockActions(click)) }).toString(), 'application/x-www-form-urlencoded', signing),
    close: async () => {
      await transport.stopReceiving();
      await transport.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await socket?.close();
      await core.close();
      await slack.close();
      await webex.close();
    },
  };
}

/** Every string anywhere inside a Block Kit payload, to look for what a user would read. */
export function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}
