import type { Express } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { MAX_COMMAND_LENGTH } from '../../commands/parse.js';
import type { RetryOptions } from '../delivery.js';
import type { ChatPlatform, Incoming } from '../platform.js';
import {
  loadBotFramework,
  type BotFramework,
  type Destination,
  type IncomingWebexAction,
  type IncomingWebexMessage,
  type OutgoingWebexMessage,
  type RoomType,
} from './framework.js';
import { withoutBotMention } from './mention.js';
import { DIRECT_MESSAGE_NOTICE, toWebexMessage } from './outgoing.js';
import { repeatEvery, type Repeating } from './repeat.js';
import { ensureWebhooks, webhookName } from './webhook-registration.js';
import { postFile } from './upload.js';
import { addWebhookRoute } from './webhook-route.js';
import { readParticipantEvent } from './participant-events.js';
import type { Participant } from '../../participants/schema.js';

export interface WebexPlatformDeps {
  botToken: string;
  /** WEBEX_API_BASE_URL: the framework's REST calls go there too. */
  apiBaseUrl: string;
  /**
   * Present: webhooks on POST /webex/events of `app`, checked every `checkSeconds` (300 by
   * default) and repaired when missing or inactive. Absent: a websocket.
   */
  webhook?: { url: string; secret: string; checkSeconds?: number };
  app: Express;
  logger: Logger;
  /** Fetching the message or click an event names, as the pipeline retries sending: DEFAULT_RETRY. */
  retry?: RetryOptions;
  /** A participant's record from an org-wide meetingParticipants webhook (README, "Watches"). */
  onParticipant?: (participant: Participant) => Promise<void>;
}

/**
 * What the Webex side keeps of an event until it is answered. `timeZone` is the sender's, from the
 * person record the framework looked up (README, "Replies").
 */
export type WebexEvent =
  | { kind: 'message'; email: string | undefined; timeZone: string | undefined }
  /** `messageId`: the bot's message that carries the card clicked. */
  | { kind: 'click'; email: string | undefined; timeZone: string | undefined; messageId: string };

/** How long each request of the bot's own to Webex may take (keeping webhooks, sending a file). */
export const WEBEX_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_WEBHOOK_CHECK_SECONDS = 300;

/** A button's `data` (README, "Buttons"); anything longer than a command can be is not one of ours. */
const buttonInputsSchema = z.object({
  command: z.string().max(MAX_COMMAND_LENGTH * 4).catch(''),
  refresh: z.literal(true).optional().catch(undefined),
});

/**
 * The Webex side of the bot: webex-node-bot-framework in webhook or websocket mode. Messages to the
 * bot and clicks on its cards become commands; answers go to the space, or to the requester
 * directly when they must be private. In webhook mode the bot keeps its webhooks itself
 * (webhook-registration.ts), and leaves them in place when it stops: other instances behind the
 * same URL still depend on them.
 */
