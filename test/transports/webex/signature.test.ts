import assert from 'node:assert/strict';
import { isValidSparkSignature } from '../../../src/transports/webex/signature.js';
import { sparkSignature } from '../../support/webex-messaging.js';

describe('isValidSparkSignature', () => {
  const secret = 'webhook-secret';
  // Webex's raw bytes need not be JSON.stringify's: the signature covers exactly what was sent.
  const raw = '{ "resource" : "messages", "data": {"id": "a\\/b"} }';

  it('accepts the HMAC-SHA1 of the raw body, in either case', () => {
    const signature = sparkSignature(raw, secret);
    assert.equal(isValidSparkSignature(Buffer.from(raw), signature, secret), true);
    assert.equal(isValidSparkSignature(Buffer.from(raw), signature.toUpperCase(), secret), true);
  });

  it('refuses a missing, empty, malformed, truncated or differently keyed signature', () => {
    const good = sparkSignature(raw, secret);
    for (const header of [undefined, '', 'not hex at all', good.slice(0, 39), good.slice(0, 38), `${good}00`, sparkSignature(raw, 'other')]) {
      assert.equal(isValidSparkSignature(Buffer.from(raw), header, secret), false, String(header));
    }
  });

  it('refuses a signature of the re-serialised body', () => {
    const reserialised = JSON.stringify(JSON.parse(raw));
    assert.equal(isValidSparkSignature(Buffer.from(raw), sparkSignature(reserialised, secret), secret), false);
  });
});
