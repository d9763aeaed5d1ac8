import type { Logger } from 'pino';
import type { CommandHandler } from '../commands/handle-command.js';
import type { TransportObserver } from '../observability/transport-observer.js';
import type { Reply } from '../replies/reply.js';
import type { Deduplicator } from './deduplicator.js';
import { createDeliver, type RetryOptions } from './delivery.js';
import type { ChatPlatform, Identity, Incoming } from './platform.js';

export interface PipelineDeps {
  handle: CommandHandler;
  dedupe: Deduplicator;
  logger: Logger;
  /** Metrics, and the in-flight count that shutdown waits on. */
  observer: TransportObserver;
  /** How hard to try when a platform refuses an answer; tests shorten the waits. */
  retry?: RetryOptions;
}

/** A platform joined to the pipeline: what the composition root starts, watches and stops. */
export interface RunningPlatform {
  readonly name: string;
  start(): Promise<void>;
  isReady(): boolean;
  stopReceiving(): Promise<void>;
  stop(): Promise<void>;
  /** Sends `reply` privately to the platform's user `userId`, who did not just ask; resolves whether it got through. */
  notify(userId: string, reply: Reply): Promise<boolean>;
}

/**
 * The one answer path for every platform: claim (exactly once) -> identify -> handle -> render ->
 * deliver with retries, counting what was lost. The privacy rule is decided here, once: in a group
 * space, whatever may concern a participant, and every answer to a click, goes to the requester
 * alone.
 */
export function createPipeline(deps: PipelineDeps) {
  const { handle, dedupe, observer } = deps;

  async function receive<Event, Message>(platform: ChatPlatform<Event, Message>, incoming: Incoming<Event>): Promise<void> {
    const log = deps.logger.child({ platform: platform.name, eventId: incoming.id, userId: incoming.userId, spaceId: incoming.spaceId });
    if (!(await dedupe.claim(`${platform.name}:${incoming.id}`))) {
      log.debug('Already answered: the platform delivered this event again');
      return;
    }
    const reply = await replyTo(platform, incoming, log);
    const deliver = deliverFor(platform.name, log);
    const answer = {
      message: platform.render(reply),
      privately: incoming.space === 'group' && (incoming.via === 'button' || concernsAParticipant(reply)),
      replaces: incoming.replaces,
      ...(reply.kind === 'file' ? { file: reply.file } : {}),
    };
    await platform.answer(incoming, answer, deliver);
  }

  const deliverFor = (platform: string, logger: Logger) =>
    createDeliver({ logger, ...(deps.retry ? { retry: deps.retry } : {}), onLost: () => observer.replyLost(platform) });

  /** The handler never throws; a platform that cannot tell who asks is a fault of ours, said plainly. */
  async function replyTo<Event>(platform: ChatPlatform<Event, unknown>, incoming: Incoming<Event>, log: Logger): Promise<Reply> {
    let identity: Identity;
    try {
      identity = await platform.identify(incoming);
    } catch (error) {
      log.error({ err: error }, 'The platform could not tell who sent the command');
      return { kind: 'error', error: { code: 'internal' } };
    }
    return handle(
      { platform: platform.name, email: identity.email, timeZone: identity.timeZone, via: incoming.via, userId: incoming.userId },
      incoming.text,
    );
  }

  return {
    /** Joins `platform` to the pipeline: each event it receives is answered, and tracked for shutdown. */
    attach<Event, Message>(platform: ChatPlatform<Event, Message>): RunningPlatform {
      return {
        name: platform.name,
        start: () =>
          platform.start((incoming) =>
            observer.track(() => receive(platform, incoming)).catch((error: unknown) => {
              deps.logger.error({ err: error, platform: platform.name, eventId: incoming.id }, 'An event could not be answered');
            }),
          ),
        isReady: () => platform.isReady(),
        stopReceiving: () => platform.stopReceiving(),
        stop: () => platform.stop(),
        notify: (userId, reply) =>
          observer.track(() =>
            platform.notify(userId, platform.render(reply), deliverFor(platform.name, deps.logger.child({ platform: platform.name, userId }))),
          ),
      };
    },
  };
}

/** Replies that may say something about a participant (even "not found" names the id) stay private. */
function concernsAParticipant(reply: Reply): boolean {
  return (
    reply.kind === 'participant' ||
    reply.kind === 'roster' ||
    reply.kind === 'file' ||
    reply.kind === 'watch' ||
    reply.kind === 'notFound' ||
    reply.kind === 'error'
  );
}
