import assert from 'node:assert/strict';
import { createLogger } from '../../../src/logger.js';
import { toSendError, WebexSendError } from '../../../src/transports/webex/framework.js';

const TOKEN = 'bot-token-that-must-stay-secret';

/** What the Webex SDK rejects with when POST /messages is refused: the request, token included, rides along. */
const sdkRefusal = {
  statusCode: 403,
  headers: { trackingid: 'ROUTER_T-403', 'retry-after': '2' },
  body: { message: 'The bot is not in this space', trackingId: 'ROUTER_T-403' },
  options: { method: 'POST', uri: 'https://webexapis.com/v1/messages', headers: { authorization: `Bearer ${TOKEN}` } },
};

describe('a reply Webex refuses', () => {
  it('becomes a send_failed error with Webex\u2019s status and trackingId, and what to do', () => {
    const error = toSendError(sdkRefusal);
    assert.ok(error instanceof WebexSendError);
    assert.equal(error.code, 'send_failed');
    assert.equal(error.message, 'Webex answered 403');
    assert.equal(error.trackingId, 'ROUTER_T-403');
    assert.match(error.hint, /WEBEX_BOT_TOKEN.*still in the space.*trackingId/);
  });

  it('says Webex could not be reached when the SDK gives no status', () => {
    const error = toSendError(new Error('socket hang up'));
    assert.equal(error.code, 'send_failed');
    assert.equal(error.message, 'Webex could not be reached');
  });

  it('is logged under err with its code, status and trackingId, and never the request that carried the token', () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });

    logger.error({ err: toSendError(sdkRefusal) }, 'Webex did not accept the reply');

    const err = lines[0]?.err as Record<string, unknown>;
    assert.equal(err.code, 'send_failed');
    assert.equal(err.status, 403);
    assert.equal(err.trackingId, 'ROUTER_T-403');
    assert.equal(err.hint, new WebexSendError(403, undefined, undefined).hint);
    assert.ok(!JSON.stringify(lines).includes(TOKEN));
  });
});
