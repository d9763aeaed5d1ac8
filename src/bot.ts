import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { startSandbox, type Sandbox } from './sandbox/index.js';
import { createTransportObserver } from './observability/transport-observer.js';
import { createCoreServices, type CoreServices } from './services.js';
import { createRedisClient } from './redis/connection.js';
import { MemoryDeduplicator } from './transports/deduplicator.js';
import { RedisDeduplicator } from './transports/redis-deduplicator.js';
import { createHttpApp } from './transports/http/app.js';
import { startSlackTransport, type SlackTransport } from './transports/slack/index.js';
import { startWebexTransport, type WebexTransport } from './transports/webex/index.js';

/** How long shutdown waits for lookups and replies in flight before it gives up on them. */
const SHUTDOWN_GRACE_MS = 25_000;

export interface Running {
  server: Server;
  stop(): Promise<void>;
}

/**
 * The composition root: configuration -> core services -> transports -> the one HTTP server.
 * With no chat platform configured it runs the sandbox: a local Webex API emulator and the
 * playground, on the same core.
 */
export async function startBot(config: Config, logger: Logger): Promise<Running> {
  const sandbox: Sandbox | undefined = config.mode === 'sandbox' ? await startSandbox({ logger }) : undefined;
  const redis = config.redisUrl !== undefined ? createRedisClient(config.redisUrl, logger) : undefined;
  const core: CoreServices = await createCoreServices({
    logger,
    webexApi: sandbox
      ? { baseUrl: sandbox.apiBaseUrl, token: sandbox.apiToken, ratePerMinute: config.webexApi.ratePerMinute }
      : { ...config.webexApi, token: config.webexApi.token ?? '' },
    access: sandbox ? sandbox.access : config.accessFile,
    ...(config.auditFile !== undefined ? { auditFile: config.auditFile } : {}),
    ...(redis ? { redis } : {}),
  });
  const observer = createTransportObserver(core.metrics, core.inFlight);
  const dedupe = redis ? new RedisDeduplicator(redis, 'participant-bot:dedupe:') : new MemoryDeduplicator();

  let slack: SlackTransport | undefined;
  let webex: WebexTransport | undefined;
  let stopping = false;
  const app = createHttpApp({
    // Each configured platform connected, and not shutting down: a load balancer then sends new
    // work to another instance while this one finishes its own.
    isReady: () => !stopping && connected(config.slack, slack) && connected(config.webex, webex),
    metrics: core.metrics.registry,
  });
  sandbox?.mountPlayground(app, core);

  // Slack before listening, so no Slack request arrives before its token is checked.
  if (config.slack) {
    slack = await startSlackTransport({ config: config.slack, app, handle: core.handle, access: core.access, dedupe, logger, observer });
  }
  const server = await listen(app, config.port);
  // Webex after listening: once its webhook is registered, deliveries may come at once.
  if (config.webex) {
    webex = await startWebexTransport({
      botToken: config.webex.botToken,
      apiBaseUrl: config.webexApi.baseUrl,
      ...(config.webex.webhook ? { webhook: config.webex.webhook } : {}),
      app,
      handle: core.handle,
      dedupe,
      logger,
      observer,
    });
  }

  const port = (server.address() as { port: number }).port;
  if (sandbox) {
    // A person reads the banner, so it goes out as text; the log gets one line to say the same.
    process.stdout.write(`\n${sandbox.banner(port)}\n\n`);
    logger.info({ playground: `http://localhost:${port}/` }, 'Sandbox mode: no credentials, a local Webex API emulator');
  }
  logger.info({ port, webex: Boolean(webex), slack: Boolean(slack), mode: config.mode }, 'participant-bot is ready');

  return {
    server,
    async stop() {
      stopping = true;
      const deadline = Date.now() + SHUTDOWN_GRACE_MS;
      // Stop taking work: no new connections, no new Slack events. Slack's replies go out through
      // its Web API and response_url, which a stopped Bolt app does not need.
      const closed = closeServer(server, SHUTDOWN_GRACE_MS);
      await slack?.stop();
      if (!(await core.inFlight.drain(deadline - Date.now()))) {
        logger.warn({ inFlight: core.inFlight.size }, 'Shutdown grace ran out with work still in flight');
      }
      // Webex only now: a stopped framework can no longer send the replies that were in flight.
      await webex?.stop();
      await closed;
      await core.close();
      redis?.disconnect();
      await sandbox?.close();
    },
  };
}

function listen(app: ReturnType<typeof createHttpApp>, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '0.0.0.0', (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

/** Configured platforms count only once started and connected; the others do not count. */
function connected(configured: object | undefined, transport: { isConnected(): boolean } | undefined): boolean {
  return configured === undefined || transport?.isConnected() === true;
}

/**
 * Stops listening, and closes each connection once it has no request in flight (a keep-alive
 * connection that goes idle later is closed then too); after `graceMs`, whatever is left.
 */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    idle.unref();
    force.unref();
    server.close(() => {
      clearInterval(idle);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
