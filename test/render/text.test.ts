import assert from 'node:assert/strict';
import { MAX_MARKDOWN_BYTES, renderMarkdown, renderPlainText } from '../../src/render/text.js';
import { MARKDOWN_CUT_SHORT, moreBreakoutSessions, moreDevices } from '../../src/replies/messages.js';
import { bigReply } from './big.js';
import { hostileReply } from './hostile.js';
import { participant, viewOf, visible } from './support.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('text renderings', () => {
  it('keeps the markdown within 7,439 bytes with 200 devices, 200 sessions and a 10,000-character name', () => {
    const markdown = renderMarkdown(bigReply());
    assert.ok(bytes(markdown) <= MAX_MARKDOWN_BYTES, `${bytes(markdown)} bytes`);
    assert.ok(markdown.startsWith('**NNNN'), 'starts with the name');
    assert.ok(markdown.includes(moreDevices(190)), 'the devices not listed are counted');
    assert.ok(markdown.includes(moreBreakoutSessions(190)), 'the breakout sessions not listed are counted');
  });

  it('cuts an over-long markdown at a line and says the card has the rest', () => {
    const wide = '😀'.repeat(400);
    const reply = participant(
      viewOf({
        email: wide,
        siteUrl: wide,
        hostEmail: wide,
        devices: Array.from({ length: 10 }, () => ({ deviceType: wide, audioType: wide, callType: wide, phoneNumber: wide })),
        breakoutSessionsAttended: Array.from({ length: 10 }, () => ({ name: wide })),
      }, true),
    );
    const markdown = renderMarkdown(reply);
    assert.ok(bytes(markdown) <= MAX_MARKDOWN_BYTES, `${bytes(markdown)} bytes`);
    assert.ok(markdown.endsWith(`\n\n_${MARKDOWN_CUT_SHORT}_`), 'ends with the notice');
    assert.ok(markdown.startsWith('**Joe Doe**\n\u25d0 **Waiting in the lobby** · for 40 min, since 09:00 UTC\n- **Email:** 😀'));
    assert.doesNotMatch(markdown, /[\ud800-\udbff](?![\udc00-\udfff])/, 'no emoji cut in half');
    assert.equal((markdown.match(/\*\*/g) ?? []).length % 2, 0, 'no bold left open');
  });

  it('keeps the hostile markdown within 7,439 bytes too', () => {
    assert.ok(bytes(renderMarkdown(hostileReply())) <= MAX_MARKDOWN_BYTES);
  });

  it('gives an operator every device in plain text, without markup', () => {
    const plain = renderPlainText(bigReply());
    assert.ok(plain.includes('200 devices'));
    assert.ok(plain.includes('- Device 199 · Phone number: +1 555 0100 199 · computer audio, called in · 09:00 to 09:30 UTC · 30 min'));
    assert.ok(!plain.includes('**') && !plain.includes('\\'));
    const seed = renderPlainText(participant(viewOf()));
    assert.ok(seed.includes('Meeting id: 3a688f62840346e8b87dde2b50703511_I_197977258267247872'), 'ids as they are');
    assert.equal(visible(renderMarkdown(participant(viewOf())).split('\n')[0] ?? ''), '**Joe Doe**');
  });
});
