import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, readConfig, secretsOf } from './config.js';
import { explain } from './errors.js';
import { createLogger } from './logger.js';
import { createRedisClient } from './redis/connection.js';
import { renderPlainText } from './render/text.js';
import { createCoreServices } from './services.js';
import { startLookupTokens } from './tokens/from-config.js';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * `participant-bot lookup <participantId> --as <email>`: the same core as the chat platforms, with
 * the real configuration, printing the text reply. For an operator checking tokens and access.
 * Exit code: 0 when the participant was shown, 1 for any other reply, 2 for a usage or setup fault.
 */
export async function runCli(
  argv: string[],
  io: CliIo = { env: process.env, stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let exitCode = 0;
  const program = new Command('participant-bot')
    .description('Operator tools for participant-bot')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });

  program
    .command('lookup')
    .description('Look up a meeting participant as a given requester and print the reply')
    .argument('<participantId>', 'the participant id: <meetingId>_<uuid>')
    .requiredOption('--as <email>', 'the requester whose access rules apply', requireEmail)
    .option('--host <email>', 'the meeting host (honoured for admins and compliance officers)', requireEmail)
    .option('--time-zone <zone>', 'the time zone the reply\u2019s times are read in, e.g. Europe/Berlin (default: this computer\u2019s)')
    .action(async (participantId: string, options: { as: string; host?: string; timeZone?: string }) => {
      const config = readConfig(io.env);
      if (!config.webexApi.token && !config.webexApi.renewal) {
        throw new ConfigError([
          'WEBEX_API_TOKEN is not set: the lookup needs a token with meeting:admin_participants_read, or WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET and WEBEX_REFRESH_TOKEN to renew one',
        ]);
      }
      // Logs go to stderr so the reply on stdout stays clean for scripts.
      const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, io.stderr, secretsOf(config));
      // With REDIS_URL, the bot's own stored tokens, and its lock: a renewal here is one for the bot too.
      const redis = config.webexApi.renewal && config.redisUrl !== undefined ? createRedisClient(config.redisUrl, logger) : undefined;
      const tokens = await startLookupTokens({ webexApi: config.webexApi, logger, ...(redis ? { redis } : {}) });
      try {
        const core = await createCoreServices({
          logger,
          webexApi: { ...config.webexApi, token: tokens },
          access: config.accessFile,
          ...(config.auditFile !== undefined ? { auditFile: config.auditFile } : {}),
        });
        try {
          const text = ['participant', participantId, options.host].filter(Boolean).join(' ');
          // The operator reads the answer here, so by default in this computer's zone.
          const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
          const reply = await core.handle({ platform: 'cli', email: options.as, timeZone }, text);
          io.stdout.write(`${renderPlainText(reply)}\n`);
          exitCode = reply.kind === 'participant' ? 0 : 1;
        } finally {
          await core.close();
        }
      } finally {
        await tokens.close();
        redis?.disconnect();
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    // Commander has already printed its own usage errors; everything else is said here, once.
    if (e instanceof Error && 'exitCode' in e && typeof e.exitCode === 'number') return e.exitCode === 0 ? 0 : 2;
    io.stderr.write(`${explain(e)}\n`);
    return 2;
  }
}

function requireEmail(value: string): string {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw new InvalidArgumentError('must be an email address.');
  return value;
}
