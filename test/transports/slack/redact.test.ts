import assert from 'node:assert/strict';
import { redactTokens } from '../../../src/logger.js';
import { describeError } from '../../../src/transports/slack/redact.js';

describe('redactTokens', () => {
  it('removes bot, user and app tokens from free text', () => {
    const text = 'token=xoxb-123-456-abcDEF and xoxp-9-9 and xapp-1-A0-77-ff end';
    assert.equal(redactTokens(text), 'token=[redacted] and [redacted] and [redacted] end');
  });

  it('leaves text without tokens alone', () => {
    assert.equal(redactTokens('users.info failed: missing_scope'), 'users.info failed: missing_scope');
  });
});

describe('describeError', () => {
  it('keeps name, message and code, without tokens', () => {
    const error = Object.assign(new Error('bad token xoxb-1-2-3'), { code: 'slack_webapi_platform_error' });
    assert.deepEqual(describeError(error), {
      name: 'Error',
      message: 'bad token [redacted]',
      code: 'slack_webapi_platform_error',
    });
  });

  it('describes things thrown that are not errors', () => {
    assert.deepEqual(describeError('xapp-1-2'), { name: 'NonError', message: '[redacted]' });
  });
});
