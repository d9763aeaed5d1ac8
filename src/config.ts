import { z } from 'zod';
import { BotError } from './errors.js';

/**
 * The environment (README, "Configuration") as one typed object. A pure function of the
 * environment it is given, so tests never touch process.env. A bad configuration throws one
 * ConfigError that names every wrong variable and how to fix it.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const httpUrl = (fix: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), { message: `must be an http(s) URL; ${fix}` });

const envSchema = z.object({
  PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  WEBEX_BOT_TOKEN: optionalText,
  WEBEX_API_TOKEN: optionalText,
  WEBEX_CLIENT_ID: optionalText,
  WEBEX_CLIENT_SECRET: optionalText,
  WEBEX_REFRESH_TOKEN: optionalText,
  WEBEX_API_BASE_URL: httpUrl('for example https://webexapis.com/v1').default('https://webexapis.com/v1'),
  WEBEX_WEBHOOK_URL: httpUrl('set it to the public URL of POST /webex/events, or leave it empty for a websocket').optional(),
  WEBEX_WEBHOOK_SECRET: optionalText,
  WEBEX_WEBHOOK_CHECK_SECONDS: z.coerce
    .number({ message: 'must be a number of seconds, for example 300' })
    .positive('must be more than 0')
    .max(86_400, 'must be at most 86400 (a day)')
    .default(300),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: httpUrl('for example https://slack.com/api/').default('https://slack.com/api/'),
  ACCESS_FILE: z.string().trim().min(1, 'must be a file path').default('./access.json'),
  AUDIT_FILE: z
    .string()
    .trim()
    .refine((v) => !/[/\\]$/.test(v), { message: 'must be the path of a file, not of a folder, for example ./audit.jsonl' })
    .optional(),
  WEBEX_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .positive('must be at least 1')
    .max(60000, 'must be at most 60000')
    .default(300),
  REDIS_URL: z
    .string()
    .trim()
    .refine((v) => /^rediss?:\/\//i.test(v) && URL.canParse(v), {
      message: 'must be a redis:// or rediss:// URL, for example redis://127.0.0.1:6379',
    })
    .optional(),
  WATCH_POLL_SECONDS: z.coerce
    .number({ message: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(5, 'must be at least 5')
    .max(3600, 'must be at most 3600')
    .default(30),
  WATCH_POLL_SHARE: z.coerce
    .number({ message: 'must be a number, for example 0.2' })
    .gt(0, 'must be more than 0')
    .max(1, 'must be at most 1 (the whole budget)')
    .default(0.2),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }))
    .default('info'),
});

export type Mode = 'sandbox' | 'live';

export interface TokenRenewalConfig {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface Config {
  port: number;
  mode: Mode;
  logLevel: (typeof LOG_LEVELS)[number];
  accessFile: string;
  /** When set, every lookup's audit record is appended there as a JSON line. */
  auditFile?: string;
  webexApi: {
    baseUrl: string;
    /** WEBEX_API_TOKEN: used first when given; with `renewal` it may be absent. */
    token: string | undefined;
    ratePerMinute: number;
    /** The OAuth client and refresh token that renew the lookup token (README, "Tokens that renew themselves"). */
    renewal?: TokenRenewalConfig;
  };
  /** `checkSeconds`: how often the webhooks are checked, and repaired, while the bot runs. */
  webex?: { botToken: string; webhook?: { url: string; secret: string; checkSeconds: number } };
  slack?: { botToken: string; apiUrl: string } & (
    | { mode: 'socket'; appToken: string; signingSecret?: string }
    | { mode: 'http'; signingSecret: string }
  );
  redisUrl?: string;
  /** README, "Watches": how often a watched participant may be polled, and the budget's share for polls. */
  watches: { pollSeconds: number; pollShare: number };
}

