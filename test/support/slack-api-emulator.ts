import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { webApi } from '@slack/bolt';

/**
 * A real HTTP server on 127.0.0.1 that answers like the Slack Web API under `/api/`, and also serves
 * as every `response_url` the tests hand to the bot. The bot's real WebClient and Bolt's real
 * respond() talk to it; tests assert on what reached it (`calls`, `responses`).
 *
 * Every recorded call and response carries `seq`, from the same counter as `mark()`, so that tests
 * can assert what happened before what without looking at a clock.
 */

export interface SlackApiCall {
  seq: number;
  method: string;
  /** The token after `Bearer `, if any. */
  bearer: string | undefined;
  /** Form or JSON fields; `blocks` and other JSON-valued fields already parsed. */
  body: Record<string, unknown>;
}

export interface ResponseUrlPost {
  seq: number;
  id: string;
  /** What the emulator answered: 200, or the status set with `failResponseUrls`. */
  status: number;
  body: Record<string, unknown>;
}

export interface SlackUser {
  id: string;
  /** Left out of the profile when undefined, as Slack does without users:read.email. */
  email?: string;
  /** The user's time zone as Slack gives it (`tz`, an IANA name); left out when undefined. */
  tz?: string;
}

/** An `ok: false` answer, such as `{ error: 'missing_scope', needed: 'users:read.email' }`. */
export interface SlackApiError {
  error: string;
  [field: string]: unknown;
}

const callListeners = new Set<(call: SlackApiCall) => void>();

/**
 * Hears every Web API call that reaches any Slack emulator in this process, until the returned
 * function is called: the conformance check holds them to the Slack SDK's own method list and
 * argument types (README, "Conformance with Webex's API").
 */
export function onSlackApiCall(listener: (call: SlackApiCall) => void): () => void {
  callListeners.add(listener);
  return () => callListeners.delete(listener);
}

export interface SlackApiEmulatorOptions {
  botToken?: string;
  appToken?: string;
}

export interface SlackUpload {
  fileId: string;
  filename: string;
  content: string;
  channel: string;
  initialComment: string | undefined;
}

export interface SlackApiEmulator {
  /** `http://127.0.0.1:PORT/api/`, for SLACK_API_URL. */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly calls: SlackApiCall[];
  readonly responses: ResponseUrlPost[];
  /** Files shared with files.uploadV2's three steps, once completed. */
  readonly uploads: SlackUpload[];
  callsTo(method: string): SlackApiCall[];
  addUser(user: SlackUser): void;
  /** The next `count` calls of `method` answer `{ ok: false, ...error }`. */
  failNext(method: string, count: number, error: SlackApiError): void;
  /** A fresh response_url on this server. */
  newResponseUrl(): string;
  /** Every response_url answers `status` from now on (404/410 for expired), or 200 again with undefined. */
  failResponseUrls(status: number | undefined): void;
  /** What apps.connections.open hands out (a local WebSocket server's URL). */
  setSocketUrl(url: string): void;
  /** Takes a number from the same counter as recorded calls, to order outside events among them. */
  mark(): number;
  /** Resolves once `predicate` holds, checked after every recorded call and response. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Fields the WebClient sends as JSON strings inside a form body. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'files']);

export async function startSlackApiEmulator(options: SlackApiEmulatorOptions = {}): Promise<SlackApiEmulator> {
  const botToken = options.botToken ?? `xoxb-emulator-${randomUUID()}`;
  const appToken = options.appToken ?? `xapp-emulator-${randomUUID()}`;
  const botUserId = 'UBOT0001';
  const botId = 'BBOT0001';
  const teamId = 'T0EMULATOR';
  const calls: SlackApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const users = new Map<string, SlackUser>();
  const uploads: SlackUpload[] = [];
  /** Uploaded, not yet completed: file id -> content, and the name it was announced with. */
  const pendingUploads = new Map<string, string>();
  const announced = new Map<string, string>();
  const scripted: Array<{ method: string; remaining: number; error: SlackApiError }> = [];
  const waiters = new Set<() => void>();
  let seq = 0;
  let responseUrlStatus: number | undefined;
  let socketUrl: string | undefined;

  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const takeScripted = (method: string): SlackApiError | undefined => {
    const index = scripted.findIndex((s) => s.method === method);
    const script = scripted[index];
    if (script === undefined) return undefined;
    script.remaining -= 1;
    if (script.remaining <= 0) scripted.splice(index, 1);
    return script.error;
  };

