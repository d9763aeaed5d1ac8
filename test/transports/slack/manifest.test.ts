import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { EVENTS_PATH } from '../../../src/transports/slack/index.js';
import { SLASH_COMMANDS } from '../../../src/transports/slack/listeners/commands/slash-commands.js';

interface Manifest {
  display_information: { long_description?: string };
  features: {
    app_home: { messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    slash_commands: Array<{ command: string; url: string; usage_hint: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity?: { is_enabled: boolean; request_url: string };
  };
}

/** slack/manifest.json creates the app in one step; it must ask for what the code listens to. */
describe('slack/manifest.json', () => {
  let manifest: Manifest;

  before(async () => {
    manifest = JSON.parse(await readFile(new URL('../../../slack/manifest.json', import.meta.url), 'utf8')) as Manifest;
  });

  it('declares exactly the slash commands the code registers, each with a usage hint, at POST /slack/events', () => {
    const commands = manifest.features.slash_commands;
    assert.deepEqual(commands.map((c) => c.command), [...SLASH_COMMANDS]);
    assert.match(commands[0]?.usage_hint ?? '', /participantId/);
    assert.match(commands[1]?.usage_hint ?? '', /meeting/);
    assert.match(commands[2]?.usage_hint ?? '', /participantId.*list.*stop/);
    for (const command of commands) assert.ok(command.url.endsWith(EVENTS_PATH), command.command);
    assert.ok(manifest.settings.event_subscriptions.request_url.endsWith(EVENTS_PATH));
  });

  it('turns on interactivity at POST /slack/events, where the buttons’ clicks are answered', () => {
    assert.equal(manifest.settings.interactivity?.is_enabled, true);
    assert.ok(manifest.settings.interactivity?.request_url.endsWith(EVENTS_PATH));
  });

  it('subscribes to mentions and direct messages, with the Messages tab open for writing', () => {
    assert.deepEqual([...manifest.settings.event_subscriptions.bot_events].sort(), ['app_mention', 'message.im']);
    assert.equal(manifest.features.app_home.messages_tab_enabled, true);
    assert.equal(manifest.features.app_home.messages_tab_read_only_enabled, false);
  });

  it('asks for exactly the bot scopes the transport uses', () => {
    assert.deepEqual(
      [...manifest.oauth_config.scopes.bot].sort(),
      ['app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history', 'im:write', 'users:read', 'users:read.email'],
    );
  });

  it('keeps the long description within Slack\u2019s 175 to 4000 characters', () => {
    const length = manifest.display_information.long_description?.length ?? 0;
    assert.ok(length >= 175 && length <= 4000, `${length} characters`);
  });
});
