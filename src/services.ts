import type { Logger } from 'pino';
import { loadAccessFile, type AccessList } from './access/access-file.js';
import { AccessPolicy } from './access/policy.js';
import { createCommandHandler, type CommandHandler } from './commands/handle-command.js';
import { createRateLimitedSource, type RateLimitedSource } from './participants/rate-limited-source.js';
import { createWebexParticipantsClient } from './participants/webex-client.js';

/** Longest one attempt at Webex may take before it counts as a timeout (and is retried). */
const LOOKUP_TIMEOUT_MS = 10_000;

export interface CoreOptions {
  logger: Logger;
  webexApi: { baseUrl: string; token: string; ratePerMinute: number };
  /** The access file's path, or its content already read (the sandbox brings its own). */
  access: string | AccessList;
}

export interface CoreServices {
  handle: CommandHandler;
  access: AccessPolicy;
  participants: RateLimitedSource;
}

/**
 * The platform-neutral core, built the same way for the bot, the operator's command line and the
 * playground: there is one code path from a line of text to a reply.
 */
export async function createCoreServices(options: CoreOptions): Promise<CoreServices> {
  const list = typeof options.access === 'string' ? await loadAccessFile(options.access) : options.access;
  const access = new AccessPolicy(list);
  const participants = createRateLimitedSource({
    source: createWebexParticipantsClient({
      baseUrl: options.webexApi.baseUrl,
      token: options.webexApi.token,
      timeoutMs: LOOKUP_TIMEOUT_MS,
    }),
    ratePerMinute: options.webexApi.ratePerMinute,
  });
  const handle = createCommandHandler({ access, participants, logger: options.logger });
  return { handle, access, participants };
}
