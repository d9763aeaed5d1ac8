import type { Logger } from 'pino';
import type { LookupFailure } from '../participants/outcome.js';
import type { ErrorCode, ErrorReply, NotFoundSubject, Reply } from '../replies/reply.js';
import type { Asker } from './asker.js';

/** The errors a failed call to Webex can become. */
type CallErrorCode = Exclude<ErrorCode, 'unknownRequester' | 'internal' | 'missingScope'>;

/** What the operator log says when a call fails, by what the user was told. */
const OPERATOR_NOTE: Record<CallErrorCode, string> = {
  busy: 'Lookup answered "busy": Webex asked to wait longer than a user should (429/423, busyBecause "webex"), or the lookup queue is full (busyBecause "queue")',
  webexUnavailable: 'Lookup failed: Webex did not answer well (5xx, timeout or connection error), even after retries',
  configuration:
    'Webex refused WEBEX_API_TOKEN (or the token renewed with WEBEX_REFRESH_TOKEN, see any token_renewal_* line): check that it is valid and has the meeting:admin_participants_read scope',
  invalidAnswer: 'Lookup failed: Webex answered with a body that is not what its API documents (see detail)',
  rejected: 'Lookup failed: Webex rejected the request (see status and detail)',
};

/**
 * A failed call as the requester reads it. "Not found" (and, for a host, Webex's own filter
 * refusing with 400) reads exactly as for something that does not exist; anything else is an
 * error that says what happened, logged for the operator with Webex's details.
 */
export function replyToFailure(failure: LookupFailure, subject: NotFoundSubject, asker: Asker, logger: Logger, context: object): Reply {
  if (failure.kind === 'notFound' || (asker.role === 'host' && failure.kind === 'badRequest')) {
    return { kind: 'notFound', subject };
  }
  const error = errorFor(failure);
  const details = {
    outcome: failure.kind,
    status: failure.status,
    trackingId: failure.trackingId,
    detail: failure.detail,
    ...(error.code === 'busy' ? { busyBecause: error.busyBecause } : {}),
  };
  logger[error.code === 'configuration' ? 'error' : 'warn']({ ...details, ...context }, OPERATOR_NOTE[error.code]);
  return { kind: 'error', error };
}

function errorFor(failure: LookupFailure): ErrorReply & { code: CallErrorCode } {
  const trackingId = failure.trackingId !== undefined ? { trackingId: failure.trackingId } : {};
  switch (failure.kind) {
    case 'busy':
    case 'tooManyRequests':
    case 'locked':
      return {
        code: 'busy',
        // A 429 or 423 that reached this far unpaced is Webex's word too.
        busyBecause: failure.busyBecause ?? 'webex',
        ...trackingId,
        ...(failure.retryAfterSeconds !== undefined ? { retryAfterSeconds: failure.retryAfterSeconds } : {}),
      };
    case 'unauthorized':
    case 'forbidden':
      return { code: 'configuration', ...trackingId };
    case 'invalidBody':
      return { code: 'invalidAnswer', ...trackingId };
    case 'internalServerError':
    case 'badGateway':
    case 'serviceUnavailable':
    case 'gatewayTimeout':
    case 'timeout':
    case 'network':
      return { code: 'webexUnavailable', ...trackingId };
    case 'notFound':
    case 'badRequest':
    case 'methodNotAllowed':
    case 'conflict':
    case 'gone':
    case 'unsupportedMediaType':
    case 'preconditionRequired':
    case 'unexpectedStatus':
      return { code: 'rejected', ...trackingId };
  }
}
