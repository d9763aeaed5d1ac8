import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BOT_TOKEN, sparkSignature } from './webex-messaging.js';

/** POSTs `body` to the bot's `POST /webex/events`, signed as Webex signs it with `secret`; resolves with the status. */
export async function webexDelivery(origin: string, body: unknown, secret: string): Promise<number> {
  const raw = JSON.stringify(body);
  const response = await fetch(`${origin}/webex/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-spark-signature': sparkSignature(raw, secret) },
    body: raw,
  });
  return response.status;
}

/** The records of an AUDIT_FILE, in order. */
export async function auditRecords(file: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * The environment of the bot as a user deploys it against the emulators: Webex in webhook mode,
 * Slack over HTTP, REDIS_URL, an access file and an audit file in `dir`.
 */
export function deployedEnv(options: {
  webex: { apiToken: string; baseUrl: string };
  slack: { botToken: string; apiUrl: string };
  webhookUrl: string;
  webhookSecret: string;
  signingSecret: string;
  dir: string;
}): Record<string, string> {
  return {
    PORT: '0',
    WEBEX_BOT_TOKEN: BOT_TOKEN,
    WEBEX_API_TOKEN: options.webex.apiToken,
    WEBEX_API_BASE_URL: options.webex.baseUrl,
    WEBEX_WEBHOOK_URL: options.webhookUrl,
    WEBEX_WEBHOOK_SECRET: options.webhookSecret,
    SLACK_BOT_TOKEN: options.slack.botToken,
    SLACK_SIGNING_SECRET: options.signingSecret,
    SLACK_API_URL: options.slack.apiUrl,
    REDIS_URL: 'redis://127.0.0.1:6379/9',
    ACCESS_FILE: path.join(options.dir, 'access.json'),
    AUDIT_FILE: path.join(options.dir, 'audit.jsonl'),
  };
}
