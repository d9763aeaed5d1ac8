import type { Logger } from 'pino';
import { ensureWebhooks, PARTICIPANT_WEBHOOKS, webhookName, WebhookRegistrationError, type WebhookCheck } from '../transports/webex/webhook-registration.js';

/** What keeping the webhooks came to: as they should be, made so just now, or not kept (Webex will not push). */
export type PushState = WebhookCheck | 'failed';

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
 * made right in place, other apps' are never touched, none is deleted on stop. Resolves what it
 * found; when Webex will not push (a token without the permission: 403, or Webex unreachable),
 * the operator is told and watches poll instead.
 */
export async function keepParticipantWebhooks(options: ParticipantWebhookOptions): Promise<PushState> {
  const { logger } = options;
  if (options.token === undefined) {
    logger.warn('Watches poll: there is no lookup token yet to keep the meetingParticipants webhooks with');
    return 'failed';
  }
  try {
    return await ensureWebhooks({
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
  } catch (error) {
    const status = error instanceof WebhookRegistrationError ? error.status : undefined;
    logger.warn(
      { err: error, status },
      status === 403
        ? 'Webex refused org-wide meetingParticipants webhooks for WEBEX_API_TOKEN (403: its user or app may not create org-wide webhooks); watches poll instead (README, "Watches")'
        : 'The meetingParticipants webhooks could not be kept; watches poll instead (README, "Watches")',
    );
    return 'failed';
  }
}
