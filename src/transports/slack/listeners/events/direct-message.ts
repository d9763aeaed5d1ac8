import type { App } from '@slack/bolt';
import { stripBotMention } from '../../mention.js';
import type { ListenerDeps } from '../deps.js';

/**
 * `participant …` in the bot's Messages tab (message.im). Only what a person typed counts: edits,
 * joins and other subtypes are not commands, and bot messages (this bot's own included) are never
 * answered, which also keeps two bots from talking to each other forever.
 */
export function register(app: App, { receive }: ListenerDeps): void {
  app.event('message', async ({ event, body, client, context }) => {
    if (event.channel_type !== 'im' || event.subtype !== undefined || event.bot_id !== undefined) return;
    await receive({
      // Slack retries an event it thinks went unanswered (X-Slack-Retry-Num): one answer per event_id.
      id: `event:${body.event_id}`,
      via: 'typed',
      text: stripBotMention(event.text ?? '', context.botUserId),
      space: 'direct',
      replaces: false,
      userId: event.user,
      spaceId: event.channel,
      event: { client, replyBy: { kind: 'message', threadTs: event.thread_ts } },
    });
  });
}
