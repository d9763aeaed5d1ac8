import type { z } from 'zod';
import {
  failureKindByStatus,
  type LookupFailure,
  type LookupOutcome,
  type LookupRequest,
  type ParticipantSource,
  type StatusFailureKind,
} from './outcome.js';
import { parseRetryAfter } from './retry-after.js';
import { participantSchema, webexErrorSchema } from './schema.js';

export interface WebexParticipantsClientOptions {
  /** `https://webexapis.com/v1`, or an emulator's base URL. */
  baseUrl: string;
  /**
   * The token with `meeting:admin_participants_read` to send now (it may be renewed between two
   * lookups, README, "Tokens that renew themselves"). It goes into the Authorization header only.
   */
  token: () => string | undefined;
  /** For the whole attempt, body included. */
  timeoutMs: number;
  /** A participant is a few KB; anything far larger is not an answer we want to hold in memory. */
  maxBodyBytes?: number;
  fetch?: typeof fetch;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Webex's messages are short; a long one is not worth a log line of its own. */
const MAX_DETAIL_CHARS = 500;
const MAX_ISSUES_NAMED = 5;

const kindByStatus: ReadonlyMap<number, StatusFailureKind> = new Map(
  Object.entries(failureKindByStatus).map(([status, kind]) => [Number(status), kind]),
);

const TOO_LARGE = Symbol('tooLarge');

/**
 * One attempt at `GET /meetingParticipants/{id}`: every way it can end becomes a typed outcome, and
 * nothing throws. Retrying and pacing are the caller's business (see rate-limited-source.ts).
 */
export function createWebexParticipantsClient(options: WebexParticipantsClientOptions): ParticipantSource {
  const { baseUrl, timeoutMs } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const doFetch = options.fetch ?? fetch;

  return {
    async lookup(request: LookupRequest): Promise<LookupOutcome> {
      const token = options.token();
      if (token === undefined) return fail({ kind: 'unauthorized', detail: 'no Webex access token to send' });
      // Webex does not echo tokens, but a proxy or an emulator might: keep it out of every outcome.
      const redact = (text: string) =>
        (token === '' ? text : text.split(token).join('[redacted]')).slice(0, MAX_DETAIL_CHARS);
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const response = await doFetch(participantUrl(baseUrl, request), {
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
          signal,
          // The Webex API does not redirect; following one could carry the token somewhere else.
          redirect: 'manual',
        });
        const body = await readCapped(response, maxBodyBytes);
        // An empty header identifies nothing; the error body may still carry one.
        const headerTrackingId = response.headers.get('trackingid') || undefined;
        if (response.status === 200) return parseParticipant(body, headerTrackingId);
        return fail(statusFailure(response, errorBody(body), headerTrackingId, redact));
      } catch (error) {
        // Only our own timeout can abort the signal, whether during the request or the body.
        if (signal.aborted) return fail({ kind: 'timeout', detail: `no answer within ${timeoutMs} ms` });
        return fail({ kind: 'network', detail: redact(networkDetail(error)) });
      }
    },
  };
}

function participantUrl(baseUrl: string, request: LookupRequest): URL {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/meetingParticipants/${encodeURIComponent(request.participantId)}`);
  if (request.hostEmail !== undefined) {
    url.search = new URLSearchParams({ hostEmail: request.hostEmail }).toString();
  }
  return url;
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

function parseParticipant(body: string | typeof TOO_LARGE, trackingId: string | undefined): LookupOutcome {
  const tracking = trackingId !== undefined ? { trackingId } : {};
  if (body === TOO_LARGE) {
    return fail({ kind: 'invalidBody', status: 200, ...tracking, detail: 'body larger than the size cap' });
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return fail({ kind: 'invalidBody', status: 200, ...tracking, detail: 'body is not JSON' });
  }
  const parsed = participantSchema.safeParse(json);
  if (!parsed.success) {
    return fail({ kind: 'invalidBody', status: 200, ...tracking, detail: describeIssues(parsed.error.issues) });
  }
  return { ok: true, participant: parsed.data, ...tracking };
}

/** Paths and codes only: zod's messages may quote the values, which are someone's personal data. */
function describeIssues(issues: z.ZodError['issues']): string {
  const named = issues
    .slice(0, MAX_ISSUES_NAMED)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'} (${issue.code})`);
  const more = issues.length > MAX_ISSUES_NAMED ? ` and ${issues.length - MAX_ISSUES_NAMED} more` : '';
  return `body does not fit the participant schema at ${named.join(', ')}${more}`;
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

function fail(failure: LookupFailure): LookupOutcome {
  return { ok: false, failure };
}
