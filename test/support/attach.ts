import type { Logger } from 'pino';
import type { CommandHandler } from '../../src/commands/handle-command.js';
import { InFlight } from '../../src/observability/in-flight.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createTransportObserver, type TransportObserver } from '../../src/observability/transport-observer.js';
import { MemoryDeduplicator, type Deduplicator } from '../../src/transports/deduplicator.js';
import type { RetryOptions } from '../../src/transports/delivery.js';
import { createPipeline, type RunningPlatform } from '../../src/transports/pipeline.js';
import type { ChatPlatform } from '../../src/transports/platform.js';
import { createWebexPlatform, type WebexPlatformDeps } from '../../src/transports/webex/index.js';

export interface AttachOptions {
  handle: CommandHandler;
  logger: Logger;
  dedupe?: Deduplicator;
  observer?: TransportObserver;
  retry?: RetryOptions;
}

/** A platform joined to the answer pipeline and started, as startBot() does it, for a test of one platform. */
export async function startOnPipeline<Event, Message>(
  platform: ChatPlatform<Event, Message>,
  { handle, logger, dedupe = new MemoryDeduplicator(), observer, retry }: AttachOptions,
): Promise<RunningPlatform> {
  const pipeline = createPipeline({
    handle,
    dedupe,
    logger,
    observer: observer ?? createTransportObserver(createMetrics(), new InFlight()),
    ...(retry ? { retry } : {}),
  });
  const running = pipeline.attach(platform);
  await running.start();
  return running;
}

/** The Webex platform, created and started on the pipeline. */
export async function startWebexOnPipeline(options: WebexPlatformDeps & AttachOptions): Promise<RunningPlatform> {
  return startOnPipeline(await createWebexPlatform(options), options);
}