export async function createWebexPlatform(deps: WebexPlatformDeps): Promise<ChatPlatform<WebexEvent, OutgoingWebexMessage>> {
  const logger = deps.logger.child({ transport: 'webex' });
  const framework = await loadBotFramework({
    token: deps.botToken,
    apiBaseUrl: deps.apiBaseUrl,
    ...(deps.webhook !== undefined ? { webhook: { url: deps.webhook.url } } : {}),
    logger,
    ...(deps.retry !== undefined ? { retry: deps.retry } : {}),
  });
  let started = false;
  let stopped = false;
  const upload = { apiBaseUrl: deps.apiBaseUrl, botToken: deps.botToken, timeoutMs: WEBEX_REQUEST_TIMEOUT_MS };
  let webhookCheck: Repeating | undefined;

  return {
    name: 'webex',
    async start(receive) {
      const hear = (incoming: Incoming<WebexEvent>) => (stopped ? Promise.resolve() : receive(incoming));
      framework.onMessage((message) => hear(fromMessage(message, framework)));
      framework.onAttachmentAction((action) => hear(fromClick(action)));
      // Routes cannot be removed from express; once stopped, this one answers without doing anything.
      if (deps.webhook !== undefined) {
        addWebhookRoute(deps.app, {
          secret: deps.webhook.secret,
          logger,
          process: async (body) => {
            if (stopped) return;
            const participantEvent = readParticipantEvent(body);
            if (participantEvent === undefined) await framework.processWebhook(body);
            else if (participantEvent.ok) await deps.onParticipant?.(participantEvent.participant);
            else logger.warn('A meetingParticipants event whose data is not a participant was dropped');
          },
        });
      }
      try {
        await framework.start();
        const { webhook } = deps;
        if (webhook !== undefined) {
          // What the check found matters only to the watches' webhooks: the bot's own are simply kept.
          const keepWebhooks = async () => {
            await ensureWebhooks({
              targetUrl: webhook.url,
              secret: webhook.secret,
              name: webhookName(webhook.url, framework.me().emails[0] ?? ''),
              apiBaseUrl: deps.apiBaseUrl,
              token: deps.botToken,
              timeoutMs: WEBEX_REQUEST_TIMEOUT_MS,
              logger,
            });
          };
          await keepWebhooks();
          // Webex disables a webhook that failed too often, and anyone with the token can delete
          // it: the bot would go deaf without a word. Checking again repairs it (README, "Setting up Webex").
          webhookCheck = repeatEvery((webhook.checkSeconds ?? DEFAULT_WEBHOOK_CHECK_SECONDS) * 1000, keepWebhooks, {
            logger,
            message: 'Could not check the Webex webhooks; trying again at the next check',
          });
        }
      } catch (error) {
        stopped = true;
        await framework.stop().catch(() => undefined);
        throw error;
      }
      started = true;
      logger.info(
        { mode: deps.webhook !== undefined ? 'webhook' : 'websocket', bot: framework.me().emails[0] },
        'Webex transport started',
      );
    },
    // Webhook mode: start-up has failed unless the webhooks are registered and active.
    isReady: () => started && !stopped && (deps.webhook !== undefined || framework.websocketConnected()),
    // Webex does not deliver again what it delivered once: events that still arrive while the work
    // in flight drains are answered, and the framework stops only after that.
    stopReceiving: async () => undefined,
    async stop() {
      if (stopped) return;
      stopped = true;
      await webhookCheck?.stop();
      try {
        await framework.stop();
      } catch (error) {
        logger.warn({ err: error }, 'Webex framework did not stop cleanly');
      }
    },

    identify: async ({ event }) => ({ email: event.email, timeZone: event.timeZone }),
    render: toWebexMessage,

    async answer({ event, userId, spaceId }, { message, privately, replaces, file }, deliver) {
      const send = (destination: Destination, what: string) =>
        deliver(what, () =>
          file === undefined ? framework.send(destination, message) : postFile(upload, destination, message.markdown, file),
        );
      // The pipeline decided it (README, "Who sees what"): only ever in a group space.
      if (privately) {
        const sent = await send({ toPersonId: userId }, 'the direct reply');
        if (sent) await deliver('the notice in the space', () => framework.send({ roomId: spaceId }, { markdown: DIRECT_MESSAGE_NOTICE }));
        return;
      }
      const sent = await send({ roomId: spaceId }, 'the reply');
      // A message that carries a card cannot be edited: the new card is posted, then the old one goes.
      if (sent && replaces && event.kind === 'click') await removeReplacedCard(framework, event.messageId, logger);
    },
    notify: (userId, message, deliver) => deliver('the notification', () => framework.send({ toPersonId: userId }, message)),
  };
}

function fromMessage({ message, sender, botRoomType }: IncomingWebexMessage, framework: BotFramework): Incoming<WebexEvent> {
  const space = spaceOf(message.roomType ?? botRoomType);
  return {
    id: `message:${message.id}`,
    userId: message.personId,
    spaceId: message.roomId,
    via: 'typed',
    text: space === 'group' ? withoutBotMention(message, framework.me()) : message.text,
    space,
    replaces: false,
    event: { kind: 'message', email: sender?.emails[0] ?? message.personEmail, timeZone: sender?.timezone },
  };
}

/** The clicker is the requester: the framework looked them up from the action's personId. */
function fromClick({ action, sender, botRoomType }: IncomingWebexAction): Incoming<WebexEvent> {
  const inputs = buttonInputsSchema.parse(action.inputs);
  return {
    id: `action:${action.id}`,
    userId: action.personId,
    spaceId: action.roomId,
    via: 'button',
    text: inputs.command,
    space: spaceOf(botRoomType),
    replaces: inputs.refresh === true,
    event: { kind: 'click', email: sender?.emails[0], timeZone: sender?.timezone, messageId: action.messageId },
  };
}

/** A space the framework cannot tell is treated as a group: its answers then stay private. */
export function spaceOf(roomType: RoomType | undefined): 'direct' | 'group' {
  return roomType === 'direct' ? 'direct' : 'group';
}

/** The new card is already there; an old one left behind is untidy, not lost, so it is only logged. */
async function removeReplacedCard(framework: BotFramework, messageId: string, logger: Logger): Promise<void> {
  try {
    await framework.deleteMessage(messageId);
  } catch (error) {
    logger.warn({ err: error, messageId }, 'Webex did not delete the card a Refresh replaced');
  }
}
