import type { Logger } from 'pino';
import type { CommandHandler } from '../../commands/handle-command.js';
import type { Deduplicator } from '../deduplicator.js';
import { deliver, type RetryOptions } from './deliver.js';
import type { BotFramework, Destination, IncomingWebexMessage, OutgoingWebexMessage } from './framework.js';
import { withoutBotMention } from './mention.js';
import { DIRECT_MESSAGE_NOTICE, isPrivate, toWebexMessage } from './outgoing.js';

export interface AnswerDeps {
  framework: BotFramework;
  handle: CommandHandler;
  dedupe: Deduplicator;
  logger: Logger;
  retry?: RetryOptions;
  /** Counted as a failed reply (GET /metrics) when Webex refuses one for good. */
  onLost?: () => void;
}

/**
 * One incoming message, one answer: claimed by message id first, so a second delivery of the same
 * message (webhook retried, two instances) does nothing. In a group space whatever concerns a
 * participant goes to the requester directly, and the space only hears that it did.
 */
export function createAnswerer({ framework, handle, dedupe, logger, retry, onLost }: AnswerDeps) {
  return async ({ message, sender, botRoomType }: IncomingWebexMessage): Promise<void> => {
    if (!(await dedupe.claim(`webex:message:${message.id}`))) {
      logger.debug({ messageId: message.id }, 'Webex message already answered');
      return;
    }
    const log = logger.child({ messageId: message.id, roomId: message.roomId });
    const group = (message.roomType ?? botRoomType) === 'group';
    const text = group ? withoutBotMention(message, framework.me()) : message.text;
    const email = sender?.emails[0] ?? message.personEmail;

    const reply = await handle({ platform: 'webex', email }, text);
    const outgoing = toWebexMessage(reply);
    const send = (destination: Destination, what: string, body: OutgoingWebexMessage) =>
      deliver(() => framework.send(destination, body), { logger: log, what, onLost }, retry);

    if (!group || !isPrivate(reply)) {
      await send({ roomId: message.roomId }, 'the reply', outgoing);
      return;
    }
    const sent = await send({ toPersonId: message.personId }, 'the direct reply', outgoing);
    if (sent) await send({ roomId: message.roomId }, 'the notice in the space', { markdown: DIRECT_MESSAGE_NOTICE });
  };
}
