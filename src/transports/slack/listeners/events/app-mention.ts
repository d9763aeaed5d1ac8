import type { App } from '@slack/bolt';
import { spaceOf } from '../../event.js';
import { stripBotMention } from '../../mention.js';
import type { ListenerDeps } from '../deps.js';

/** `@bot participant …` in a channel, answered with an ephemeral message (in the thread when there is one). */
export function register(app: App, { receive }: ListenerDeps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    if (event.user === undefined || event.bot_id !== undefined || event.subtype !== undefined) return;
    // A mention in the bot's DM also arrives as message.im, under another event_id; that one answers.
    if (spaceOf(event.channel) === 'direct') return;
    await receive({
      // Slack retries an event it thinks went unanswered (X-Slack-Retry-Num): one answer per event_id.
      id: `event:${body.event_id}`,
      via: 'typed',
      text: stripBotMention(event.text, context.botUserId),
      space: 'group',
      replaces: false,
      userId: event.user,
      spaceId: event.channel,
      event: { client, replyBy: { kind: 'ephemeral', threadTs: event.thread_ts } },
    });
  });
}
