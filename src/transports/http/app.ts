import express, { type Express } from 'express';
import type { Registry } from 'prom-client';

export interface HttpAppDeps {
  /** True when every configured platform is connected and the bot can serve. */
  isReady: () => boolean;
  /** Served as Prometheus text on GET /metrics. */
  metrics?: Registry;
}

/**
 * The one HTTP server (README, "HTTP"). Transports add their own routes to it (`/webex/events`,
 * `/slack/events`, the playground); this module owns what every deployment has.
 */
export function createHttpApp({ isReady, metrics }: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    const ready = isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'starting' });
  });
  if (metrics !== undefined) {
    app.get('/metrics', async (_req, res) => {
      res.type(metrics.contentType).send(await metrics.metrics());
    });
  }
  return app;
}
