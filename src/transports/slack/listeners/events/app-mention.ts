import type { App } from '@slack/bolt';
import { answer } from '../../answer.js';
import { stripBotMention } from '../../mention.js';
import type { ListenerDeps } from '../deps.js';
import { sendOrReportLost } from '../report-lost.js';

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
    const user = event.user;
    await sendOrReportLost(
      deps,
      { slackUser: user, channel: event.channel },
      'The answer to a mention was lost: chat.postEphemeral failed',
      () =>
        client.chat.postEphemeral({
          channel: event.channel,
          user,
          ...(event.thread_ts !== undefined ? { thread_ts: event.thread_ts } : {}),
          ...message,
        }),
    );
  });
}

/** Slack's ids of one-to-one conversations start with D. */
function isDirectMessageChannel(channelId: string): boolean {
  return channelId.startsWith('D');
}
