import { renderAdaptiveCard } from '../../render/adaptive-card.js';
import { renderMarkdown } from '../../render/text.js';
import type { Reply } from '../../replies/reply.js';
import type { OutgoingWebexMessage } from './framework.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export const DIRECT_MESSAGE_NOTICE = 'I sent you the details in a direct message.';

/**
 * A participant, a roster, the help and a watch's message with buttons (an alert's Details) come as
 * a card with its markdown fallback; the rest as short text.
 */
export function toWebexMessage(reply: Reply): OutgoingWebexMessage {
  const markdown = renderMarkdown(reply);
  const card = reply.kind === 'participant' || reply.kind === 'roster' || reply.kind === 'help' || (reply.kind === 'watch' && reply.buttons.length > 0);
  if (!card) return { markdown };
  return { markdown, attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: renderAdaptiveCard(reply) }] };
}
