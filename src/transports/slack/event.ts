import type { App, RespondFn } from '@slack/bolt';

/** What the Slack side keeps of an event until it is answered. */
export interface SlackEvent {
  /** The listener's own Web API client. */
  client: App['client'];
  /** How Slack expects this event to be answered. */
  replyBy: ReplyBy;
}

export type ReplyBy =
  /** Slash commands and clicks: their response_url, ephemerally (chat.postEphemeral if it refuses). */
  | { kind: 'responseUrl'; respond: RespondFn }
  /** A mention in a channel: an ephemeral message, in the thread when the mention was in one. */
  | { kind: 'ephemeral'; threadTs: string | undefined }
  /** A direct message: a message in the DM. */
  | { kind: 'message'; threadTs: string | undefined };

/** Slack's ids of one-to-one conversations start with D. */
export function spaceOf(channelId: string): 'direct' | 'group' {
  return channelId.startsWith('D') ? 'direct' : 'group';
}
