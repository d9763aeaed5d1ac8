import { config as loadDotenv } from 'dotenv';
import { startBot, type Running } from './bot.js';
import { ConfigError, readConfig, secretsOf, type Config } from './config.js';
import { explain } from './errors.js';
import { createLogger } from './logger.js';
import { handleSignals } from './signals.js';

/** The program: read the configuration, start the bot, and answer signals (src/signals.ts). */
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
  handleSignals(process, running, logger, (code) => process.exit(code));
}

void main();
