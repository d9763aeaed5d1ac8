import { inspect } from 'node:util';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { escapeRegExp } from './reg-exp.js';

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
function serializeError(value: unknown): Record<string, unknown> {
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
 * Tokens learnt while running (see `redactFromNowOn`), newest kept: each renewal brings new ones, and
 * by the time this many newer ones came an older one has long expired or been replaced. The bound
 * keeps a sandbox that renews every minute from scrubbing ever more strings from every line.
 */
const MAX_RUNTIME_SECRETS = 32;

/** The strings one logger's lines are scrubbed of: the configured secrets, and tokens learnt since. */
class SecretList {
  private readonly runtime: string[] = [];
  /**
   * Each secret as typed, and as JSON writes it inside a string (a secret may hold a quote or a
   * backslash), in one pattern built when the list changes, not for every line; longest first, so
   * that a secret holding another is scrubbed whole.
   */
  pattern: RegExp | undefined;

  constructor(private readonly configured: readonly string[]) {
    this.update();
  }

  add(secret: string): void {
    if (secret.length < MIN_SECRET_LENGTH || this.configured.includes(secret)) return;
    const known = this.runtime.indexOf(secret);
    if (known >= 0) {
      // Known already: only its place among the newest changes, not what is scrubbed.
      this.runtime.splice(known, 1);
      this.runtime.push(secret);
      return;
    }
    this.runtime.push(secret);
    if (this.runtime.length > MAX_RUNTIME_SECRETS) this.runtime.shift();
    this.update();
  }

  private update(): void {
    const all = [...this.configured, ...this.runtime].filter((s) => s.length >= MIN_SECRET_LENGTH);
    const forms = [...new Set(all.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))].sort((a, b) => b.length - a.length);
    this.pattern = forms.length === 0 ? undefined : new RegExp(forms.map(escapeRegExp).join('|'), 'g');
  }
}

/** The list behind each logger's destination; a child logger writes to its parent's, so finds it too. */
const listsByDestination = new WeakMap<object, SecretList>();

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
    withoutSecrets(destination ?? pino.destination(1), new SecretList(secrets)),
  );
}

/**
 * A second guard for tokens obtained while running (renewed, or read from Redis): no line is meant
 * to carry one (README, "Operations"), and should one ever do, `logger` and every logger sharing its
 * destination write `[redacted]` in its place from now on. A logger `createLogger` did not make
 * (a test's own pino) is left as it is.
 */
export function redactFromNowOn(logger: Logger, secret: string): void {
  listsByDestination.get((logger as unknown as Record<symbol, object>)[pino.symbols.streamSym] ?? {})?.add(secret);
}

function withoutSecrets(inner: pino.DestinationStream, secrets: SecretList): pino.DestinationStream {
  const destination = {
    write(line: string) {
      const { pattern } = secrets;
      inner.write(pattern === undefined ? line : line.replace(pattern, '[redacted]'));
    },
  };
  listsByDestination.set(destination, secrets);
  return destination;
}
