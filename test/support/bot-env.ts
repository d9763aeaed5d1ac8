import type { SlackApiEmulator } from './slack-api-emulator.js';
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
