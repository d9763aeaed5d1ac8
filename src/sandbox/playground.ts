import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { MAX_COMMAND_LENGTH } from '../commands/parse.js';
import { packageRoot } from '../package-root.js';
import { renderAdaptiveCard } from '../render/adaptive-card.js';
import { renderBlockKit } from '../render/block-kit.js';
import { renderMarkdown } from '../render/text.js';
import type { CoreServices } from '../services.js';
import type { LookupTokens } from '../tokens/lookup-tokens.js';
import { meetingLabel } from '../replies/messages.js';
import { SAMPLE_MEETINGS, SAMPLE_PEOPLE, SAMPLE_TIME_ZONES, SAMPLES } from './samples.js';
import { PLAYGROUND, type PlaygroundAlerts } from './playground-alerts.js';

/**
 * The playground: a page where one picks a sample person and their time zone, types a command, and
 * sees the reply as the Webex card, the Slack message and the text fallback. It calls `core.handle` like the chat
 * platforms do, so what it shows is what Webex and Slack would get; its buttons work, run as the
 * person chosen.
 */

const emails = SAMPLE_PEOPLE.map((person) => person.email) as [string, ...string[]];

const askSchema = z.object({
  as: z.enum(emails),
  text: z.string().max(MAX_COMMAND_LENGTH),
  /** A button on the drawn card or message: the command typed for the person chosen. */
  via: z.enum(['typed', 'button']).default('typed'),
  /**
   * The time zone chosen for that person, as their chat profile would give it: any text, since a
   * profile may hold a name that is not a zone (the reply then reads in UTC); empty for none.
   */
  timeZone: z.string().max(100).default(''),
});

/** Said for any bad body; it repeats nothing from the request. */
const BAD_REQUEST = `Choose one of the sample people and type at most ${MAX_COMMAND_LENGTH} characters.`;

/**
 * Scripts only from this server (the page has no inline script), so even markup that slipped into
 * a rendered card could not run. Styles may be inline: the Adaptive Cards renderer sets them.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function mountPlayground(app: Express, core: CoreServices, tokens: LookupTokens, alerts: PlaygroundAlerts, logger: Logger): void {
  const publicDir = publicDirectory();
  // The limiter panel: its queue and pause, and the lookup token's age and renewals (never the token).
  const limiterState = async () => {
    const { ageMs, renewals } = tokens.renewalState();
    return { ...(await core.participants.stats()), token: { ...(ageMs !== undefined ? { ageSeconds: Math.floor(ageMs / 1000) } : {}), renewals } };
  };
  const adaptiveCardsScript = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js');

  const secure = (res: Response) => {
    res.set({ 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' });
  };

  app.get('/', (_req, res) => {
    secure(res);
    res.sendFile(path.join(publicDir, 'index.html'));
  });
  app.use('/playground/assets', express.static(publicDir, { index: false, setHeaders: secure }));
  app.get('/playground/vendor/adaptivecards.min.js', (_req, res) => {
    secure(res);
    res.sendFile(adaptiveCardsScript);
  });

  app.get('/playground/samples', (_req, res) => {
    res.json({
      people: SAMPLE_PEOPLE.map(({ email, label, timeZone }) => ({ email, label, timeZone })),
      timeZones: SAMPLE_TIME_ZONES,
      samples: SAMPLES,
      // One command per meeting number: a series' earlier instance shares the number of the one in progress.
      meetings: SAMPLE_MEETINGS.filter((m, i) => SAMPLE_MEETINGS.findIndex((other) => other.meetingNumber === m.meetingNumber) === i).map((m) => ({
        label: `${m.title} (${m.state === 'inProgress' ? 'in progress' : 'ended'}, ${m.participants.length} people)`,
        command: `participants ${meetingLabel({ meetingNumber: m.meetingNumber })}`,
      })),
    });
  });

  // A watch's alerts to the sample person chosen (README, "The sandbox and the playground").
  app.get('/playground/alerts', (req, res) => {
    const as = askSchema.shape.as.safeParse(req.query.as);
    res.json({ alerts: as.success ? alerts.of(as.data) : [] });
  });

  app.get('/playground/limiter', async (_req, res) => {
    res.json(await limiterState());
  });

  // JSON parsing on this route alone: a global body parser would consume the raw body that the
  // Slack and Webex signature checks need.
  app.post('/playground/ask', express.json({ limit: '16kb' }), async (req, res) => {
    const parsed = askSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: BAD_REQUEST });
      return;
    }
    try {
      const { as: email, text, via, timeZone } = parsed.data;
      // The sample person is the playground's user: a watch's alerts come back for them.
      const reply = await core.handle({ platform: PLAYGROUND, email, via, userId: email, ...(timeZone !== '' ? { timeZone } : {}) }, text);
      const slack = renderBlockKit(reply);
      res.json({
        card: renderAdaptiveCard(reply),
        blocks: slack.blocks,
        text: slack.text,
        markdown: renderMarkdown(reply),
        // The attendance CSV, shown as the file the chat platform would get.
        ...(reply.kind === 'file' ? { file: reply.file } : {}),
        limiter: await limiterState(),
      });
    } catch (e) {
      logger.error({ err: e }, 'The playground could not answer');
      res.status(500).json({ error: 'Something went wrong; the details are in the bot log.' });
    }
  });
  app.use('/playground/ask', badBody);
}

/**
 * Bodies that are not JSON, or too large, fail in `express.json()`. Express's own error page would
 * show a stack trace outside production; this says only what to do.
 */
const badBody: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const status = (error as { status?: unknown }).status;
  res.status(typeof status === 'number' && status >= 400 && status < 500 ? status : 400).json({ error: BAD_REQUEST });
};

/**
 * The page's files are not TypeScript, so `tsc` does not copy them to `dist/`; rather than a copy
 * step, tsx and the build both serve the one copy under the package root.
 */
function publicDirectory(): string {
  return path.join(packageRoot(), 'src', 'sandbox', 'public');
}
