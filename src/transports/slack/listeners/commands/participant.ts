import type { App } from '@slack/bolt';
import { spaceOf } from '../../event.js';
import type { ListenerDeps } from '../deps.js';

export const COMMAND = '/participant';

/** `/participant <participantId> [<hostEmail>]`, answered privately to whoever typed it. */
export function register(app: App, { receive, observer }: ListenerDeps): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
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
      text: commandLine(command.text),
      space: spaceOf(command.channel_id),
      replaces: false,
      userId: command.user_id,
      spaceId: command.channel_id,
      event: { client, replyBy: { kind: 'responseUrl', respond } },
    });
  });
}

/**
 * The command's name is the verb: `/participant <id>` means `participant <id>` to the core. A bare
 * `/participant` or `/participant help` asks for help, which the core answers for `help`.
 */
export function commandLine(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || /^(?:help|\?)$/i.test(trimmed)) return 'help';
  return `participant ${trimmed}`;
}
