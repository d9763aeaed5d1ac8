import type { Logger } from 'pino';
import { z } from 'zod';
import { BotError } from '../../errors.js';
import { nextLink } from '../../participants/link-header.js';

/**
 * The bot's webhooks, kept by the bot itself rather than by the framework: several instances
 * share one WEBEX_WEBHOOK_URL behind a load balancer, so no instance may delete the webhook when it
 * stops, and none may delete it before re-creating it when it starts (Webex would drop every event
 * in between). Start-up makes the webhook right in place, and so does each periodic check after
 * (WEBEX_WEBHOOK_CHECK_SECONDS); stop leaves it alone.
 */

export interface WebhookRegistrationOptions {
  apiBaseUrl: string;
  token: string;
  targetUrl: string;
  secret: string;
  /** Identifies the webhooks that are ours: see webhookName(). */
  name: string;
  /** How long each request to Webex may take. */
  timeoutMs: number;
  logger: Logger;
  /** The webhooks to keep: the bot's own (BOT_WEBHOOKS) unless told otherwise. */
  kinds?: ReadonlyArray<{ resource: string; event: string }>;
  /** `org`: org-wide webhooks (README, "Watches"), listed and created as such. */
  ownedBy?: 'org';
}

/**
 * webex-node-bot-framework's naming (2.3.14: base64 of the URL's host and the bot's email), kept so
 * that the webhooks earlier versions of the bot registered are recognised as ours. A deployment on
 * another host with the same token has another name, and so keeps its own webhook.
 */
export function webhookName(targetUrl: string, botEmail: string): string {
  return Buffer.from(`${targetUrl.split('/')[2] ?? ''} ${botEmail}`).toString('base64');
}

const webhookSchema = z.object({
  id: z.string().min(1),
  name: z.string().default(''),
  targetUrl: z.string().default(''),
  resource: z.string().default(''),
  event: z.string().default(''),
  filter: z.string().optional(),
  secret: z.string().optional(),
  status: z.string().default('active'),
  created: z.string().default(''),
});
type ListedWebhook = z.infer<typeof webhookSchema>;

/**
 * A bot Webex cannot reach fails loudly at start-up instead of running deaf. The request is not
 * repeated in the message (it holds the token): what Webex answered, or the cause, says enough.
 */
export class WebhookRegistrationError extends BotError {
  override readonly name = 'WebhookRegistrationError';
  /** Webex's status, when it answered: a 403 is a token without the permission, not an outage. */
  status?: number;
  constructor(detail: string, options?: ErrorOptions) {
    super('webhook_registration_failed', `Webex did not register the webhook for WEBEX_WEBHOOK_URL: ${detail}`, options);
  }
}

/** What the bot hears: the firehose (messages, among others), and clicks on its cards, which the firehose leaves out. */
const BOT_WEBHOOKS: ReadonlyArray<{ resource: string; event: string }> = [
  { resource: 'all', event: 'all' },
  { resource: 'attachmentActions', event: 'created' },
];

/** What watches hear, org-wide (README, "Watches"): a participant joining and leaving, with their record. */
export const PARTICIPANT_WEBHOOKS: ReadonlyArray<{ resource: string; event: string }> = [
  { resource: 'meetingParticipants', event: 'joined' },
  { resource: 'meetingParticipants', event: 'left' },
];

/**
 * What a check found: every webhook of ours already active and pointing at us, or one that had to
 * be created or reactivated (meanwhile Webex delivered nothing through it).
 */
export type WebhookCheck = 'intact' | 'repaired';

/**
 * Makes sure Webex has exactly one webhook of ours for each of `kinds` (BOT_WEBHOOKS), active, pointing at
 * `targetUrl` and signed with `secret`, without a moment where it has none: the oldest of ours is
 * kept (updated when it differs), one is created only when there is none, and further ones are
 * deleted after. Webhooks of other names, resources or filters are never touched. Every failure is
 * a WebhookRegistrationError.
 */
export async function ensureWebhooks(options: WebhookRegistrationOptions): Promise<WebhookCheck> {
  try {
    return await reconcile(options);
  } catch (error) {
    if (error instanceof WebhookRegistrationError) throw error;
    throw new WebhookRegistrationError('Webex could not be reached, or its answer could not be read', { cause: error });
  }
}

async function reconcile(options: WebhookRegistrationOptions): Promise<WebhookCheck> {
  const request = requester(options);
  const org = options.ownedBy !== undefined ? `&ownedBy=${options.ownedBy}` : '';
  const listed = await listWebhooks(request, org);
  let found: WebhookCheck = 'intact';
  for (const kind of options.kinds ?? BOT_WEBHOOKS) {
    if (!(await ensureOne(options, request, kind, listed.filter((w) => isOurs(w, options.name, kind))))) found = 'repaired';
  }
  return found;
}

