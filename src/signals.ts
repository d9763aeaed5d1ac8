import type { Logger } from 'pino';
import type { Running } from './bot.js';

/** Where signals come from: the process in production, an EventEmitter in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  once(signal: NodeJS.Signals, listener: () => void): unknown;
}

/**
 * What the program does on each signal (README, "Operations"): SIGTERM and SIGINT stop it
 * gracefully, then `exit`; a second one gets Node's default, which ends it at once. SIGHUP reads
 * the access file again.
 */
export function handleSignals(source: SignalSource, running: Running, logger: Logger, exit: (code: number) => void): void {
  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'Shutting down: finishing the work in flight');
    running.stop().then(
      () => {
        logger.info('Stopped');
        exit(0);
      },
      (e: unknown) => {
        logger.error({ err: e }, 'Shutdown was not clean');
        exit(1);
      },
    );
  };
  source.once('SIGTERM', () => shutdown('SIGTERM'));
  source.once('SIGINT', () => shutdown('SIGINT'));
  // The reload logs its own outcome; a refused file changes nothing.
  source.on('SIGHUP', () => void running.reloadAccess());
}
