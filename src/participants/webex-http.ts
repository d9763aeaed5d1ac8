import type { z } from 'zod';
import { failureKindByStatus, type LookupFailure, type StatusFailureKind } from './outcome.js';
import { parseRetryAfter } from './retry-after.js';
import { webexErrorSchema } from './schema.js';

/**
 * One attempt at one Webex REST call, from request to typed answer (README, "Upstream"): every way
 * it can end (a status of Webex's table, a timeout, a reset, a body too large or not JSON) becomes
 * a `LookupFailure`, and nothing throws. The participant lookup and the meeting calls share it, so
 * they fail, redact and report trackingIds alike. Retrying and pacing are the caller's business.
 */

export interface WebexHttpOptions {
  /** `https://webexapis.com/v1`, or an emulator's base URL. */
  baseUrl: string;
  /**
   * The token to send now: it may be renewed between two calls
   * (README, "Tokens that renew themselves"). It goes into the Authorization header only, and is
   * cut out of anything Webex echoes back.
   */
  token: () => string | undefined;
  /** For the whole attempt, body included. */
  timeoutMs: number;
  /** An answer far larger than expected is not one we want to hold in memory. */
  maxBodyBytes?: number;
  fetch?: typeof fetch;
}

/** A 200 read as JSON, with its headers (for `Link`) and its trackingId; or why not. */
export type WebexAnswer =
  | { ok: true; json: unknown; headers: Headers; trackingId?: string }
  | { ok: false; failure: LookupFailure };

export type Validated<T> = { ok: true; value: T; trackingId?: string } | { ok: false; failure: LookupFailure };

export interface WebexHttp {
  /** `{baseUrl}{path}`, with the query parameters that are defined (none: no `?` at all). */
  url(path: string, query?: Record<string, string | undefined>): URL;
  /** One attempt: a GET, or a POST of `json` when given. */
  send(url: URL, post?: { json: unknown }): Promise<WebexAnswer>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Webex's messages are short; a long one is not worth a log line of its own. */
const MAX_DETAIL_CHARS = 500;
const MAX_ISSUES_NAMED = 5;

const kindByStatus: ReadonlyMap<number, StatusFailureKind> = new Map(
  Object.entries(failureKindByStatus).map(([status, kind]) => [Number(status), kind]),
);

const TOO_LARGE = Symbol('tooLarge');

export function createWebexHttp(options: WebexHttpOptions): WebexHttp {
  const { timeoutMs } = options;
  const base = options.baseUrl.replace(/\/+$/, '');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const doFetch = options.fetch ?? fetch;

  return {
    url(path, query = {}) {
      const url = new URL(`${base}${path}`);
      const defined = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
      if (defined.length > 0) url.search = new URLSearchParams(defined).toString();
      return url;
    },
    async send(url, post) {
      const token = options.token();
      if (token === undefined) return { ok: false, failure: { kind: 'unauthorized', detail: 'no Webex access token to send' } };
      // Webex does not echo tokens, but a proxy or an emulator might: keep it out of every outcome.
      const redact = (text: string) => (token === '' ? text : text.split(token).join('[redacted]')).slice(0, MAX_DETAIL_CHARS);
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const response = await doFetch(url, {
          method: post === undefined ? 'GET' : 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(post === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          ...(post === undefined ? {} : { body: JSON.stringify(post.json) }),
          signal,
          // The Webex API does not redirect; following one could carry the token somewhere else.
          redirect: 'manual',
        });
        const body = await readCapped(response, maxBodyBytes);
        // An empty header identifies nothing; the error body may still carry one.
        const headerTrackingId = response.headers.get('trackingid') || undefined;
        if (response.status === 200) return readJson(body, response.headers, headerTrackingId);
        return { ok: false, failure: statusFailure(response, errorBody(body), headerTrackingId, redact) };
      } catch (error) {
        // Only our own timeout can abort the signal, whether during the request or the body.
        if (signal.aborted) return { ok: false, failure: { kind: 'timeout', detail: `no answer within ${timeoutMs} ms` } };
        return { ok: false, failure: { kind: 'network', detail: redact(networkDetail(error)) } };
      }
    },
  };
}

/**
 * A 200's JSON checked against `schema`; `what` names the schema in the failure's detail, which
 * gives paths and codes only: zod's messages may quote the values, which are someone's personal data.
 */
export function validate<S extends z.ZodType>(
  answer: { json: unknown; trackingId?: string },
  schema: S,
  what: string,
): Validated<z.infer<S>> {
  const tracking = answer.trackingId !== undefined ? { trackingId: answer.trackingId } : {};
  const parsed = schema.safeParse(answer.json);
  if (parsed.success) return { ok: true, value: parsed.data, ...tracking };
  const { issues } = parsed.error;
  const named = issues
    .slice(0, MAX_ISSUES_NAMED)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'} (${issue.code})`);
  const more = issues.length > MAX_ISSUES_NAMED ? ` and ${issues.length - MAX_ISSUES_NAMED} more` : '';
  return {
    ok: false,
    failure: { kind: 'invalidBody', status: 200, ...tracking, detail: `body does not fit the ${what} schema at ${named.join(', ')}${more}` },
  };
}

async function readCapped(response: Response, maxBytes: number): Promise<string | typeof TOO_LARGE> {
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    return TOO_LARGE;
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // Content-Length may be absent (chunked) or wrong, so count what actually arrives.
    if (size > maxBytes) {
      await reader.cancel();
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function readJson(body: string | typeof TOO_LARGE, headers: Headers, trackingId: string | undefined): WebexAnswer {
  const tracking = trackingId !== undefined ? { trackingId } : {};
  if (body === TOO_LARGE) {
    return { ok: false, failure: { kind: 'invalidBody', status: 200, ...tracking, detail: 'body larger than the size cap' } };
  }
  try {
    return { ok: true, json: JSON.parse(body), headers, ...tracking };
  } catch {
    return { ok: false, failure: { kind: 'invalidBody', status: 200, ...tracking, detail: 'body is not JSON' } };
  }
}

type WebexError = z.infer<typeof webexErrorSchema>;

/** Webex's error body, when there is a readable one: it carries the message and the trackingId. */
function errorBody(body: string | typeof TOO_LARGE): WebexError | undefined {
  if (body === TOO_LARGE) return undefined;
  try {
    const parsed = webexErrorSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function statusFailure(
  response: Response,
  body: WebexError | undefined,
  headerTrackingId: string | undefined,
  redact: (text: string) => string,
): LookupFailure {
  const trackingId = headerTrackingId ?? body?.trackingId;
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  const detail = body?.message ?? body?.errors?.find((error) => error.description !== undefined)?.description;
  return {
    kind: kindByStatus.get(response.status) ?? 'unexpectedStatus',
    status: response.status,
    ...(trackingId !== undefined ? { trackingId } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    ...(detail !== undefined ? { detail: redact(detail) } : {}),
  };
}

/** undici's fetch says only "fetch failed"; the reason (ECONNRESET, ECONNREFUSED) is in `cause`. */
function networkDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    return code !== undefined ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}
