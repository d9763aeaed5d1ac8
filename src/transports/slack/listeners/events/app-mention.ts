import type { App } from '@slack/bolt';
import { answer } from '../../answer.js';
import { stripBotMention } from '../../mention.js';
import { describeError } from '../../redact.js';
import type { ListenerDeps } from '../deps.js';

/**
 * `@bot participant …` in a channel. The details are for the requester only (CONTRACT.md), so the
 * answer is ephemeral, in the thread when the mention was in one.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    if (event.user === undefined || event.bot_id !== undefined || event.subtype !== undefined) return;
    // A mention in the bot's DM also arrives as message.im, under another event_id; that one answers.
    if (isDirectMessageChannel(event.channel)) return;
    // Slack retries an event it thinks went unanswered (X-Slack-Retry-Num): one answer per event_id.
    if (!(await deps.dedupe.claim(`slack:event:${body.event_id}`))) return;
    const message = await answer(deps, client, event.user, stripBotMention(event.text, context.botUserId));
    try {
      await client.chat.postEphemeral({
        channel: event.channel,
        user: event.user,
        ...(event.thread_ts !== undefined ? { thread_ts: event.thread_ts } : {}),
        ...message,
      });
    } catch (error) {
      deps.logger.error(
        { slackUser: event.user, channel: event.channel, error: describeError(error) },
        'The answer to a mention was lost: chat.postEphemeral failed',
      );
      deps.observer?.replyLost('slack');
    }
  });
}

/** Slack's ids of one-to-one conversations start with D. */
function isDirectMessageChannel(channelId: string): boolean {
  return channelId.startsWith('D');
}
