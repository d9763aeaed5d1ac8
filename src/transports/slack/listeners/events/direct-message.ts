import type { App } from '@slack/bolt';
import { answer } from '../../answer.js';
import { stripBotMention } from '../../mention.js';
import type { ListenerDeps } from '../deps.js';
import { sendOrReportLost } from '../report-lost.js';

/**
 * `participant …` in the bot's Messages tab (message.im). Only what a person typed counts: edits,
 * joins and other subtypes are not commands, and bot messages (this bot's own included) are never
 * answered, which also keeps two bots from talking to each other forever.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.event('message', async ({ event, body, client, context }) => {
    if (event.channel_type !== 'im' || event.subtype !== undefined || event.bot_id !== undefined) return;
    // Slack retries an event it thinks went unanswered (X-Slack-Retry-Num): one answer per event_id.
    if (!(await deps.dedupe.claim(`slack:event:${body.event_id}`))) return;
    const text = stripBotMention(event.text ?? '', context.botUserId);
    const message = await answer(deps, client, event.user, text);
    await sendOrReportLost(
      deps,
      { slackUser: event.user, channel: event.channel },
      'The answer to a direct message was lost: chat.postMessage failed',
      () =>
        client.chat.postMessage({
          channel: event.channel,
          ...(event.thread_ts !== undefined ? { thread_ts: event.thread_ts } : {}),
          ...message,
        }),
    );
  });
}
