import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';
import { redactTokens } from '../../logger.js';

/**
 * Bolt, its WebClient and its Socket Mode client all log through this, so their lines land in the
 * one structured log with the operator's level. Bolt passes loose arguments (strings, errors,
 * objects); strings are joined into the message and the error kept as `err`, tokens removed from both
 * (the logger's `err` serializer removes them from errors).
 *
 * Their debug output dumps whole request and response bodies, participant details and emails
 * included, as strings that pino's redaction cannot reach: it goes to `trace`, so that
 * LOG_LEVEL=debug stays readable and free of them.
 */
export function toBoltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack' });
  const write =
    (level: 'trace' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      // Bolt passes at most one error; should it pass more, the others are read in the message.
      const err = args.find((a) => a instanceof Error);
      const text = args
        .filter((a) => a !== err)
        .map((a) => (typeof a === 'string' ? a : a instanceof Error ? String(a) : safeJson(a)))
        .join(' ');
      log[level](err !== undefined ? { err } : {}, redactTokens(text));
    };
  return {
    debug: write('trace'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // The operator sets the level with LOG_LEVEL; Bolt and its clients do not get to change it.
    setLevel: () => undefined,
    getLevel: () => boltLevelOf(log.level),
    // Each WebClient renames the logger it is given to a per-instance name on creation; one fixed
    // component name keeps the lines filterable.
    setName: () => undefined,
  };
}

function boltLevelOf(pinoLevel: string): LogLevel {
  switch (pinoLevel) {
    case 'trace':
      return LogLevel.DEBUG;
    case 'debug':
    case 'info':
      return LogLevel.INFO;
    case 'warn':
      return LogLevel.WARN;
    default:
      return LogLevel.ERROR;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
