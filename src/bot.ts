import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { watchAccessFile, type LiveAccessFile } from './access/live-access-file.js';
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
import { createWebexPlatform, WEBEX_REQUEST_TIMEOUT_MS } from './transports/webex/index.js';
import { createNotifier } from './watches/notifier.js';
import { repeatEvery, type Repeating } from './transports/webex/repeat.js';
import { keepParticipantWebhooks } from './watches/push-webhooks.js';
import { createPushCheck, type PushCheck } from './watches/push-check.js';
import { systemClock, type Clock } from './tokens/clock.js';

/** How long shutdown waits for lookups and replies in flight before it gives up on them. */
const SHUTDOWN_GRACE_MS = 25_000;
/**
 * Once the work in flight has drained, how long a request still arriving (its headers begun
 * before the signal) has to finish, before its connection is closed: a slow or stuck client
 * never holds the shutdown for the whole grace.
 */
const LAST_CALL_MS = 1_000;

export interface Running {
  server: Server;
  /** Reads the access file again (SIGHUP); true when its list is in force. The sandbox has no file. */
  reloadAccess(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * The composition root: configuration -> core services -> transports -> the one HTTP server.
 * With no chat platform configured it runs the sandbox: a local Webex API emulator and the
 * playground, on the same core.
 */
export async function startBot(config: Config, logger: Logger, tuning: { tokens?: TokenTuning; watches?: { clock?: Clock; keyPrefix?: string }; sandboxMoveEveryMs?: number } = {}): Promise<Running> {
  const sandbox: Sandbox | undefined =
    config.mode === 'sandbox'
      ? await startSandbox({
          logger,
          ...(tuning.sandboxMoveEveryMs !== undefined ? { moveEveryMs: tuning.sandboxMoveEveryMs } : {}),
          ...(tuning.tokens?.clock !== undefined ? { tokensNow: tuning.tokens.clock.now } : {}),
        })
      : undefined;
  const redis = config.redisUrl !== undefined ? createRedisClient(config.redisUrl, logger) : undefined;
  // The sandbox's lookup token renews itself too, from its emulator's OAuth client.
  const webexApi: Config['webexApi'] = sandbox ? { ...config.webexApi, baseUrl: sandbox.apiBaseUrl, token: undefined, renewal: sandbox.renewal } : config.webexApi;
  // Never stops start-up: without a token, lookups say "tell the operator" and the log says why. The
  // sandbox keeps its tokens in memory: its OAuth client is new each run, so Redis holds none for it.
  const tokens = await startLookupTokens({ webexApi, logger, ...(redis && !sandbox ? { redis } : {}), ...(tuning.tokens ? { tuning: tuning.tokens } : {}) });
  // Filled as the platforms attach: a watch's alerts go back to the platform it was set on.
  const notifier = createNotifier();
  const core: CoreServices = await createCoreServices({
    logger,
    webexApi: { ...webexApi, token: tokens },
    access: sandbox ? sandbox.access : config.accessFile,
    ...(sandbox ? { now: sandbox.now } : {}),
    ...(config.auditFile !== undefined ? { auditFile: config.auditFile } : {}),
    ...(redis ? { redis } : {}),
    watches: { notifier, ...config.watches, ...tuning.watches },
  });
  // The sandbox brings its own list; a real access file is followed while the bot runs.
  const accessFile: LiveAccessFile | undefined = sandbox
    ? undefined
    : watchAccessFile({
        path: config.accessFile,
        policy: core.access,
        logger,
        onRefused: () => core.metrics.accessReloadFailures.inc(),
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
  sandbox?.mountPlayground(app, core, tokens);
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
  let pushCheck: Repeating | undefined;
  let push: PushCheck | undefined;
  const { watches } = core;
  if (config.webex?.webhook && watches) {
    const { webhook } = config.webex;
    // Webex pushes the changes watches wait for where it lets the bot keep org-wide webhooks; else they poll.
    push = createPushCheck({
      keep: () =>
        keepParticipantWebhooks({
          apiBaseUrl: config.webexApi.baseUrl,
          token: tokens.current(),
          targetUrl: webhook.url,
          secret: webhook.secret,
          timeoutMs: WEBEX_REQUEST_TIMEOUT_MS,
          logger,
        }),
      watching: () => watches.watching(),
      setPushed: (pushed) => watches.setPushed(pushed),
      intervalMs: config.watches.pollSeconds * 1000,
      clock: tuning.watches?.clock ?? systemClock,
      logger,
    });
    await push.check();
    // Checked and repaired with the bot's own webhooks (README, "Watches"), and more often while
    // anyone watches: polling takes over while Webex will not push, and stops once it does again.
    pushCheck = repeatEvery(webhook.checkSeconds * 1000, push.check, {
      logger,
      message: 'Could not check the meetingParticipants webhooks; trying again at the next check',
    });
    push.start();
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
    reloadAccess: async () => (accessFile ? accessFile.reload() : false),
    async stop() {
      stopping = true;
      accessFile?.close();
      await pushCheck?.stop();
      await push?.stop();
      const deadline = Date.now() + SHUTDOWN_GRACE_MS;
      // Stop taking work: no new connections, no new events; what is in flight still gets its answer.
      const closing = closeServer(server);
      for (const platform of platforms) await platform.stopReceiving();
      // No new alerts: the round in progress finishes, and its alerts are drained below.
      await core.watches?.stop();
      if (!(await core.inFlight.drain(deadline - Date.now()))) {
        logger.warn({ inFlight: core.inFlight.size }, 'Shutdown grace ran out with work still in flight');
      }
      // Only now: a stopped platform can no longer send the answers that were in flight.
      for (const platform of platforms) await platform.stop();
      await closing.closeAllAfter(LAST_CALL_MS);
      await core.close();
      await tokens.close();
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
 * connection that goes idle later is closed then too). `closeAllAfter` closes whatever is left
 * after a last short wait (a client that sends its request slowly, or never finishes it), and
 * resolves when the server is closed.
 */
function closeServer(server: Server): { closeAllAfter(ms: number): Promise<void> } {
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  idle.unref();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  return {
    async closeAllAfter(ms) {
      const force = setTimeout(() => server.closeAllConnections(), ms);
      force.unref();
      await closed;
      clearInterval(idle);
      clearTimeout(force);
    },
  };
}
