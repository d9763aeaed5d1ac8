import assert from 'node:assert/strict';
import { escapeWebexMarkdown } from '../../src/render/escape.js';
import { clip, clipEscaped, firstListed, MAX_LISTED } from '../../src/render/limits.js';

describe('limits', () => {
  it('clips with an ellipsis and never splits an emoji in half', () => {
    assert.equal(clip('short', 10), 'short');
    assert.equal(clip('abcdef', 4), 'abc\u2026');
    const cut = clip('a😀😀😀', 4);
    assert.ok(cut.length <= 4);
    assert.equal(cut, 'a😀\u2026');
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut), 'no lone high surrogate');
  });

  it('fits escaped text in its limit without cutting an escape in half', () => {
    const out = clipEscaped('*'.repeat(100), 51, escapeWebexMarkdown);
    assert.ok(out.length <= 51);
    assert.match(out, /^(\\\*)+\u2026$/);
  });

  it(`lists the first ${MAX_LISTED} items and counts the rest`, () => {
    const { listed, notListed } = firstListed(Array.from({ length: 25 }, (_, i) => i));
    assert.deepEqual(listed, Array.from({ length: MAX_LISTED }, (_, i) => i));
    assert.equal(notListed, 25 - MAX_LISTED);
  });
});