export class ConfigError extends BotError {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super('config_invalid', `The configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Empty strings count as unset: `FOO=` in a .env file means "not given". */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== ''),
  );
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = withoutEmpty(env);
  const parsed = envSchema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  problems.push(...combinationProblems(raw));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const live = Boolean(e.WEBEX_BOT_TOKEN || e.SLACK_BOT_TOKEN);

  const config: Config = {
    port: e.PORT,
    mode: live ? 'live' : 'sandbox',
    logLevel: e.LOG_LEVEL,
    accessFile: e.ACCESS_FILE,
    watches: { pollSeconds: e.WATCH_POLL_SECONDS, pollShare: e.WATCH_POLL_SHARE },
    webexApi: {
      baseUrl: e.WEBEX_API_BASE_URL.replace(/\/+$/, ''),
      token: e.WEBEX_API_TOKEN,
      ratePerMinute: e.WEBEX_RATE_LIMIT_PER_MINUTE,
      ...(e.WEBEX_CLIENT_ID && e.WEBEX_CLIENT_SECRET && e.WEBEX_REFRESH_TOKEN
        ? { renewal: { clientId: e.WEBEX_CLIENT_ID, clientSecret: e.WEBEX_CLIENT_SECRET, refreshToken: e.WEBEX_REFRESH_TOKEN } }
        : {}),
    },
  };
  if (e.WEBEX_BOT_TOKEN) {
    config.webex = {
      botToken: e.WEBEX_BOT_TOKEN,
      ...(e.WEBEX_WEBHOOK_URL && e.WEBEX_WEBHOOK_SECRET
        ? { webhook: { url: e.WEBEX_WEBHOOK_URL, secret: e.WEBEX_WEBHOOK_SECRET, checkSeconds: e.WEBEX_WEBHOOK_CHECK_SECONDS } }
        : {}),
    };
  }
  if (e.SLACK_BOT_TOKEN) {
    const apiUrl = e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`;
    config.slack = e.SLACK_APP_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          apiUrl,
          mode: 'socket',
          appToken: e.SLACK_APP_TOKEN,
          ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
        }
      : { botToken: e.SLACK_BOT_TOKEN, apiUrl, mode: 'http', signingSecret: e.SLACK_SIGNING_SECRET! };
  }
  if (e.REDIS_URL) config.redisUrl = e.REDIS_URL;
  if (e.AUDIT_FILE) config.auditFile = e.AUDIT_FILE;
  return config;
}

/** Every token and secret in the configuration, so the logger can keep them out of every line. */
export function secretsOf(config: Config): string[] {
  const values = [
    config.webexApi.token,
    config.webexApi.renewal?.clientSecret,
    config.webexApi.renewal?.refreshToken,
    config.webex?.botToken,
    config.webex?.webhook?.secret,
    config.slack?.botToken,
    config.slack?.signingSecret,
    config.slack?.mode === 'socket' ? config.slack.appToken : undefined,
    config.redisUrl !== undefined ? decodeURIComponent(new URL(config.redisUrl).password) || undefined : undefined,
  ];
  return values.filter((v): v is string => v !== undefined);
}

/** Variables that are each fine alone but wrong together. */
function combinationProblems(raw: Record<string, string>): string[] {
  const problems: string[] = [];
  if (raw.WEBEX_WEBHOOK_URL && !raw.WEBEX_WEBHOOK_SECRET) {
    problems.push('WEBEX_WEBHOOK_SECRET is required with WEBEX_WEBHOOK_URL: set it to a long random string');
  }
  if (raw.SLACK_BOT_TOKEN && !raw.SLACK_APP_TOKEN && !raw.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN: copy it from your Slack app\u2019s Basic Information page, or set SLACK_APP_TOKEN for Socket Mode',
    );
  }
  const renewal = RENEWAL_VARIABLES.filter((name) => raw[name]);
  if (renewal.length > 0 && renewal.length < RENEWAL_VARIABLES.length) {
    const missing = RENEWAL_VARIABLES.filter((name) => !raw[name]);
    problems.push(
      `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} required with ${renewal.join(' and ')}: the bot renews its lookup token with all three (README, "Tokens that renew themselves")`,
    );
  }
  const renews = renewal.length === RENEWAL_VARIABLES.length;
  if ((raw.WEBEX_BOT_TOKEN || raw.SLACK_BOT_TOKEN) && !raw.WEBEX_API_TOKEN && !renews) {
    problems.push(
      'WEBEX_API_TOKEN is required with WEBEX_BOT_TOKEN or SLACK_BOT_TOKEN: a token with the meeting:admin_participants_read scope, or set WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET and WEBEX_REFRESH_TOKEN so that the bot renews its own',
    );
  }
  return problems;
}

/** Together they renew the lookup token; one or two alone are a mistake, never a choice. */
const RENEWAL_VARIABLES = ['WEBEX_CLIENT_ID', 'WEBEX_CLIENT_SECRET', 'WEBEX_REFRESH_TOKEN'] as const;
