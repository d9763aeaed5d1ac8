import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webex signs each webhook with HMAC-SHA1 of the raw body, keyed with the webhook's secret, and
 * sends the hex digest in X-Spark-Signature. The comparison takes the same time whatever the
 * header holds, so a forger learns nothing from how fast a guess is refused.
 */
export function isValidSparkSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (header === undefined) return false;
  const expected = createHmac('sha1', secret).update(rawBody).digest();
  const given = /^[0-9a-f]{40}$/i.test(header.trim()) ? Buffer.from(header.trim(), 'hex') : Buffer.alloc(0);
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time the same.
  return given.length === expected.length ? timingSafeEqual(given, expected) : !timingSafeEqual(expected, expected);
}
