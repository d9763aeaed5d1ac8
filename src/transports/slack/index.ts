import type { Express } from 'express';
import type { Logger } from 'pino';
import type { AccessPolicy } from '../../access/policy.js';
import type { Config } from '../../config.js';
import { BotError } from '../../errors.js';
import type { TransportObserver } from '../../observability/transport-observer.js';
import { renderBlockKit, type SlackMessage } from '../../render/block-kit.js';
import { FILE_SENT_NOTICE } from '../../replies/messages.js';
import { SendError } from '../delivery.js';
import type { ChatPlatform } from '../platform.js';
import { createBoltApp } from './bolt-app.js';
import { toBoltLogger } from './bolt-logger.js';
import type { SlackEvent } from './event.js';
import { SlackIdentity } from './identity.js';
import { registerListeners } from './listeners/index.js';
import { describeError } from './redact.js';

export { EVENTS_PATH } from './bolt-app.js';

export interface SlackPlatformDeps {
  config: NonNullable<Config['slack']>;
  /** The one express app; over HTTP, POST /slack/events is added to it. */
  app: Express;
  access: AccessPolicy;
  logger: Logger;
  /** Slack ack times for GET /metrics. */
  observer: Pick<TransportObserver, 'slackAcked'>;
}

/**
 * The Slack side: Bolt over HTTP (POST /slack/events on the one express app) or Socket Mode. Slash
 * commands, DMs, mentions and button clicks become commands; answers in channels are ephemeral, so
 * only the requester sees them. Start it before the server listens, so that no Slack request
 * arrives before the token is checked.
 */
export function createSlackPlatform(deps: SlackPlatformDeps): ChatPlatform<SlackEvent, SlackMessage> {
  const logger = deps.logger.child({ transport: 'slack' });
  const { bolt, socket } = createBoltApp(deps.config, deps.app, toBoltLogger(logger));
  const identity = new SlackIdentity({ access: deps.access, logger });
  let ready = false;

  if (socket !== undefined) {
    socket.client.on('connected', () => {
      ready = true;
    });
    // 'close' is the socket dropping: the client announces 'reconnecting' only after its retry delay.
    for (const state of ['close', 'reconnecting', 'disconnecting', 'disconnected']) {
      socket.client.on(state, () => {
        ready = false;
      });
    }
  }

  /** The bot's DM with a user: conversations.open finds it, or opens it (scope im:write). */
  const directMessageWith = async (userId: string): Promise<string> => {
    const opened = await bolt.client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (channel === undefined) throw new Error('conversations.open gave no channel');
    return channel;
  };

  return {
    name: 'slack',
    async start(receive) {
      registerListeners(bolt, { receive, observer: deps.observer });
      bolt.error(async (error) => {
        logger.error({ err: error }, 'A Slack listener failed');
      });
      try {
        await bolt.init();
      } catch (error) {
        throw new SlackStartError('slack_auth_failed', `Slack did not accept SLACK_BOT_TOKEN (auth.test: ${describeError(error).message})`, error);
      }
      if (socket === undefined) {
        ready = true;
        logger.info({ mode: 'http' }, 'Slack: listening on POST /slack/events');
        return;
      }
      try {
        await bolt.start();
      } catch (error) {
        throw new SlackStartError(
          'slack_socket_failed',
          `Slack did not open a Socket Mode connection with SLACK_APP_TOKEN (apps.connections.open: ${describeError(error).message})`,
          error,
        );
      }
      logger.info({ mode: 'socket' }, 'Slack: connected with Socket Mode');
    },
    // HTTP: the token was verified. Socket Mode: the WebSocket to Slack is open.
    isReady: () => ready,
    async stopReceiving() {
      ready = false;
      // Over HTTP the server belongs to the composition root, which closes it.
      if (socket !== undefined) await bolt.stop();
    },
    // Answers go out through the Web API and response_url, which need nothing kept open.
    stop: async () => undefined,

    identify: ({ userId, event }) => identity.identify(userId, event.client),
    render: renderBlockKit,

    async answer({ event, via, userId: user, spaceId: channel }, { message: rendered, replaces, file }, deliver) {
      const { client, replyBy } = event;
      let message = rendered;
      if (file !== undefined) {
        // A file cannot be ephemeral: it goes to the requester's DM with the bot, and where they
        // asked they are told so.
        const sent = await deliver('the file, in the direct message', () =>
          finalAttempt(async () => {
            await bolt.client.filesUploadV2({ channel_id: await directMessageWith(user), filename: file.name, content: file.content, initial_comment: message.text });
          }),
        );
        if (!sent || replyBy.kind === 'message') return;
        message = { text: FILE_SENT_NOTICE, blocks: [{ type: 'section', text: { type: 'plain_text', text: FILE_SENT_NOTICE } }] };
      }
      const ephemerally = (threadTs?: string) =>
        finalAttempt(() => client.chat.postEphemeral({ channel, user, ...(threadTs !== undefined ? { thread_ts: threadTs } : {}), ...message }));
      switch (replyBy.kind) {
        case 'responseUrl':
          try {
            // A click's answer replaces the message clicked only for Refresh (Slack would otherwise decide).
            await replyBy.respond({ response_type: 'ephemeral', ...(via === 'button' ? { replace_original: replaces } : {}), ...message });
            return;
          } catch (error) {
            // response_url lives 30 minutes and takes 5 posts; chat.postEphemeral still reaches the
            // user then, in channels the bot can post to.
            logger.warn({ userId: user, spaceId: channel, err: error }, 'response_url refused the answer; sending it with chat.postEphemeral');
          }
          await deliver('the answer by chat.postEphemeral (is the bot a member of the channel?)', () => ephemerally());
          return;
        case 'ephemeral':
          await deliver('the ephemeral answer to a mention', () => ephemerally(replyBy.threadTs));
          return;
        case 'message':
          await deliver('the answer in the direct message', () =>
            finalAttempt(() =>
              client.chat.postMessage({ channel, ...(replyBy.threadTs !== undefined ? { thread_ts: replyBy.threadTs } : {}), ...message }),
            ),
          );
      }
    },
    notify: (userId, message, deliver) =>
      deliver('the notification', () =>
        finalAttempt(async () => {
          await bolt.client.chat.postMessage({ channel: await directMessageWith(userId), ...message });
        }),
      ),
  };
}

/** The WebClient has already retried what was worth retrying (bolt-app.ts): its refusal is final. */
async function finalAttempt(send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    throw new SendError(undefined, undefined, undefined, false, { cause: error });
  }
}

/** Start-up refused by Slack: a token it does not accept, or a socket it would not open. */
export class SlackStartError extends BotError {
  override readonly name = 'SlackStartError';
  constructor(code: 'slack_auth_failed' | 'slack_socket_failed', message: string, cause: unknown) {
    super(code, message, { cause });
  }
}
