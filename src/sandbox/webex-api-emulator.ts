import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulatedMeetings, type EmulatedMeeting } from './emulated-meetings.js';

export type { EmulatedMeeting } from './emulated-meetings.js';

/**
 * A real HTTP server on 127.0.0.1 that answers like the Webex REST API under `/v1`. The sandbox
 * runs the bot against it with sample meetings; tests and the benchmarks point the bot at `baseUrl`
 * and then assert on what reached it (`requests`), so that the code under test runs its real
 * fetch, timeouts and header handling. Production code, so it uses nothing but `node:`.
 *
 * It is a small router: the participants endpoint is built in, other endpoints are added with
 * `route()`. Failures are scripted with `failNext()`; a fixed-window rate limit can be switched on.
 * With `oauth`, `POST /access_token` renews tokens as Webex does for an integration or a service app
 * (README, "Tokens that renew themselves"): access tokens that expire, refresh tokens that rotate,
 * and revocation on demand.
 */

const PREFIX = '/v1';

/** What a route handler sees. `path` is without the `/v1` prefix; `params` are decoded. */
export interface EmulatorRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The token after `Bearer `, if any. */
  bearer: string | undefined;
  /** The `trackingid` this answer will carry; error bodies repeat it, as Webex does. */
  trackingId: string;
  rawBody: string;
  /** `rawBody` parsed as JSON, when it is JSON. */
  body: unknown;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent exactly as given, instead of `body` (non-JSON or truncated answers). */
  raw?: string | Buffer;
}

export type RouteHandler = (request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

/** Which requests a script or the rate limit applies to; both fields optional, default: all. */
export interface RequestMatch {
  method?: string;
  /** A route pattern such as `/meetingParticipants/:id`, without the `/v1` prefix. */
  path?: string;
}

/**
 * One scripted answer. With `status` it replaces the normal answer; without it the request is only
 * delayed by `delayMs` and then served normally (a slow answer). `reset` drops the connection
 * without any answer. An empty header value removes that header (say, `trackingid`). A status without `body` or `raw` gets Webex's error body for that status.
 */
export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: string | Buffer;
  delayMs?: number;
  reset?: boolean;
  /** Send the headers and the body (chunked), then never finish: a stalled answer. */
  stall?: boolean;
  match?: RequestMatch;
}

export interface RateLimit {
  /** Requests allowed per window; the next ones get 429 with Retry-After until the window ends. */
  limit: number;
  windowMs: number;
  /** Retry-After to send; by default the seconds left in the window, at least 1. */
  retryAfterSeconds?: number;
  match?: RequestMatch;
}

/** One request as it arrived, plus how it was answered, for assertions. */
export interface LoggedRequest {
  method: string;
  /** The full path as received, `/v1/...`, still percent-encoded. */
  path: string;
  /** The request target as received, query string included. */
  url: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** `Date.now()` on arrival. */
  at: number;
  trackingId: string;
  /** Undefined while unanswered, and for connection resets. */
  status?: number;
  /** The request body as sent (a renewal's form, say). */
  rawBody?: string;
}

/** The OAuth client `POST /access_token` knows, and the lifetimes of what it issues. */
export interface EmulatedOAuthClient {
  clientId: string;
  clientSecret: string;
  /** `expires_in` of each access token: 14 days by default, as Webex gives integrations. */
  accessTokenSeconds?: number;
  /** `refresh_token_expires_in`: 90 days by default. */
  refreshTokenSeconds?: number;
  /**
   * Each renewal answers with a new refresh token and the one it was asked with stops working: the
   * strictest thing Webex may do, so that a bot that keeps an old refresh token finds out.
   */
  rotateRefreshTokens?: boolean;
}

/**
 * One request and its answer, whole, for the conformance check against Webex's published API
 * (README, "Conformance with Webex's API"). `answeredBy: 'script'` marks a `failNext()` answer:
 * those are faults a test planted on purpose, so only their requests are held to the spec.
 */
export interface WebexExchange {
  method: string;
  /** Without the `/v1` prefix, still percent-encoded. */
  path: string;
  /** Every query parameter as sent, repeats included. */
  query: Array<[string, string]>;
  requestContentType: string | undefined;
  requestBody: string;
  /** Undefined for a connection reset or a stalled answer. */
  status: number | undefined;
  responseContentType: string | undefined;
  responseBody: string | undefined;
  answeredBy: 'emulator' | 'script';
}

const exchangeListeners = new Set<(exchange: WebexExchange) => void>();

/**
 * Hears every finished exchange of every emulator in this process, until the returned function is
 * called. The test suite's conformance check listens; with no listener nothing is kept, so the
 * long-running sandbox does not grow.
 */
