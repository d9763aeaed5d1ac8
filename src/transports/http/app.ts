import express, { type Express } from 'express';

export interface HttpAppDeps {
  /** True when every configured platform is connected and the bot can serve. */
  isReady: () => boolean;
}

/**
 * The one HTTP server of the contract. Transports add their own routes to it (`/webex/events`,
 * `/slack/events`, the playground); this module owns what every deployment has.
 */
export function createHttpApp({ isReady }: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    const ready = isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'starting' });
  });
  return app;
}
