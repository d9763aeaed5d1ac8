import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { isValidSparkSignature } from './signature.js';

export const WEBEX_EVENTS_PATH = '/webex/events';

/** Webhook bodies are a few hundred bytes; anything far larger is not from Webex. */
const MAX_BODY = '64kb';

/**
 * POST /webex/events. The signature is checked on the raw bytes before anything else: a missing or
 * wrong one gets 401 and no work at all. A good one gets 200 at once (Webex wants a quick answer)
 * and the body is processed after.
 */
export function addWebhookRoute(
  app: Express,
  deps: { secret: string; logger: Logger; process: (body: unknown) => Promise<void> },
): void {
  app.post(WEBEX_EVENTS_PATH, express.raw({ type: () => true, limit: MAX_BODY }), (req, res) => {
    const raw: unknown = req.body;
    const body = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
    if (!isValidSparkSignature(body, req.get('x-spark-signature'), deps.secret)) {
      deps.logger.warn({ ip: req.ip }, 'Webex webhook with a missing or wrong X-Spark-Signature refused');
      res.status(401).end();
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      res.status(400).end();
      return;
    }
    res.status(200).end();
    deps.process(parsed).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'Webex webhook could not be processed');
    });
  });
}
