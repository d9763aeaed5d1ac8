import type { Logger } from 'pino';
import type { AccessPolicy } from '../access/policy.js';
import type { LookupFailure, LookupOutcome, ParticipantSource } from '../participants/outcome.js';
import { toParticipantView } from '../replies/participant-view.js';
import type { ErrorReply, Reply } from '../replies/reply.js';
import { parseCommand } from './parse.js';

export type Platform = 'webex' | 'slack' | 'cli' | 'playground';

export interface Requester {
  platform: Platform;
  /** The requester's email; undefined when the platform could not tell (a Slack user without one). */
  email: string | undefined;
}

export interface CommandHandlerDeps {
  access: AccessPolicy;
  participants: ParticipantSource;
  logger: Logger;
}

export type CommandHandler = (requester: Requester, text: string) => Promise<Reply>;

/**
 * The whole use case, platform-neutral: a line of text from a requester becomes a reply. Access is
 * decided here, after the fetch, for every requester, so no cache or shared call beneath can widen
 * who sees what.
 */
export function createCommandHandler({ access, participants, logger }: CommandHandlerDeps): CommandHandler {
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
    let outcome: LookupOutcome;
    try {
      outcome = await participants.lookup({
        participantId: command.participantId,
        ...(hostEmail !== undefined ? { hostEmail } : {}),
      });
    } catch (error) {
      // Sources answer with outcomes; a throw is a bug or a broken dependency (Redis), never the user's.
      logger.error({ err: error, participantId: command.participantId }, 'Lookup failed unexpectedly');
      return { kind: 'error', error: { code: 'internal' } };
    }

    const audit = logger.child({
      audit: true,
      platform: requester.platform,
      requester: email,
      role,
      participantId: command.participantId,
    });

    if (outcome.ok) {
      if (!access.maySee(email, outcome.participant.hostEmail)) {
        audit.info({ decision: 'denied', outcome: 'notHost', trackingId: outcome.trackingId }, 'lookup');
        return { kind: 'notFound', participantId: command.participantId };
      }
      audit.info({ decision: 'allowed', outcome: 'found', trackingId: outcome.trackingId }, 'lookup');
      const view = toParticipantView(outcome.participant, { showPhoneNumbers: access.maySeePhoneNumbers(email) });
      return { kind: 'participant', view };
    }

    const failure = outcome.failure;
    audit.info(
      { decision: 'allowed', outcome: failure.kind, status: failure.status, trackingId: failure.trackingId },
      'lookup',
    );
    // A host who is not the host may get 400/403/404 from Webex's own filter: all read as not found.
    if (failure.kind === 'notFound' || (role === 'host' && failure.kind === 'badRequest')) {
      return { kind: 'notFound', participantId: command.participantId };
    }
    if (failure.kind === 'unauthorized' || failure.kind === 'forbidden') {
      logger.error(
        { status: failure.status, trackingId: failure.trackingId, detail: failure.detail },
        'Webex refused WEBEX_API_TOKEN: check that it is valid and has the meeting:admin_participants_read scope',
      );
    }
    return { kind: 'error', error: errorFor(failure) };
  };
}

function errorFor(failure: LookupFailure): ErrorReply {
  const trackingId = failure.trackingId !== undefined ? { trackingId: failure.trackingId } : {};
  switch (failure.kind) {
    case 'busy':
    case 'tooManyRequests':
    case 'locked':
      return {
        code: 'busy',
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
