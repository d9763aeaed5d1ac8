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
import { createPipeline, type RunningPlatform } from './transports/pipeline.js';
import { startLookupTokens, type TokenTuning } from './tokens/from-config.js';
import { createSlackPlatform } from './transports/slack/index.js';
import { createWebexPlatform } from './transports/webex/index.js';
import { createNotifier } from './watches/notifier.js';
import { keepParticipantWebhooks } from './watches/push-webhooks.js';
import type { Clock } from './tokens/clock.js';

/** How long each request keeping the meetingParticipants webhooks may take. */
const WEBHOOK_TIMEOUT_MS = 10_000;

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
export async function startBot(config: Config, logger: Logger, tuning: { tokens?: TokenTuning; watches?: { clock?: Clock; keyPrefix?: string }; sandboxMoveEveryMs?: number } = {}): Promise<Running> {
  const sandbox: Sandbox | undefined = config.mode === 'sandbox' ? await startSandbox({ logger, ...(tuning.sandboxMoveEveryMs !== undefined ? { moveEveryMs: tuning.sandboxMoveEveryMs } : {}) }) : undefined;
  const redis = config.redisUrl !== undefined ? createRedisClient(config.redisUrl, logger) : undefined;
  // Never stops start-up: without a token, lookups say "tell the operator" and the log says why.
  const tokens = sandbox
    ? sandbox.apiToken
    : await startLookupTokens({ webexApi: config.webexApi, logger, ...(redis ? { redis } : {}), ...(tuning.tokens ? { tuning: tuning.tokens } : {}) });
  // Filled as the platforms attach: a watch's alerts go back to the platform it was set on.
  const notifier = createNotifier();
  const core: CoreServices = await createCoreServices({
    logger,
    webexApi: sandbox
      ? { baseUrl: sandbox.apiBaseUrl, token: tokens, ratePerMinute: config.webexApi.ratePerMinute }
      : { ...config.webexApi, token: tokens },
    access: sandbox ? sandbox.access : config.accessFile,
    ...(config.auditFile !== undefined ? { auditFile: config.auditFile } : {}),
    ...(redis ? { redis } : {}),
    watches: { notifier, ...config.watches, ...tuning.watches },
  });
  const observer = createTransportObserver(core.metrics, core.inFlight);
  const dedupe = redis ? new RedisDeduplicator(redis, 'participant-bot:dedupe:') : new MemoryDeduplicator();
  const pipeline = createPipeline({ handle: core.handle, dedupe, logger, observer });

  let stopping = false;
  const platforms: RunningPlatform[] = [];
  const app = createHttpApp({
    // Every configured platform connected, and not shutting down: a load balancer then sends new
    // work to another instance while this one finishes its own.
    isReady: () => !stopping && platforms.every((platform) => platform.isReady()),
    metrics: core.metrics.registry,
  });
  sandbox?.mountPlayground(app, core);
  if (sandbox) notifier.add(sandbox.alerts);

  const run = (platform: RunningPlatform) => {
    platforms.push(platform);
    notifier.add(platform);
  };
  if (config.slack) {
    run(pipeline.attach(createSlackPlatform({ config: config.slack, app, access: core.access, logger, observer })));
  }
  if (config.webex) {
    const webex = await createWebexPlatform({
      botToken: config.webex.botToken,
      apiBaseUrl: config.webexApi.baseUrl,
      ...(config.webex.webhook ? { webhook: config.webex.webhook } : {}),
      app,
      logger,
      onParticipant: async (participant) => {
        await core.watches?.observe(participant);
      },
    });
    run(pipeline.attach(webex));
  }
  // Each platform checks its credentials before the server listens, so that no request reaches a
  // platform that is not ready for it. (A brand-new Webex webhook may be tried in the few
  // milliseconds before the server listens; Webex's own retries cover that.)
  for (const platform of platforms) await platform.start();
  const server = await listen(app, config.port);
  if (config.webex?.webhook) {
    // Webex pushes the changes watches wait for where it lets the bot keep org-wide webhooks; else they poll.
    const pushed = await keepParticipantWebhooks({
      apiBaseUrl: config.webexApi.baseUrl,
      token: typeof tokens === 'string' ? tokens : tokens.current(),
      targetUrl: config.webex.webhook.url,
      secret: config.webex.webhook.secret,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
      logger,
    });
    core.watches?.setPushed(pushed);
  }
  core.watches?.start();

  const port = (server.address() as { port: number }).port;
  if (sandbox) {
    // A person reads the banner, so it goes out as text; the log gets one line to say the same.
    process.stdout.write(`\n${sandbox.banner(port)}\n\n`);
    logger.info({ playground: `http://localhost:${port}/` }, 'Sandbox mode: no credentials, a local Webex API emulator');
  }
  const names = platforms.map((platform) => platform.name);
  logger.info({ port, webex: names.includes('webex'), slack: names.includes('slack'), mode: config.mode }, 'participant-bot is ready');

  return {
    server,
    async stop() {
      stopping = true;
      const deadline = Date.now() + SHUTDOWN_GRACE_MS;
      // Stop taking work: no new connections, no new events; what is in flight still gets its answer.
      const closed = closeServer(server, SHUTDOWN_GRACE_MS);
      for (const platform of platforms) await platform.stopReceiving();
      // No new alerts: the round in progress finishes, and its alerts are drained below.
      await core.watches?.stop();
      if (!(await core.inFlight.drain(deadline - Date.now()))) {
        logger.warn({ inFlight: core.inFlight.size }, 'Shutdown grace ran out with work still in flight');
      }
      // Only now: a stopped platform can no longer send the answers that were in flight.
      for (const platform of platforms) await platform.stop();
      await closed;
      await core.close();
      if (typeof tokens !== 'string') await tokens.close();
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
