import { App, ExpressReceiver, SocketModeReceiver, type Logger as BoltLogger } from '@slack/bolt';
import type { Express } from 'express';
import type { Config } from '../../config.js';

export const EVENTS_PATH = '/slack/events';

export interface BoltAppParts {
  bolt: App;
  /** Present in Socket Mode: its client tells when the WebSocket is up. */
  socket?: SocketModeReceiver;
}

/**
 * The Bolt app for the configured mode. Over HTTP its ExpressReceiver adds POST /slack/events to the
 * one express app (Bolt checks the signature and the 5-minute window there and answers 401 itself),
 * so no second server is started. In Socket Mode it opens its own WebSocket to Slack instead.
 * Either way every Web API call, apps.connections.open included, goes to `apiUrl`.
 */
export function createBoltApp(
  config: NonNullable<Config['slack']>,
  expressApp: Express,
  logger: BoltLogger,
): BoltAppParts {
  const common = {
    token: config.botToken,
    logger,
    clientOptions: {
      slackApiUrl: config.apiUrl,
      // The SDK's default retries for half an hour: an answer that late is no answer, and start-up
      // (auth.test) would hang that long with Slack out of reach. A few quick tries, then an error.
      retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 },
      timeout: 10_000,
    },
    // auth.test then runs in startSlackTransport, where a bad token fails start-up with a clear error.
    deferInitialization: true,
    // Bolt's conversation store keeps state this bot never reads.
    convoStore: false as const,
  };
  if (config.mode === 'socket') {
    // Only the address: reconnecting keeps the Socket Mode client's own, patient retries.
    const socket = new SocketModeReceiver({
      appToken: config.appToken,
      logger,
      installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } },
    });
    return { bolt: new App({ ...common, receiver: socket }), socket };
  }
  const receiver = new ExpressReceiver({
    signingSecret: config.signingSecret,
    app: expressApp,
    endpoints: EVENTS_PATH,
    logger,
  });
  return { bolt: new App({ ...common, receiver }) };
}
