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

/** Shorter values are no credential anyone issues, and scrubbing them would mangle ordinary words. */
const MIN_SECRET_LENGTH = 8;

/**
 * `secrets` (the configured tokens and secrets, see `secretsOf`) are also scrubbed from every line
 * as written, wherever they are: in a message, an error's text, or a field no path above names.
 */
export function createLogger(
  level: Config['logLevel'],
  destination?: pino.DestinationStream,
  secrets: readonly string[] = [],
): Logger {
  return pino(
    { level, base: { app: 'participant-bot' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    withoutSecrets(destination, secrets),
  );
}

function withoutSecrets(
  destination: pino.DestinationStream | undefined,
  secrets: readonly string[],
): pino.DestinationStream | undefined {
  // As typed, and as JSON writes it inside a string (a secret may hold a quote or a backslash).
  const forms = [
    ...new Set(
      secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]),
    ),
  ];
  if (forms.length === 0) return destination;
  const inner = destination ?? pino.destination(1);
  return {
    write(line: string) {
      inner.write(forms.reduce((text, secret) => text.split(secret).join('[redacted]'), line));
    },
  };
}
