import assert from 'node:assert/strict';
import { renderBlockKit } from '../../src/render/block-kit.js';
import { moreBreakoutSessions, moreDevices } from '../../src/replies/messages.js';
import type { Reply } from '../../src/replies/reply.js';
import { bigReply } from './big.js';
import { hostileReply } from './hostile.js';
import { assertWithinSlackLimits } from './platform-limits.js';
import { SEED_ID, participant, slackTexts, viewOf, visible } from './support.js';
import { usageOf } from '../../src/replies/messages.js';

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
