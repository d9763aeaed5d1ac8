import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/**
 * One structured logger for the whole process. Paths that could ever hold a secret or a phone
 * number are redacted here, so a careless `logger.info({ config })` still leaks nothing.
 */
export const REDACTED_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'secret',
  'authorization',
  'phoneNumber',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.secret',
  '*.authorization',
  '*.Authorization',
  '*.phoneNumber',
  '*.*.token',
  '*.*.botToken',
  '*.*.secret',
  '*.*.authorization',
  'req.headers.authorization',
  'headers.authorization',
  'devices[*].phoneNumber',
  '*.devices[*].phoneNumber',
];

export function createLogger(level: Config['logLevel'], destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: 'participant-bot' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
