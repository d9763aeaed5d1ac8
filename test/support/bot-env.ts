import { randomUUID } from 'node:crypto';
import type { SlackApiEmulator } from './slack-api-emulator.js';
import type { SlackSocketServer } from './slack-socket-server.js';
import type { WebexEmulator } from './webex-emulator.js';

/**
 * The environment of a bot (src/config.ts) whose Slack side runs in Socket Mode against the Slack
 * emulator and whose lookups go to the Webex emulator: what tests of startBot pass to readConfig.
 */
export function emulatedBotEnv(slack: SlackApiEmulator, webex: WebexEmulator): Record<string, string> {
  return {
    PORT: '0',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_API_URL: slack.apiUrl,
    WEBEX_API_TOKEN: webex.apiToken,
    WEBEX_API_BASE_URL: webex.baseUrl,
  };
}

/** `/participant <text>` from `userId` in a channel, over Socket Mode; resolves with the text of the reply Slack received. */
export async function askBySlashCommand(slack: SlackApiEmulator, socket: SlackSocketServer, userId: string, text: string): Promise<string> {
  const responseUrl = slack.newResponseUrl();
  const id = responseUrl.split('/').at(-1);
  socket.sendSlashCommand({
    team_id: slack.teamId,
    channel_id: 'C0GENERAL1',
    user_id: userId,
    command: '/participant',
    text,
    response_url: responseUrl,
    trigger_id: randomUUID(),
  });
  await slack.waitFor(() => slack.responses.some((response) => response.id === id), 10_000);
  return String(slack.responses.find((response) => response.id === id)?.body.text);
}
