import { inspect } from 'node:util';
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

/**
 * Slack tokens have fixed prefixes (xoxb-, xoxp-, xapp-, ...). Slack's clients quote them in
 * free-form strings, which pino's path-based redaction cannot reach, and a token Slack echoes need
 * not be one of the configured secrets: strings from the Slack side, and every error, pass here.
 */
const SLACK_TOKEN = /\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+/g;

export function redactTokens(text: string): string {
  return text.replace(SLACK_TOKEN, '[redacted]');
}

/**
 * Every error is logged under `err` (`logger.error({ err }, ...)`) in this one shape. Only these
 * fields: an HTTP client's error carries its request, Authorization header included, in
 * enumerable properties that pino's standard serializer would copy into the line. Causes are kept
 * in the message and stack, as pino's standard serializer writes them.
 */
export function serializeError(value: unknown): Record<string, unknown> {
  if (!(value instanceof Error)) {
    // Something thrown that is no Error (the Webex SDK rejects with plain objects): its top level only.
    const text = typeof value === 'string' ? value : inspect(value, { depth: 0, breakLength: Infinity });
    return { type: 'NonError', message: redactTokens(text) };
  }
  const standard = pino.stdSerializers.err(value);
  const extra = value as { code?: unknown; hint?: unknown; status?: unknown; trackingId?: unknown };
  return {
    type: standard.type,
    message: redactTokens(standard.message),
    ...(typeof extra.code === 'string' ? { code: extra.code } : {}),
    ...(typeof extra.hint === 'string' ? { hint: extra.hint } : {}),
    ...(typeof extra.status === 'number' ? { status: extra.status } : {}),
    ...(typeof extra.trackingId === 'string' ? { trackingId: extra.trackingId } : {}),
    stack: redactTokens(standard.stack),
  };
}

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
    {
      level,
      base: { app: 'participant-bot' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
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
