import type { Logger } from 'pino';
import { normalizeEmail, type AccessPolicy } from '../access/policy.js';
import { logAuditTrail, type AuditRecord, type AuditTrail } from '../audit/audit-trail.js';
import type { LookupFailure, LookupOutcome, ParticipantSource } from '../participants/outcome.js';
import { REFRESH_LABEL } from '../replies/messages.js';
import { toParticipantView } from '../replies/participant-view.js';
import type { CommandButton, ErrorCode, ErrorReply, Reply } from '../replies/reply.js';
import { parseCommand } from './parse.js';

export interface Requester {
  /** Where the command came from: a chat platform's name, `cli` or `playground`; recorded in the audit trail. */
  platform: string;
  /** The requester's email; undefined when the platform could not tell (a Slack user without one). */
  email: string | undefined;
  /** Typed by the requester (the default), or a button they clicked: the same rules, noted in the audit trail. */
  via?: Via;
}

export type Via = 'typed' | 'button';

export interface CommandHandlerDeps {
  access: AccessPolicy;
  participants: ParticipantSource;
  logger: Logger;
  /** Gets one record per lookup; by default they go to the log only (see services.ts for AUDIT_FILE). */
  audit?: AuditTrail;
}

export type CommandHandler = (requester: Requester, text: string) => Promise<Reply>;

/**
 * The whole use case, platform-neutral: a line of text from a requester becomes a reply. Access is
 * decided here, after the fetch, for every requester, so no cache or shared call beneath can widen
 * who sees what.
 */
export function createCommandHandler({
  access,
  participants,
  logger,
  audit = logAuditTrail(logger),
}: CommandHandlerDeps): CommandHandler {
  return async (requester, text) => {
    const command = parseCommand(text);
    if (command.kind === 'help') return { kind: 'help' };
    if (command.kind === 'usage') return { kind: 'usage', problem: command.problem };

    if (requester.email === undefined) {
      return { kind: 'error', error: { code: 'unknownRequester' } };
    }
    const email = requester.email;
    const role = access.roleOf(email);
    const hostEmail = access.hostFilter(email, command.hostEmail);
    const record = (result: Pick<AuditRecord, 'decision' | 'outcome' | 'status' | 'trackingId'>) =>
      audit.record({
        platform: requester.platform,
        via: requester.via ?? 'typed',
        requester: email,
        role,
        participantId: command.participantId,
        ...result,
      });
    let outcome: LookupOutcome;
    try {
      outcome = await participants.lookup({
        participantId: command.participantId,
        ...(hostEmail !== undefined ? { hostEmail } : {}),
        requesterKey: normalizeEmail(email),
      });
    } catch (error) {
      // Sources answer with outcomes; a throw is a bug or a broken dependency (Redis), never the user's.
      logger.error({ err: error, participantId: command.participantId }, 'Lookup failed unexpectedly');
      record({ decision: 'allowed', outcome: 'internal' });
      return { kind: 'error', error: { code: 'internal' } };
    }

    if (outcome.ok) {
      if (!access.maySee(email, outcome.participant.hostEmail)) {
        record({ decision: 'denied', outcome: 'notHost', trackingId: outcome.trackingId });
        return { kind: 'notFound', participantId: command.participantId };
      }
      record({ decision: 'allowed', outcome: 'found', trackingId: outcome.trackingId });
      const view = toParticipantView(outcome.participant, { showPhoneNumbers: access.maySeePhoneNumbers(email) });
      // The host named by an admin or officer is kept, so that Refresh asks exactly what they asked.
      const named = role === 'host' ? undefined : hostEmail;
      return { kind: 'participant', view, buttons: [refreshButton(command.participantId, named)] };
    }

    const failure = outcome.failure;
    record({ decision: 'allowed', outcome: failure.kind, status: failure.status, trackingId: failure.trackingId });
    // A host who is not the host may get 400/403/404 from Webex's own filter: all read as not found.
    if (failure.kind === 'notFound' || (role === 'host' && failure.kind === 'badRequest')) {
      return { kind: 'notFound', participantId: command.participantId };
    }
    const error = errorFor(failure);
    const details = {
      outcome: failure.kind,
      status: failure.status,
      trackingId: failure.trackingId,
      detail: failure.detail,
      ...(error.code === 'busy' ? { busyBecause: error.busyBecause } : {}),
    };
    logger[error.code === 'configuration' ? 'error' : 'warn'](
      { ...details, participantId: command.participantId },
      OPERATOR_NOTE[error.code],
    );
    return { kind: 'error', error };
  };
}

function refreshButton(participantId: string, hostEmail: string | undefined): CommandButton {
  const command = hostEmail === undefined ? `participant ${participantId}` : `participant ${participantId} ${hostEmail}`;
  return { label: REFRESH_LABEL, command, replaces: true };
}

/** The errors a failed lookup can become. */
type LookupErrorCode = Exclude<ErrorCode, 'unknownRequester' | 'internal'>;

/** What the operator log says when a lookup fails, by what the user was told. */
const OPERATOR_NOTE: Record<LookupErrorCode, string> = {
  busy: 'Lookup answered "busy": Webex asked to wait longer than a user should (429/423, busyBecause "webex"), or the lookup queue is full (busyBecause "queue")',
  webexUnavailable: 'Lookup failed: Webex did not answer well (5xx, timeout or connection error), even after retries',
  configuration:
    'Webex refused WEBEX_API_TOKEN (or the token renewed with WEBEX_REFRESH_TOKEN, see any token_renewal_* line): check that it is valid and has the meeting:admin_participants_read scope',
  invalidAnswer: 'Lookup failed: Webex answered with a body that is not a participant (see detail)',
  rejected: 'Lookup failed: Webex rejected the request (see status and detail)',
};

function errorFor(failure: LookupFailure): ErrorReply & { code: LookupErrorCode } {
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
