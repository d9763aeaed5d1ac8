import type { Participant } from './schema.js';

/**
 * What one lookup can end in. Every status of Webex's response table has its own kind, so that
 * callers switch on meaning rather than on numbers, and the compiler tells them when one is new.
 */
export const failureKindByStatus = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  405: 'methodNotAllowed',
  409: 'conflict',
  410: 'gone',
  415: 'unsupportedMediaType',
  423: 'locked',
  428: 'preconditionRequired',
  429: 'tooManyRequests',
  500: 'internalServerError',
  502: 'badGateway',
  503: 'serviceUnavailable',
  504: 'gatewayTimeout',
} as const;

export type StatusFailureKind = (typeof failureKindByStatus)[keyof typeof failureKindByStatus];

export type FailureKind =
  | StatusFailureKind
  /** Webex answered a status outside its documented table. */
  | 'unexpectedStatus'
  /** No answer within the request timeout. */
  | 'timeout'
  /** The connection failed (refused, reset, DNS). */
  | 'network'
  /** A 200 whose body is not JSON or does not fit the documented schema. */
  | 'invalidBody'
  /** The bot's own queue is full, or Webex's Retry-After is longer than a user should wait. */
  | 'busy';

/**
 * Who said wait, when a lookup ends `busy`: `webex` when Webex answered 429 or 423 with a wait
 * longer than a user should sit through, `queue` when our own queue of lookups is full.
 */
export type BusyBecause = 'webex' | 'queue';

export interface LookupFailure {
  kind: FailureKind;
  /** With kind `busy`: who said wait. */
  busyBecause?: BusyBecause;
  status?: number;
  trackingId?: string;
  /** Seconds Webex asked us to wait (429, 423), or when the bot's queue will have room. */
  retryAfterSeconds?: number;
  /** Webex's own message, for the operator log only: it is never shown in chat. */
  detail?: string;
}

export type LookupOutcome =
  | { ok: true; participant: Participant; trackingId?: string }
  | { ok: false; failure: LookupFailure };

export interface LookupRequest {
  participantId: string;
  /** Becomes the `hostEmail` query parameter when present. */
  hostEmail?: string;
  /** Who asks, for taking turns between requesters only: it never changes what is fetched. */
  requesterKey?: string;
}

/** Anything that can answer a lookup: the client, the limiter around it, a cache around that. */
export interface ParticipantSource {
  lookup(request: LookupRequest): Promise<LookupOutcome>;
}

/** Failures worth another try after a pause: throttling and Webex-side trouble. */
export const isThrottle = (kind: FailureKind): boolean => kind === 'tooManyRequests' || kind === 'locked';
export const isTransient = (kind: FailureKind): boolean =>
  kind === 'internalServerError' ||
  kind === 'badGateway' ||
  kind === 'serviceUnavailable' ||
  kind === 'gatewayTimeout' ||
  kind === 'timeout' ||
  kind === 'network';