  /** Each answer `satisfies` the SDK's own response type: a field Slack does not send fails the typecheck. */
  const answer = (call: SlackApiCall): Record<string, unknown> => {
    const failure = takeScripted(call.method);
    if (failure !== undefined) return { ok: false, ...failure };
    const expected = call.method === 'apps.connections.open' ? appToken : botToken;
    if (call.bearer !== expected) return { ok: false, error: 'invalid_auth' };
    switch (call.method) {
      case 'auth.test':
        return { ok: true, url: 'https://emulator.slack.test/', team: 'Emulator', user: 'participant-bot', team_id: teamId, user_id: botUserId, bot_id: botId } satisfies webApi.AuthTestResponse;
      case 'users.info': {
        const user = users.get(String(call.body.user));
        if (user === undefined) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: { id: user.id, team_id: teamId, ...(user.tz !== undefined ? { tz: user.tz } : {}), profile: user.email !== undefined ? { email: user.email } : {} },
        } satisfies webApi.UsersInfoResponse;
      }
      case 'chat.postMessage':
        return { ok: true, channel: String(call.body.channel), ts: `${Date.now() / 1000}`, message: { text: String(call.body.text) } } satisfies webApi.ChatPostMessageResponse;
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${Date.now() / 1000}` } satisfies webApi.ChatPostEphemeralResponse;
      case 'files.getUploadURLExternal': {
        const fileId = `F${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
        announced.set(fileId, String(call.body.filename));
        return { ok: true, upload_url: `${origin}/upload/${fileId}`, file_id: fileId } satisfies webApi.FilesGetUploadURLExternalResponse;
      }
      case 'files.completeUploadExternal': {
        const files = call.body.files as Array<{ id: string }>;
        for (const { id } of files) {
          const content = pendingUploads.get(id);
          if (content === undefined) return { ok: false, error: 'file_not_found' };
          const comment = call.body.initial_comment;
          uploads.push({ fileId: id, filename: announced.get(id) ?? '', content, channel: String(call.body.channel_id), initialComment: typeof comment === 'string' ? comment : undefined });
        }
        return { ok: true, files: files.map(({ id }) => ({ id })) } satisfies webApi.FilesCompleteUploadExternalResponse;
      }
      // A DM channel per user, as Slack keeps one per pair: its id starts with D.
      case 'conversations.open': {
        const user = users.get(String(call.body.users));
        if (user === undefined) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: `D${user.id.slice(1)}`, is_im: true } } satisfies webApi.ConversationsOpenResponse;
      }
      case 'apps.connections.open':
        return socketUrl !== undefined ? ({ ok: true, url: socketUrl } satisfies webApi.AppsConnectionsOpenResponse) : { ok: false, error: 'internal_error' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    // files.uploadV2's second step: the file itself, to the URL the first step handed out.
    if (url.pathname.startsWith('/upload/')) {
      const form = await new Response(raw, { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
      const [, file] = [...form][0] ?? [];
      pendingUploads.set(url.pathname.slice('/upload/'.length), typeof file === 'string' ? file : ((await file?.text()) ?? ''));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
      return;
    }
    const body = parseBody(raw, req.headers['content-type']);
    if (url.pathname.startsWith('/response/')) {
      const status = responseUrlStatus ?? 200;
      responses.push({ seq: ++seq, id: url.pathname.slice('/response/'.length), status, body });
      notify();
      const reply = status === 200 ? { ok: true } : { ok: false, error: 'expired_url' };
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const authorization = req.headers.authorization;
    const call: SlackApiCall = {
      seq: ++seq,
      method: url.pathname.slice('/api/'.length),
      bearer: authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined,
      body,
    };
    calls.push(call);
    for (const listener of callListeners) listener(call);
    const reply = answer(call);
    notify();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('slack api emulator: handler failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${origin}/api/`,
    botToken,
    appToken,
    botUserId,
    botId,
    teamId,
    calls,
    responses,
    uploads,
    callsTo: (method) => calls.filter((c) => c.method === method),
    addUser: (user) => {
      users.set(user.id, user);
    },
    failNext: (method, count, error) => {
      if (count > 0) scripted.push({ method, remaining: count, error });
    },
    newResponseUrl: () => `${origin}/response/${randomUUID()}`,
    failResponseUrls: (status) => {
      responseUrlStatus = status;
    },
    setSocketUrl: (next) => {
      socketUrl = next;
    },
    mark: () => ++seq,
    waitFor: (predicate, timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate()) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`slack api emulator: condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    fields[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return fields;
}
