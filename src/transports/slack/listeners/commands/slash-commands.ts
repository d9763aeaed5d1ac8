import type { App } from '@slack/bolt';
import { spaceOf } from '../../event.js';
import type { ListenerDeps } from '../deps.js';

/**
 * The slash commands, one per verb (README, "Commands"): a command's name is its verb, so
 * `/participants 2553 123 4567` means `participants 2553 123 4567`. slack/manifest.json declares
 * the same list.
 */
export const SLASH_COMMANDS = ['/participant', '/participants', '/watch'] as const;

/** Each answered privately to whoever typed it. */
export function register(app: App, { receive, observer }: ListenerDeps): void {
  for (const name of SLASH_COMMANDS) {
    app.command(name, async ({ command, ack, respond, client }) => {
      // Slack gives up after 3 seconds and a Webex lookup can take longer: acknowledge with nothing
      // first, then answer through response_url.
      const started = performance.now();
      await ack();
      observer.slackAcked((performance.now() - started) / 1000);
      await receive({
        // Slack does not retry slash commands today; trigger_id is unique per invocation all the same,
        // and the pipeline's claim keeps "exactly one answer" true should one ever come twice.
        id: `command:${command.trigger_id}`,
        via: 'typed',
        text: commandLine(name, command.text),
        space: spaceOf(command.channel_id),
        replaces: false,
        userId: command.user_id,
        spaceId: command.channel_id,
        event: { client, replyBy: { kind: 'responseUrl', respond } },
      });
    });
  }
}

/**
 * `/participants <meeting>` means `participants <meeting>` to the core. A bare command, or one
 * followed by `help`, asks for help, which the core answers for `help`.
 */
export function commandLine(name: (typeof SLASH_COMMANDS)[number], text: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || /^(?:help|\?)$/i.test(trimmed)) return 'help';
  return `${name.slice(1)} ${trimmed}`;
}
