import type { Logger } from 'pino';
import { ensureWebhooks, PARTICIPANT_WEBHOOKS, webhookName, WebhookRegistrationError } from '../transports/webex/webhook-registration.js';

export interface ParticipantWebhookOptions {
  apiBaseUrl: string;
  /** The lookup token as it is now (README, "Watches": org-wide webhooks are created with it). */
  token: string | undefined;
  /** WEBEX_WEBHOOK_URL and WEBEX_WEBHOOK_SECRET: the same route and signature check as the bot's own. */
  targetUrl: string;
  secret: string;
  timeoutMs: number;
  logger: Logger;
}

/**
 * Keeps the org-wide `meetingParticipants` webhooks (`joined`, `left`) that let Webex push the
 * changes watches wait for, as the bot's own webhooks are kept: ours are recognised by name and
 * made right in place, other apps' are never touched, none is deleted on stop. Resolves whether
 * Webex will push; when it will not (a token without the permission: 403, or Webex unreachable),
 * the operator is told and watches poll instead.
 */
export async function keepParticipantWebhooks(options: ParticipantWebhookOptions): Promise<boolean> {
  const { logger } = options;
  if (options.token === undefined) {
    logger.warn('Watches poll: there is no lookup token yet to keep the meetingParticipants webhooks with');
    return false;
  }
  try {
    await ensureWebhooks({
      apiBaseUrl: options.apiBaseUrl,
      token: options.token,
      targetUrl: options.targetUrl,
      secret: options.secret,
      // Not the bot's name: these are the lookup token's webhooks, for the same URL.
      name: webhookName(options.targetUrl, 'participant-bot watches'),
      timeoutMs: options.timeoutMs,
      logger,
      kinds: PARTICIPANT_WEBHOOKS,
      ownedBy: 'org',
    });
    logger.info('Watches: Webex pushes participants joining and leaving (org-wide meetingParticipants webhooks)');
    return true;
  } catch (error) {
    const status = error instanceof WebhookRegistrationError ? error.status : undefined;
    logger.warn(
      { err: error, status },
      status === 403
        ? 'Webex refused org-wide meetingParticipants webhooks for WEBEX_API_TOKEN (403: its user or app may not create org-wide webhooks); watches poll instead (README, "Watches")'
        : 'The meetingParticipants webhooks could not be kept; watches poll instead (README, "Watches")',
    );
    return false;
  }
}
