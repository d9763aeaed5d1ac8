import { ACCESS_TOKEN_SECONDS, SAMPLE_PEOPLE, SAMPLES, type SampleRole } from './samples.js';

const ROLE_WORDS: Record<SampleRole, string> = {
  host: 'host',
  admin: 'admin',
  complianceOfficer: 'compliance officer',
  stranger: 'no access',
};

/**
 * What `npm start` says when it starts the sandbox: what is running, where to look, and how to
 * leave the sandbox for real Webex and Slack (the variables: README, "Configuration").
 */
export function sandboxBanner(port: number, apiBaseUrl: string): string {
  const people = SAMPLE_PEOPLE.map((person) => `${person.email} (${ROLE_WORDS[person.role]})`).join(', ');
  return [
    'SANDBOX MODE: neither WEBEX_BOT_TOKEN nor SLACK_BOT_TOKEN is set, so nothing talks to Webex or Slack.',
    `  Playground: http://localhost:${port}/ (pick who you are, type a command, see the Webex card, the Slack message and the text)`,
    `  Webex API:  an emulator at ${apiBaseUrl} with ${SAMPLES.length} sample participants`,
    `  Tokens:     the emulator's last ${ACCESS_TOKEN_SECONDS} s; the bot renews its own about every minute (the playground shows its age)`,
    `  Access:     sample people ${people}`,
    'To connect Webex: set WEBEX_BOT_TOKEN (your bot\u2019s access token) and, for lookups, WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET and WEBEX_REFRESH_TOKEN of an app with the meeting:admin_participants_read scope (renewed as here), or a WEBEX_API_TOKEN with it; for webhooks also WEBEX_WEBHOOK_URL and WEBEX_WEBHOOK_SECRET, else the bot uses a websocket.',
    'To connect Slack: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode), and WEBEX_API_TOKEN.',
    'Then say who may see what in the access file (ACCESS_FILE, see access.example.json). README.md has the steps.',
  ].join('\n');
}