export function onWebexExchange(listener: (exchange: WebexExchange) => void): () => void {
  exchangeListeners.add(listener);
  return () => exchangeListeners.delete(listener);
}

export interface WebexEmulatorOptions {
  /** The token the participants endpoint accepts; a random one by default. */
  apiToken?: string;
  oauth?: EmulatedOAuthClient;
  /** The clock tokens expire by: `Date.now` unless a test brings its own. */
  now?: () => number;
  rateLimit?: RateLimit;
  /** Keep only the newest this many in `requests`: a long-running sandbox must not grow forever. */
  maxLoggedRequests?: number;
  /** Roster next links carry only the cursor (see emulated-meetings.ts). */
  nextLinksDropQuery?: boolean;
}

export interface WebexEmulator {
  /** `http://127.0.0.1:PORT/v1` */
  readonly baseUrl: string;
  readonly apiToken: string;
  /** Every request received, in order of arrival. */
  readonly requests: LoggedRequest[];
  route(method: string, pathPattern: string, handler: RouteHandler): void;
  /** Served by `GET /meetingParticipants/:id`, keyed by `body.id`. */
  addParticipant(body: { id: string; hostEmail?: string } & Record<string, unknown>): void;
  /**
   * Served by `GET /meetings` (by number or link), its roster by `GET /meetingParticipants` (paged,
   * with `Link`) and `POST /meetingParticipants/query`; add its participants too for one-by-one lookups.
   */
  addMeeting(meeting: EmulatedMeeting): void;
  /** The next `count` matching requests get `response` instead of their normal answer. */
  failNext(count: number, response: ScriptedResponse): void;
  setRateLimit(rateLimit: RateLimit | undefined): void;
  /** A refresh token for `oauth`'s client, as an admin's authorisation of the app gives one. */
  issueRefreshToken(): string;
  /** Every refresh token is refused from now on (400), as after an admin revoked the app's authorisation. */
  revokeRefreshTokens(): void;
  /** Every access and refresh token issued so far, revoked or not, for tests to look for. */
  readonly issued: readonly string[];
  /** Every access token issued so far is refused (401), as once they expire. */
  expireAccessTokens(): void;
  close(): Promise<void>;
}

/** The messages Webex's API reference gives for each error status. */
const webexMessages: Record<number, string> = {
  400: 'The request was invalid or cannot be otherwise served.',
  401: 'The request requires a valid access token set in the Authorization request header.',
  403: 'The server understood the request, but refused to fulfill it because the access token is missing required scopes or because of other restrictions.',
  404: 'The URI requested is invalid or the resource requested, such as a user, does not exist.',
  405: 'The request was made to a resource using an HTTP request method that is not supported.',
  409: 'The request could not be processed because it conflicts with some established rule of the system.',
  410: 'The requested resource is no longer available.',
  415: 'The request was made to a resource without specifying a media type or used a media type that is not supported.',
  423: 'The requested resource is temporarily unavailable. A Retry-After header may be present that specifies how many seconds you need to wait before attempting the request again.',
  428: 'File(s) cannot be scanned for malware and need to be force downloaded.',
  429: 'Too many requests have been sent in a given amount of time and the request has been rate limited. A Retry-After header should be present that specifies how many seconds you need to wait before a successful request can be made.',
  500: 'Something went wrong on the server.',
  502: 'The server received an invalid response from an upstream server while processing the request. Try again later.',
  503: 'Server is overloaded with requests. Try again later.',
  504: 'An upstream server failed to respond on time. If your query uses max parameter, please try to reduce it.',
};

/** Webex's error body shape: `{ message, errors: [{ description }], trackingId }`. */
export function webexError(status: number, trackingId: string, message?: string): EmulatorResponse {
  const text = message ?? webexMessages[status] ?? 'Unexpected error.';
  return { status, body: { message: text, errors: [{ description: text }], trackingId } };
}

/** What `send` wrote, whole: a stalled answer has none. */
interface SentAnswer {
  status: number;
  contentType: string | undefined;
  body: string | undefined;
}

interface CompiledRoute {
  method: string;
  matchPath: (path: string) => Record<string, string> | undefined;
  handler: RouteHandler;
}

/** `/a/:id/b` matches one path segment per `:name`; the captured segments are percent-decoded. */
function compilePattern(pattern: string): (path: string) => Record<string, string> | undefined {
  const expected = pattern.split('/');
  return (path) => {
    const actual = path.split('/');
    if (actual.length !== expected.length) return undefined;
    const params: Record<string, string> = {};
    for (const [index, part] of expected.entries()) {
      const segment = actual[index] ?? '';
      if (part.startsWith(':')) {
        if (segment === '') return undefined;
        try {
          params[part.slice(1)] = decodeURIComponent(segment);
        } catch {
          return undefined;
        }
      } else if (part !== segment) {
        return undefined;
      }
    }
    return params;
  };
}

