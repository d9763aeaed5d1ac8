import assert from 'node:assert/strict';
import { spaceOf } from '../../../src/transports/webex/index.js';

/**
 * The pipeline answers privately in group spaces (README, "Who sees what"). A space whose type the
 * framework could not tell must count as a group, so that a doubt never makes an answer public.
 */
describe('the kind of a Webex space', () => {
  it('is direct only when the framework says so; a group, or a space it cannot tell, is a group', () => {
    assert.equal(spaceOf('direct'), 'direct');
    assert.equal(spaceOf('group'), 'group');
    assert.equal(spaceOf(undefined), 'group');
  });
});
