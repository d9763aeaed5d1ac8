import assert from 'node:assert/strict';
import { renderBlockKit, type SlackMessage } from '../../src/render/block-kit.js';
import { moreBreakoutSessions, moreDevices } from '../../src/replies/messages.js';
import type { Reply } from '../../src/replies/reply.js';
import { bigReply } from './big.js';
import { hostileReply } from './hostile.js';
import { SEED_ID, participant, slackTexts, viewOf, visible } from './support.js';
import { usageOf } from '../../src/replies/messages.js';

/** Slack's documented limits, checked on every block of a message. */
function assertWithinSlackLimits(message: SlackMessage): void {
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

describe('Block Kit', () => {
  it('holds Slack limits with 200 devices, 200 breakout sessions and a 10,000-character name', () => {
    const message = renderBlockKit(bigReply());
    assertWithinSlackLimits(message);
    const texts = slackTexts(message).map((t) => t.text);
    assert.ok(texts.includes(moreDevices(190)), 'the devices not listed are counted');
    assert.ok(texts.includes(moreBreakoutSessions(190)), 'the breakout sessions not listed are counted');
    assert.match(message.text, /^N+\u2026 \(joeDoe@cisco\.com\): Waiting in the lobby$/);
  });

  it('holds Slack limits for hostile values and for every other kind of reply', () => {
    const replies: Reply[] = [
      hostileReply(),
      { kind: 'notFound', subject: { participantId: SEED_ID } },
      { kind: 'help' },
      { kind: 'usage', problem: 'I did not understand that.', usage: usageOf() },
      { kind: 'error', error: { code: 'rejected', trackingId: 'ROUTER_1' } },
    ];
    for (const reply of replies) assertWithinSlackLimits(renderBlockKit(reply));
  });

  it('opens with a header of the name and keeps every Webex value in plain_text', () => {
    const message = renderBlockKit(participant(viewOf({}, true)));
    assert.deepEqual(message.blocks[0], { type: 'header', text: { type: 'plain_text', text: 'Joe Doe' } });
    assert.equal(visible(message.text), 'Joe Doe (joeDoe@cisco.com): Waiting in the lobby');
    const mrkdwn = slackTexts(message).slice(1).filter((t) => t.type === 'mrkdwn').map((t) => t.text);
    assert.deepEqual(mrkdwn, ['*Device 1 of 1*', '*Breakout session 1 of 1*'], 'only our own headings are mrkdwn');
  });
});
