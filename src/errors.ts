/**
 * The errors an operator meets at the edges of the bot (start-up, the webhook, sending a reply,
 * renewing the lookup token),
 * each with a stable code to search the log for and a hint saying what to do. They are listed,
 * word for word, in README, "Operations": a code is never renamed, only added. Messages and hints
 * are printed and logged, so neither ever holds a token.
 */
export const ERROR_HINTS = {
  config_invalid:
    'Fix each variable the message names, in the environment or in .env (.env.example lists them all), and start again.',
  access_file_unreadable:
    'Create the access file (access.example.json shows the format), or set ACCESS_FILE to its path, and let the bot read it.',
  access_file_invalid: 'Correct the access file where the message says; access.example.json shows the format.',
  audit_file_unwritable: 'Check AUDIT_FILE: its folder must exist and the bot must be allowed to write there.',
  webhook_registration_failed:
    'Check WEBEX_BOT_TOKEN, and that WEBEX_WEBHOOK_URL is the public https URL of POST /webex/events (or leave it empty to use a websocket).',
  slack_auth_failed:
    'Copy the Bot User OAuth Token (xoxb-…) from your Slack app\u2019s OAuth & Permissions page into SLACK_BOT_TOKEN.',
  slack_socket_failed:
    'Set SLACK_APP_TOKEN to an app-level token (xapp-…) with the connections:write scope, and turn Socket Mode on in the Slack app.',
  token_renewal_refused:
    'Get a new refresh token (see Setting up Webex in the README: authorise the integration again, or have a full admin authorise the service app again in Control Hub), put it in WEBEX_REFRESH_TOKEN, check WEBEX_CLIENT_ID and WEBEX_CLIENT_SECRET are that app\u2019s, and restart the bot.',
  token_renewal_unavailable:
    'Nothing to do if it passes: the bot tries again with backoff, and lookups go on with the current token while it lasts. If it keeps happening, check that the bot can reach WEBEX_API_BASE_URL, and status.webex.com.',
  refresh_token_expiring:
    'Before the days left run out: authorise the integration (or the service app) again, put the new refresh token in WEBEX_REFRESH_TOKEN and restart the bot; otherwise lookups stop when it expires.',
  send_failed:
    'If it keeps happening, check the platform\u2019s bot token (WEBEX_BOT_TOKEN or SLACK_BOT_TOKEN: a 401 or 403, invalid_auth) and that the bot is still in the space or channel (a 404, channel_not_found); otherwise give the platform\u2019s support the trackingId.',
} as const;

export type BotErrorCode = keyof typeof ERROR_HINTS;

/** An error with a code to branch on and a hint for the operator, rather than a message to parse. */
export class BotError extends Error {
  override readonly name: string = 'BotError';
  readonly hint: string;

  constructor(
    readonly code: BotErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.hint = ERROR_HINTS[code];
  }
}

/** How a failure reads on a terminal: what happened, then, for a BotError, what to do and its code. */
export function explain(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!(error instanceof BotError)) return error.message;
  return `${error.message}\nWhat to do: ${error.hint}\nError code: ${error.code}`;
}
