import assert from 'node:assert/strict';
import { parseRetryAfter } from '../../src/participants/retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');

  it('reads whole seconds and HTTP dates, never negative', () => {
    assert.equal(parseRetryAfter('120', now), 120);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 12:00:30 GMT', now), 30);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now), 0);
  });

  it('leaves absent and unreadable values to the caller default', () => {
    for (const value of [null, undefined, '', 'soon', '1.5', '-3']) {
      assert.equal(parseRetryAfter(value, now), undefined, String(value));
    }
  });
});