function matches(match: RequestMatch | undefined, method: string, path: string): boolean {
  if (match === undefined) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== method) return false;
  return match.path === undefined || compilePattern(match.path)(path) !== undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWebexEmulator(options: WebexEmulatorOptions = {}): Promise<WebexEmulator> {
  const apiToken = options.apiToken ?? `emulator-token-${randomUUID()}`;
  const now = options.now ?? Date.now;
  const oauth = options.oauth;
  /** Each token issued, with the epoch ms it stops working at. */
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Map<string, number>();
  const issued: string[] = [];
  const requests: LoggedRequest[] = [];
  const maxLogged = options.maxLoggedRequests ?? Number.POSITIVE_INFINITY;
  const routes: CompiledRoute[] = [];
  const scripts: Array<{ remaining: number; response: ScriptedResponse }> = [];
  const participants = new Map<string, { hostEmail?: string } & Record<string, unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  let rateLimit = options.rateLimit;
  let rateWindow = { start: 0, count: 0 };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const route = (method: string, pathPattern: string, handler: RouteHandler) => {
    routes.push({ method: method.toUpperCase(), matchPath: compilePattern(pathPattern), handler });
  };

  const accepts = (bearer: string | undefined): boolean =>
    bearer !== undefined && (bearer === apiToken || (accessTokens.get(bearer) ?? 0) > now());

  const issueRefreshToken = (): string => {
    const refreshToken = `emulator-refresh-${randomUUID()}`;
    issued.push(refreshToken);
    refreshTokens.set(refreshToken, now() + (oauth?.refreshTokenSeconds ?? 90 * 86_400) * 1000);
    return refreshToken;
  };

  route('POST', '/access_token', (request) => {
    const form = new URLSearchParams(request.rawBody);
    if (oauth === undefined || form.get('client_id') !== oauth.clientId || form.get('client_secret') !== oauth.clientSecret) {
      return webexError(401, request.trackingId, 'invalid_client');
    }
    const given = form.get('refresh_token') ?? '';
    if (form.get('grant_type') !== 'refresh_token' || (refreshTokens.get(given) ?? 0) <= now()) {
      return webexError(400, request.trackingId, 'invalid_grant');
    }
    let refreshToken = given;
    if (oauth.rotateRefreshTokens === true) {
      refreshTokens.delete(given);
      refreshToken = issueRefreshToken();
    }
    const accessToken = `emulator-access-${randomUUID()}`;
    issued.push(accessToken);
    const accessSeconds = oauth.accessTokenSeconds ?? 14 * 86_400;
    accessTokens.set(accessToken, now() + accessSeconds * 1000);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        expires_in: accessSeconds,
        refresh_token: refreshToken,
        refresh_token_expires_in: Math.round(((refreshTokens.get(refreshToken) ?? 0) - now()) / 1000),
        token_type: 'Bearer',
      },
    };
  });

  route('GET', '/meetingParticipants/:id', (request) => {
    if (!accepts(request.bearer)) return webexError(401, request.trackingId);
    const participant = participants.get(request.params.id ?? '');
    const hostEmail = request.query.get('hostEmail');
    // Webex filters by host when asked: someone else's meeting reads as "not found".
    const hostMatches =
      hostEmail === null || participant?.hostEmail?.toLowerCase() === hostEmail.toLowerCase();
    if (participant === undefined || !hostMatches) return webexError(404, request.trackingId);
    return { status: 200, body: participant };
  });

  const meetings = createEmulatedMeetings({
    accepts,
    ...(options.nextLinksDropQuery !== undefined ? { nextLinksDropQuery: options.nextLinksDropQuery } : {}),
  });
  meetings.mount(route);

  const takeScript = (method: string, path: string): ScriptedResponse | undefined => {
    const index = scripts.findIndex((script) => matches(script.response.match, method, path));
    const script = scripts[index];
    if (script === undefined) return undefined;
    script.remaining -= 1;
    if (script.remaining <= 0) scripts.splice(index, 1);
    return script.response;
  };

  /** A fixed window: simple, and enough to show what the bot does when Webex starts saying 429. */
  const rateLimited = (method: string, path: string, trackingId: string): EmulatorResponse | undefined => {
    if (rateLimit === undefined || !matches(rateLimit.match, method, path)) return undefined;
    const now = Date.now();
    if (now - rateWindow.start >= rateLimit.windowMs) rateWindow = { start: now, count: 0 };
    rateWindow.count += 1;
    if (rateWindow.count <= rateLimit.limit) return undefined;
    const secondsLeft = Math.max(1, Math.ceil((rateWindow.start + rateLimit.windowMs - now) / 1000));
    const retryAfter = rateLimit.retryAfterSeconds ?? secondsLeft;
    return { ...webexError(429, trackingId), headers: { 'Retry-After': String(retryAfter) } };
  };

  const dispatch = async (request: EmulatorRequest): Promise<EmulatorResponse> => {
    const candidates = routes
      .map((candidate) => ({ candidate, params: candidate.matchPath(request.path) }))
      .filter((found) => found.params !== undefined);
    const hit = candidates.find((found) => found.candidate.method === request.method);
    if (hit === undefined) {
      return webexError(candidates.length > 0 ? 405 : 404, request.trackingId);
    }
    return hit.candidate.handler({ ...request, params: hit.params ?? {} });
  };

  /** Writes the answer; says what went out, for the exchange listeners. */
  const send = (res: ServerResponse, logged: LoggedRequest, answer: EmulatorResponse, stall = false): SentAnswer | undefined => {
    if (res.destroyed) return undefined;
    const headers: Record<string, string> = { trackingid: logged.trackingId, ...answer.headers };
    for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name];
    let payload: string | Buffer | undefined;
    if (answer.raw !== undefined) {
      payload = answer.raw;
      headers['content-type'] ??= 'text/plain';
    } else if (answer.body !== undefined) {
      payload = JSON.stringify(answer.body);
      headers['content-type'] ??= 'application/json;charset=UTF-8';
    }
    logged.status = answer.status;
    if (stall) {
      res.writeHead(answer.status, headers);
      res.write(payload ?? '');
      return undefined;
    }
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    res.writeHead(answer.status, headers);
    res.end(payload);
    return { status: answer.status, contentType: headers['content-type'], body: payload?.toString() };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = new URL(req.url ?? '/', 'http://emulator');
    const logged: LoggedRequest = {
      method,
      path: target.pathname,
      url: req.url ?? '/',
      query: Object.fromEntries(target.searchParams),
      headers: req.headers,
      at: Date.now(),
      trackingId: `EMULATOR_${randomUUID()}`,
    };
    requests.push(logged);
    if (requests.length > maxLogged) requests.splice(0, requests.length - maxLogged);
    const rawBody = await readBody(req);
    logged.rawBody = rawBody;
    const publish = (sent: SentAnswer | undefined, answeredBy: WebexExchange['answeredBy']) => {
      if (exchangeListeners.size === 0) return;
      const exchange: WebexExchange = {
        method,
        path: target.pathname.startsWith(`${PREFIX}/`) ? target.pathname.slice(PREFIX.length) : target.pathname,
        query: [...target.searchParams],
        requestContentType: req.headers['content-type'],
        requestBody: rawBody,
        status: sent?.status,
        responseContentType: sent?.contentType,
        responseBody: sent?.body,
        answeredBy,
      };
      for (const listener of exchangeListeners) listener(exchange);
    };
    if (!target.pathname.startsWith(`${PREFIX}/`)) {
      publish(send(res, logged, webexError(404, logged.trackingId)), 'emulator');
      return;
    }
    const path = target.pathname.slice(PREFIX.length);
    const authorization = req.headers.authorization;
    const request: EmulatorRequest = {
      method,
      path,
      params: {},
      query: target.searchParams,
      headers: req.headers,
      bearer: authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined,
      trackingId: logged.trackingId,
      rawBody,
      body: parseJson(rawBody),
    };

    const script = takeScript(method, path);
    if (script?.delayMs !== undefined) await sleep(script.delayMs);
    if (script?.reset === true) {
      req.socket.destroy();
      publish(undefined, 'script');
      return;
    }
    if (script?.status !== undefined) {
      const answer =
        script.body === undefined && script.raw === undefined
          ? webexError(script.status, logged.trackingId)
          : { status: script.status, body: script.body, raw: script.raw };
      publish(send(res, logged, { ...answer, headers: { ...answer.headers, ...script.headers } }, script.stall), 'script');
      return;
    }
    const answer = rateLimited(method, path, logged.trackingId) ?? (await dispatch(request));
    publish(send(res, logged, answer), 'emulator');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('webex emulator: handler failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}${PREFIX}`,
    apiToken,
    requests,
    route,
    addParticipant: (body) => {
      participants.set(body.id, body);
    },
    addMeeting: meetings.add,
    failNext: (count, response) => {
      if (count > 0) scripts.push({ remaining: count, response });
    },
    setRateLimit: (next) => {
      rateLimit = next;
      rateWindow = { start: 0, count: 0 };
    },
    issueRefreshToken,
    revokeRefreshTokens: () => refreshTokens.clear(),
    issued,
    expireAccessTokens: () => accessTokens.clear(),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
