import type { Express } from 'express';
import type { Logger } from 'pino';
import type { AccessPolicy } from '../../access/policy.js';
import type { CommandHandler } from '../../commands/handle-command.js';
import type { Config } from '../../config.js';
import { BotError } from '../../errors.js';
import type { TransportObserver } from '../../observability/transport-observer.js';
import type { Deduplicator } from '../deduplicator.js';
import { createBoltApp } from './bolt-app.js';
import { toBoltLogger } from './bolt-logger.js';
import { SlackIdentity } from './identity.js';
import { registerListeners } from './listeners/index.js';
import { describeError } from './redact.js';

export { EVENTS_PATH } from './bolt-app.js';

export interface SlackTransportDeps {
  config: NonNullable<Config['slack']>;
  /** The one express app; over HTTP, POST /slack/events is added to it. */
  app: Express;
  handle: CommandHandler;
  access: AccessPolicy;
  dedupe: Deduplicator;
  logger: Logger;
  /** Metrics, and the in-flight count that shutdown waits on. */
  observer?: TransportObserver;
}

export interface SlackTransport {
  /** HTTP: the token was verified. Socket Mode: the WebSocket to Slack is open. */
  isConnected(): boolean;
  stop(): Promise<void>;
}

/**
 * The Slack side: checks the bot token (auth.test), registers the listeners and, in Socket Mode,
 * connects. Over HTTP call it before the server listens, so that no Slack request arrives first.
 */
export async function startSlackTransport(deps: SlackTransportDeps): Promise<SlackTransport> {
  const logger = deps.logger.child({ transport: 'slack' });
  const { bolt, socket } = createBoltApp(deps.config, deps.app, toBoltLogger(logger));
  const identity = new SlackIdentity({ access: deps.access, logger });
  const { observer } = deps;
  // A global middleware's next() resolves once the listener is done, reply included.
  if (observer !== undefined) bolt.use(({ next }) => observer.track(next));
  registerListeners(bolt, { handle: deps.handle, identity, dedupe: deps.dedupe, logger, observer });
  bolt.error(async (error) => {
    logger.error({ err: error }, 'A Slack listener failed');
  });

  try {
    await bolt.init();
  } catch (error) {
    throw new SlackStartError('slack_auth_failed', `Slack did not accept SLACK_BOT_TOKEN (auth.test: ${describeError(error).message})`, error);
  }

  if (socket === undefined) {
    let serving = true;
    logger.info({ mode: 'http' }, 'Slack: listening on POST /slack/events');
    return {
      isConnected: () => serving,
      // The HTTP server belongs to the composition root, which closes it.
      stop: async () => {
        serving = false;
      },
    };
  }

  let connected = false;
  socket.client.on('connected', () => {
    connected = true;
  });
  // 'close' is the socket dropping: the client announces 'reconnecting' only after its retry delay.
  for (const state of ['close', 'reconnecting', 'disconnecting', 'disconnected']) {
    socket.client.on(state, () => {
      connected = false;
    });
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
  return {
    isConnected: () => connected,
    stop: async () => {
      await bolt.stop();
    },
  };
}

/** Start-up refused by Slack: a token it does not accept, or a socket it would not open. */
export class SlackStartError extends BotError {
  override readonly name = 'SlackStartError';
  constructor(code: 'slack_auth_failed' | 'slack_socket_failed', message: string, cause: unknown) {
    super(code, message, { cause });
  }
}
