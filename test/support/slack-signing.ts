import { createHmac } from 'node:crypto';

/** Signs a request body as Slack does (v0 HMAC-SHA256 of `v0:timestamp:body`). */
export function slackSignatureHeaders(
  signingSecret: string,
  body: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestampSeconds) };
}
