import { config as loadDotenv } from 'dotenv';
import { startBot, type Running } from './bot.js';
import { ConfigError, readConfig, secretsOf, type Config } from './config.js';
import { explain } from './errors.js';
import { createLogger } from './logger.js';

/** The program: read the configuration, start the bot, stop it gracefully on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config: Config;
  try {
    config = readConfig();
  } catch (e) {
    // No logger yet (LOG_LEVEL may be what is wrong): a person reads this on the terminal.
    if (e instanceof ConfigError) {
      console.error(explain(e));
      process.exit(1);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel, undefined, secretsOf(config));
  // The Webex framework and SDK reject promises nobody awaits; one such must not take the bot down.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'A promise was rejected and nothing handled it; the bot carries on');
  });
  let running: Running;
  try {
    running = await startBot(config, logger);
  } catch (e) {
    // The line's err carries the code and the hint of a BotError, as the terminal text above does.
    logger.fatal({ err: e }, e instanceof Error ? e.message : 'participant-bot could not start');
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'Shutting down: finishing the work in flight');
    running.stop().then(
      () => {
        logger.info('Stopped');
        process.exit(0);
      },
      (e: unknown) => {
        logger.error({ err: e }, 'Shutdown was not clean');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

void main();
