import assert from 'node:assert/strict';
import { participantSchema } from '../../src/participants/schema.js';
import { alertReply, watchNote } from '../../src/replies/watch-replies.js';
import type { Reply } from '../../src/replies/reply.js';
import type { Watch } from '../../src/watches/watch.js';
import { seedExampleBody } from '../support/fixtures.js';
import { assertWebexReadsIt, assertWithinSlackLimits } from './platform-limits.js';
import { allShown, renderAll, shown } from './support.js';
import { MAX_MARKDOWN_BYTES } from '../../src/render/text.js';

const PHONE = seedExampleBody.devices[0].phoneNumber;
const watch: Watch = {
  platform: 'webex',
  userId: 'P1',
  email: 'hana.host@example.com',
  participantId: seedExampleBody.id,
  name: 'Joe Doe',
  state: 'lobby',
  createdAt: 0,
  expiresAt: 1,
};
const record = (overrides: object) => participantSchema.parse({ ...seedExampleBody, ...overrides });
const NOW = Date.UTC(2026, 10, 30, 10, 0, 0);

describe('a watch\u2019s alert, in every renderer', () => {
  it('says who, the new state and when, with Details; never the phone number', () => {
    const reply = alertReply(watch, record({ state: 'joined', joinedTime: '2026-11-30T09:58:00Z', breakoutSessionsAttended: [] }), false, NOW);
    const rendered = renderAll(reply);
    for (const text of [shown(rendered).markdown, shown(rendered).plain, shown(rendered).card.join('\n'), shown(rendered).slack.join('\n')]) {
      assert.match(text, /Joe Doe joined the meeting\./);
      assert.match(text, /09:58 UTC/);
      assert.match(text, new RegExp(seedExampleBody.id));
    }
    for (const text of allShown(rendered)) assert.ok(!text.includes(PHONE), 'no phone number');
    assert.deepEqual(rendered.card.actions?.map((a) => a.data), [{ command: `participant ${seedExampleBody.id}` }]);
    const actions = rendered.slack.blocks.find((b) => b.type === 'actions');
    assert.deepEqual(actions?.type === 'actions' && actions.elements.map((e) => (e.type === 'button' ? e.value : undefined)), [`participant ${seedExampleBody.id}`]);
  });

  it('says the watch ended when the participant left for good, and when the state began is unknown, when it was seen', () => {
    const left = renderAll(alertReply(watch, record({ state: 'end', leftTime: '2026-11-30T09:59:00Z' }), true, NOW));
    assert.match(shown(left).plain, /Joe Doe left the meeting\. They left and the meeting is over, so this watch has ended\./);
    const lobby = renderAll(alertReply(watch, record({ state: 'lobby', joinedTime: '1970-01-01T00:00:00.000Z' }), false, NOW));
    assert.match(shown(lobby).plain, /Joe Doe is waiting in the lobby\.\n\nWhen: 10:00 UTC/);
  });

  it('keeps a hostile or huge name inert and within every platform\u2019s limits', () => {
    const replies: Reply[] = [
      alertReply(watch, record({ state: 'breakoutSession', displayName: '<!channel> **x** [a](https://evil.example) @all' }), false, NOW),
      alertReply(watch, record({ state: 'joined', displayName: 'N'.repeat(10_000) }), false, NOW),
      watchNote('One of your watches has ended: you may no longer see that participant.'),
      {
        kind: 'watch',
        text: 'You are watching 20 participants.',
        facts: Array.from({ length: 20 }, (_, i) => ({ label: `Person ${i}`, value: `In the meeting \u00b7 ${seedExampleBody.id}` })),
        buttons: [],
      },
    ];
    for (const reply of replies) {
      assertWebexReadsIt('watch', reply);
      const rendered = renderAll(reply);
      assertWithinSlackLimits(rendered.slack);
      assert.ok(Buffer.byteLength(rendered.markdown) <= MAX_MARKDOWN_BYTES);
    }
    const hostile = renderAll(replies[0] as Reply);
    assert.ok(!hostile.slack.text.includes('<!channel>'));
    assert.ok(!hostile.markdown.includes('[a](https'));
    const list = shown(renderAll(replies[3] as Reply));
    assert.ok(list.slack.some((t) => t.includes('Person 19')), 'every watch listed in Slack');
    assert.ok(list.card.some((t) => t.includes('Person 19')), 'every watch listed in the card');
  });
});
