import type { App, BlockButtonAction } from '@slack/bolt';
import { COMMAND_ACTION_PREFIX, REFRESH_ACTION_ID } from '../../../../render/block-kit.js';
import { spaceOf } from '../../event.js';
import type { ListenerDeps } from '../deps.js';

const COMMAND_ACTION = new RegExp(`^${COMMAND_ACTION_PREFIX}`);

/**
 * A click on one of the bot's buttons (README, "Buttons"): `value` is the command line, run as the
 * person who clicked. Acknowledged at once (Slack gives up after 3 seconds), answered through the
 * click's response_url: in place of the message for Refresh, else as a new ephemeral message.
 */
export function register(app: App, { receive, observer }: ListenerDeps): void {
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: COMMAND_ACTION }, async ({ action, body, ack, respond, client }) => {
    const started = performance.now();
    await ack();
    observer.slackAcked((performance.now() - started) / 1000);
    const channel = body.channel?.id ?? body.container.channel_id ?? '';
    await receive({
      // One click, one trigger_id; the claim makes a redelivered one a no-op.
      id: `action:${body.trigger_id}`,
      via: 'button',
      text: action.value ?? '',
      space: spaceOf(channel),
      replaces: action.action_id === REFRESH_ACTION_ID,
      userId: body.user.id,
      spaceId: channel,
      event: { client, replyBy: { kind: 'responseUrl', respond } },
    });
  });
}
