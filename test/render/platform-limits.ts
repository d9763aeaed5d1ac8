import assert from 'node:assert/strict';
import { renderAdaptiveCard } from '../../src/render/adaptive-card.js';
import type { SlackMessage } from '../../src/render/block-kit.js';
import type { Reply } from '../../src/replies/reply.js';
import { WEBEX_ELEMENTS, cardProblems, cardTexts, elementTypes, slackTexts } from './support.js';

/** What a Webex client running Adaptive Cards 1.3 would make of the card. */
export function assertWebexReadsIt(name: string, reply: Reply): void {
  const card = renderAdaptiveCard(reply);
  assert.equal(card.version, '1.3', name);
  assert.equal(card.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
  assert.deepEqual(cardProblems(card), [], name);
  for (const type of elementTypes(card.body)) assert.ok(WEBEX_ELEMENTS.has(type), `${type} in ${name}`);
  for (const text of cardTexts(card)) {
    assert.ok(text.trim() !== '', `empty text in ${name}`);
    assert.doesNotMatch(text, /\$\{|undefined|\[object Object\]/, `unfilled binding in ${name}`);
  }
}

/** Slack's documented limits, checked on every block of a message. */
export function assertWithinSlackLimits(message: SlackMessage): void {
  assert.ok(message.blocks.length <= 50, `${message.blocks.length} blocks`);
  assert.ok(message.text.trim().length > 0 && message.text.length <= 3000, 'fallback text');
  for (const block of message.blocks) {
    if (block.type === 'header') assert.ok(block.text.text.length <= 150, 'header');
    if (block.type === 'section') {
      assert.ok(block.text !== undefined || (block.fields?.length ?? 0) > 0, 'section with content');
      assert.ok((block.fields?.length ?? 0) <= 10, 'at most 10 fields');
      for (const field of block.fields ?? []) assert.ok(field.text.length <= 2000, 'field');
    }
    if (block.type === 'context') assert.ok(block.elements.length <= 10, 'at most 10 context elements');
  }
  for (const { text } of slackTexts(message)) assert.ok(text.length >= 1 && text.length <= 3000, 'text object');
}
