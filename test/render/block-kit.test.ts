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
    assert.match(message.text, /^N+\u2026 \(joeDoe@cisco\.com\): Waiting in the lobby · for 40 min, since 09:00 UTC$/);
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

  it('puts the state right under the name, with a marker that stands in for colour, and each device on one line', () => {
    const live = (state: string) =>
      renderBlockKit(participant(viewOf({ state, breakoutSessionId: 'c84ba778-2f46-4dc6-9459-398694732d70' }, true)));
    const second = (state: string) => {
      const block = live(state).blocks[1];
      return block?.type === 'section' ? block.text?.text : undefined;
    };
    assert.equal(second('lobby'), '\u25d0 Waiting in the lobby · for 40 min, since 09:00 UTC');
    assert.equal(second('joined'), '\u25cf In the meeting · for 40 min, since 09:00 UTC');
    assert.equal(second('breakoutSession'), '\u25c6 In a breakout session · Breakout session 1, for 35 min, since 09:05 UTC');
    assert.equal(second('end'), '\u25cb Left the meeting · at 09:30 UTC, after 30 min');
    const texts = slackTexts(live('lobby')).map((t) => t.text);
    assert.ok(
      texts.includes('Webex app on Mac · Phone number: 745273328 · phone audio, called in · 23 Apr 2019 17:31 to 17:32 UTC · 1 min'),
      'one line for the device, the phone number after its name',
    );
  });

  it('opens with a header of the name and keeps every Webex value in plain_text', () => {
    const message = renderBlockKit(participant(viewOf({}, true)));
    assert.deepEqual(message.blocks[0], { type: 'header', text: { type: 'plain_text', text: 'Joe Doe' } });
    assert.equal(visible(message.text), 'Joe Doe (joeDoe@cisco.com): Waiting in the lobby · for 40 min, since 09:00 UTC');
    const mrkdwn = slackTexts(message).slice(1).filter((t) => t.type === 'mrkdwn').map((t) => t.text);
    assert.deepEqual(mrkdwn, ['*1 device*', '*1 breakout session*'], 'only our own headings are mrkdwn');
  });
});
