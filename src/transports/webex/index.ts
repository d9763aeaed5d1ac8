import type { Express } from 'express';
import type { Logger } from 'pino';
import type { CommandHandler } from '../../commands/handle-command.js';
import type { TransportObserver } from '../../observability/transport-observer.js';
import type { Deduplicator } from '../deduplicator.js';
import { createAnswerer } from './answer.js';
import type { RetryOptions } from './deliver.js';
import { loadBotFramework } from './framework.js';
import { ensureWebhook, webhookName } from './webhook-registration.js';
import { addWebhookRoute } from './webhook-route.js';

export interface WebexTransportDeps {
  botToken: string;
  /** WEBEX_API_BASE_URL: the framework's REST calls go there too. */
  apiBaseUrl: string;
  /** Present: webhooks on POST /webex/events of `app`. Absent: a websocket. */
  webhook?: { url: string; secret: string };
  app: Express;
  handle: CommandHandler;
  dedupe: Deduplicator;
  logger: Logger;
  /** How hard to try when Webex refuses a reply; tests shorten the waits. */
  retry?: RetryOptions;
  /** How long each request start-up makes to keep the webhook may take. */
  webhookRequestTimeoutMs?: number;
  /** Metrics, and the in-flight count that shutdown waits on. */
  observer?: TransportObserver;
}

export interface WebexTransport {
  isConnected(): boolean;
  stop(): Promise<void>;
}

const DEFAULT_WEBHOOK_REQUEST_TIMEOUT_MS = 10_000;

/**
 * The Webex side of the bot: webex-node-bot-framework in webhook or websocket mode, every message
 * it hears turned into one call of the command handler and one answer. In webhook mode the bot
 * keeps the webhook itself (webhook-registration.ts), and leaves it in place when it stops: other
 * instances behind the same URL still depend on it.
 */
export async function startWebexTransport(deps: WebexTransportDeps): Promise<WebexTransport> {
  const logger = deps.logger.child({ transport: 'webex' });
  const framework = await loadBotFramework({
    token: deps.botToken,
    apiBaseUrl: deps.apiBaseUrl,
    ...(deps.webhook !== undefined ? { webhook: { url: deps.webhook.url } } : {}),
  });
  const { observer } = deps;
  const answer = createAnswerer({
    framework,
    handle: deps.handle,
    dedupe: deps.dedupe,
    logger,
    ...(deps.retry ? { retry: deps.retry } : {}),
    ...(observer ? { onLost: () => observer.replyLost('webex') } : {}),
  });
  framework.onMessage((incoming) =>
    (observer ? observer.track(() => answer(incoming)) : answer(incoming)).catch((error: unknown) => {
      logger.error({ err: error, messageId: incoming.message.id }, 'Webex message could not be answered');
    }),
  );

  let stopped = false;
  // Routes cannot be removed from express; after stop() this one answers without doing anything.
  if (deps.webhook !== undefined) {
    addWebhookRoute(deps.app, {
      secret: deps.webhook.secret,
      logger,
      process: async (body) => {
        if (!stopped) await framework.processWebhook(body);
      },
    });
  }

  try {
    await framework.start();
    if (deps.webhook !== undefined) {
      await ensureWebhook({
        targetUrl: deps.webhook.url,
        secret: deps.webhook.secret,
        name: webhookName(deps.webhook.url, framework.me().emails[0] ?? ''),
        apiBaseUrl: deps.apiBaseUrl,
        token: deps.botToken,
        timeoutMs: deps.webhookRequestTimeoutMs ?? DEFAULT_WEBHOOK_REQUEST_TIMEOUT_MS,
        logger,
      });
    }
  } catch (error) {
    stopped = true;
    await framework.stop().catch(() => undefined);
    throw error;
  }
  logger.info(
    { mode: deps.webhook !== undefined ? 'webhook' : 'websocket', bot: framework.me().emails[0] },
    'Webex transport started',
  );

  return {
    // Webhook mode: start-up has failed unless the webhook is registered and active.
    isConnected: () => !stopped && (deps.webhook !== undefined || framework.websocketConnected()),
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await framework.stop();
      } catch (error) {
        logger.warn({ err: error }, 'Webex framework did not stop cleanly');
      }
    },
  };
}
