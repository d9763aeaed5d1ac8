import type { CommandHandler } from '../../commands/handle-command.js';
import { renderBlockKit, type SlackMessage } from '../../render/block-kit.js';
import type { SlackIdentity, UsersInfoClient } from './identity.js';

export interface AnswerDeps {
  handle: CommandHandler;
  identity: SlackIdentity;
}

/**
 * The one path every Slack listener takes into the core: find who is asking, run the command, and
 * render the reply. A user whose email cannot be found is passed on as unknown; the core answers
 * them plainly.
 */
export async function answer(
  { handle, identity }: AnswerDeps,
  client: UsersInfoClient,
  userId: string,
  text: string,
): Promise<SlackMessage> {
  const email = await identity.emailOf(userId, client);
  const reply = await handle({ platform: 'slack', email }, text);
  return renderBlockKit(reply);
}