const webhookPageSchema = z.object({ items: z.array(webhookSchema) });

/**
 * Every webhook of the token, page by page as Webex links them (`Link: <…>; rel="next"`): a token
 * with more webhooks than one page holds still finds its own, wherever they are. `filter`: more
 * query for the first page (`&ownedBy=org`); the next pages' links carry it on.
 */
async function listWebhooks(request: Requester, filter = ''): Promise<ListedWebhook[]> {
  const webhooks: ListedWebhook[] = [];
  const seen = new Set<string>();
  for (let page: string | undefined = `webhooks?max=${PAGE_SIZE}${filter}`; page !== undefined; ) {
    // A server that links back to a page already read would otherwise keep this loop going forever.
    if (seen.has(page)) throw new WebhookRegistrationError('Webex linked back to a page of webhooks already read');
    seen.add(page);
    const { body, headers } = await request('GET', page);
    webhooks.push(...webhookPageSchema.parse(body).items);
    page = nextLink(headers.get('link'));
  }
  return webhooks;
}

/** Resolves whether the webhook was delivering to us already: there, active, and pointing here. */
async function ensureOne(
  options: WebhookRegistrationOptions,
  request: Requester,
  kind: { resource: string; event: string },
  ours: ListedWebhook[],
): Promise<boolean> {
  const { logger } = options;
  const [kept, ...duplicates] = ours.sort(oldestFirst);
  const wanted = { name: options.name, targetUrl: options.targetUrl, secret: options.secret };
  if (kept === undefined) {
    const ownedBy = options.ownedBy !== undefined ? { ownedBy: options.ownedBy } : {};
    const created = webhookSchema.parse((await request('POST', 'webhooks', { ...wanted, ...kind, ...ownedBy })).body);
    logger.info({ webhookId: created.id, resource: kind.resource }, 'Webex webhook created');
  } else if (kept.targetUrl !== options.targetUrl || kept.secret !== options.secret || kept.status !== 'active') {
    // Webex may leave the secret out of the list; then this is a harmless update on every start.
    await request('PUT', `webhooks/${encodeURIComponent(kept.id)}`, { ...wanted, status: 'active' });
    logger.info({ webhookId: kept.id, resource: kind.resource }, 'Webex webhook updated');
  } else {
    // Every periodic check ends here when all is well: not worth a line at info.
    logger.debug({ webhookId: kept.id, resource: kind.resource }, 'Webex webhook kept');
  }

  for (const duplicate of duplicates) {
    // Another instance starting at the same moment may have deleted it already: 404 is fine.
    await request('DELETE', `webhooks/${encodeURIComponent(duplicate.id)}`, undefined, [404]);
    logger.warn({ webhookId: duplicate.id, resource: kind.resource }, 'Duplicate Webex webhook deleted');
  }
  // Not the secret: Webex may leave it out of the list, and the update above sets it anyway.
  return kept !== undefined && kept.status === 'active' && kept.targetUrl === options.targetUrl;
}

/**
 * Ours: our name, this kind, no filter. Earlier versions let the framework create the
 * attachmentActions webhook under the same name; it counts as ours and is kept.
 */
function isOurs(webhook: ListedWebhook, name: string, kind: { resource: string; event: string }): boolean {
  return webhook.name === name && webhook.resource === kind.resource && webhook.event === kind.event && webhook.filter === undefined;
}

/** Every instance picks the same one to keep, so that concurrent start-ups do not delete each other's. */
function oldestFirst(a: ListedWebhook, b: ListedWebhook): number {
  return a.created.localeCompare(b.created) || a.id.localeCompare(b.id);
}

/** Webex's largest page of webhooks. */
const PAGE_SIZE = 100;

type Requester = (method: string, path: string, body?: object, tolerated?: number[]) => Promise<{ body: unknown; headers: Headers }>;

function requester(options: WebhookRegistrationOptions): Requester {
  const base = options.apiBaseUrl.endsWith('/') ? options.apiBaseUrl : `${options.apiBaseUrl}/`;
  return async (method, path, body, tolerated = []) => {
    const url = new URL(path, base);
    // A next-page link comes from the answer: the bot token goes nowhere but to the API's own host.
    if (url.origin !== new URL(base).origin) throw new WebhookRegistrationError(`Webex linked to another host (${url.origin})`);
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok && !tolerated.includes(response.status)) {
      const trackingId = response.headers.get('trackingid');
      const refused = new WebhookRegistrationError(
        `Webex answered ${response.status} to ${method} /webhooks${trackingId !== null ? ` (trackingid ${trackingId})` : ''}`,
      );
      refused.status = response.status;
      throw refused;
    }
    const text = await response.text();
    return { body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
  };
}
