import type { Logger } from 'pino';
import { z } from 'zod';
import { DEFAULT_RETRY, SendError, type RetryOptions } from '../delivery.js';
import { fetchAgainOnFailure } from './event-fetch.js';
import { webhookName } from './webhook-registration.js';

/**
 * The one typed door to webex-node-bot-framework (2.3.14), which ships no types. Everything the
 * framework hands us is `unknown` here and checked with zod; the rest of the code sees only the
 * types below.
 */

export type RoomType = 'direct' | 'group';

export interface WebexPerson {
  id: string;
  displayName: string;
  emails: string[];
  /** The person's time zone, an IANA name, when their Webex profile has one (Get Person Details). */
  timezone?: string | undefined;
}

export interface WebexMessage {
  id: string;
  roomId: string;
  roomType?: RoomType | undefined;
  personId: string;
  personEmail?: string | undefined;
  text: string;
  html?: string | undefined;
}

/** One message to the bot, as the framework saw it (its own messages are already left out). */
export interface IncomingWebexMessage {
  message: WebexMessage;
  /** The sender, looked up by the framework; undefined when the lookup gave nothing usable. */
  sender: WebexPerson | undefined;
  /** The framework's view of the space, used when the message itself does not say. */
  botRoomType: RoomType | undefined;
}

/**
 * A click on a card's button (an `Action.Submit`), as `GET /attachment/actions/{id}` gives it:
 * `inputs` is the button's `data`, still unchecked.
 */
export interface WebexAttachmentAction {
  id: string;
  messageId: string;
  personId: string;
  roomId: string;
  inputs: Record<string, unknown>;
}

/** One click, as the framework saw it. */
export interface IncomingWebexAction {
  action: WebexAttachmentAction;
  /** The person who clicked, looked up by the framework. */
  sender: WebexPerson | undefined;
  /** The framework's view of the space the card is in. */
  botRoomType: RoomType | undefined;
}

export interface OutgoingWebexMessage {
  markdown: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
}

export type Destination = { roomId: string } | { toPersonId: string } | { toPersonEmail: string };

/** What Webex said when it refused a request, without the request itself (it holds the token). */
export class WebexSendError extends SendError {
  override readonly name = 'WebexSendError';
  constructor(status: number | undefined, trackingId: string | undefined, retryAfterSeconds: number | undefined) {
    super(status, trackingId, retryAfterSeconds);
    this.message = status === undefined ? 'Webex could not be reached' : `Webex answered ${status}`;
  }
}

export interface BotFramework {
  /** The bot's own person, known once `start()` has resolved. */
  me(): WebexPerson;
  start(): Promise<void>;
  stop(): Promise<void>;
  onMessage(listener: (incoming: IncomingWebexMessage) => Promise<void>): void;
  onAttachmentAction(listener: (incoming: IncomingWebexAction) => Promise<void>): void;
  send(destination: Destination, message: OutgoingWebexMessage): Promise<void>;
  /** Deletes one of the bot's own messages. */
  deleteMessage(messageId: string): Promise<void>;
  /** Hands a webhook body whose signature the caller has already checked to the framework. */
  processWebhook(body: unknown): Promise<void>;
  /** Websocket mode: whether the SDK's Mercury socket is open. */
  websocketConnected(): boolean;
}

export interface BotFrameworkOptions {
  token: string;
  apiBaseUrl: string;
  /** Webhook mode: events come through processWebhook(); the webhook itself is the caller's to keep. */
  webhook?: { url: string };
  logger: Logger;
  /** For fetching the message or click an event names: DEFAULT_RETRY. */
  retry?: RetryOptions;
}

const PUBLIC_WEBEX_HOSTS = /(^|\.)(webexapis\.com|ciscospark\.com|webex\.com|wbx2\.com)$/i;

type FrameworkModules = { Framework: unknown; webhookHandler: unknown };
let loaded: { apiBaseUrl: string; modules: FrameworkModules } | undefined;

/**
 * The SDK reads HYDRA_SERVICE_URL (public REST) and U2C_SERVICE_URL (service catalog) once, when
 * it loads, so they are set first and the framework is loaded after, once per process. U2C is
 * only redirected away from Webex's own hosts: Webex serves its catalog elsewhere than the public
 * API, and websocket mode needs it.
 */
async function loadModules(apiBaseUrl: string): Promise<FrameworkModules> {
  if (loaded !== undefined) {
    if (loaded.apiBaseUrl !== apiBaseUrl) {
      throw new Error(
        `The Webex SDK is already loaded for ${loaded.apiBaseUrl}; one process can use only one WEBEX_API_BASE_URL`,
      );
    }
    return loaded.modules;
  }
  process.env.HYDRA_SERVICE_URL = apiBaseUrl;
  if (!PUBLIC_WEBEX_HOSTS.test(new URL(apiBaseUrl).hostname)) process.env.U2C_SERVICE_URL = apiBaseUrl;
  // Specifiers in variables: the package has no types, and these values are checked below.
  const frameworkSpecifier = 'webex-node-bot-framework';
  const webhookSpecifier = 'webex-node-bot-framework/webhook.js';
  const [frameworkModule, webhookModule] = (await Promise.all([import(frameworkSpecifier), import(webhookSpecifier)])) as [
    { default: unknown },
    { default: unknown },
  ];
  const modules = { Framework: frameworkModule.default, webhookHandler: webhookModule.default };
  loaded = { apiBaseUrl, modules };
  return modules;
}

/** The parts of the framework instance this wrapper touches, as the 2.3.14 source has them. */
interface RawFramework {
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): void;
  getWebexSDK(): unknown;
  person: unknown;
  webex: unknown;
}

const personSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().default(''),
  emails: z.array(z.string()).default([]),
  // A time zone that is not a string is dropped, not a reason to ignore the person: times then read in UTC.
  timezone: z.string().optional().catch(undefined),
});

const roomTypeSchema = z.enum(['direct', 'group']).optional().catch(undefined);

const messageSchema = z.object({
  id: z.string().min(1),
  roomId: z.string().min(1),
  roomType: roomTypeSchema,
  personId: z.string().min(1),
  personEmail: z.string().optional(),
  text: z.string().default(''),
  html: z.string().optional(),
});

const triggerSchema = z.object({ message: messageSchema, person: personSchema.optional().catch(undefined) });

const attachmentActionSchema = z.object({
  id: z.string().min(1),
  messageId: z.string().min(1),
  personId: z.string().min(1),
  roomId: z.string().min(1),
  inputs: z.record(z.string(), z.unknown()).catch({}),
});
const actionTriggerSchema = z.object({ attachmentAction: attachmentActionSchema, person: personSchema.optional().catch(undefined) });
const botSchema = z.object({ room: z.object({ type: roomTypeSchema }).optional() }).optional().catch(undefined);

const sdkErrorSchema = z.object({
  statusCode: z.number().optional(),
  headers: z.record(z.string(), z.unknown()).optional(),
  body: z.object({ trackingId: z.string().optional() }).loose().optional().catch(undefined),
});

const isFunction = z.custom<unknown>((v) => typeof v === 'function');
const messagesApiSchema = z.object({ messages: z.object({ create: isFunction, remove: isFunction }) });
type MessagesApi = { messages: { create(message: object): Promise<unknown>; remove(messageId: string): Promise<unknown> } };

const mercurySchema = z.object({
  internal: z.object({
    mercury: z.object({
      connected: z.boolean().optional(),
      disconnect: isFunction,
    }),
  }),
});
type MercuryApi = { internal: { mercury: { disconnect(): Promise<unknown> } } };

export function toSendError(error: unknown): WebexSendError {
  const parsed = sdkErrorSchema.safeParse(error);
  if (!parsed.success) return new WebexSendError(undefined, undefined, undefined);
  const { statusCode, headers, body } = parsed.data;
  const header = (name: string) => {
    const value = headers?.[name];
    return typeof value === 'string' ? value : undefined;
  };
  const retryAfter = Number(header('retry-after'));
  return new WebexSendError(
    statusCode !== undefined && statusCode > 0 ? statusCode : undefined,
    header('trackingid') ?? body?.trackingId,
    Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
  );
}

export async function loadBotFramework(options: BotFrameworkOptions): Promise<BotFramework> {
  const { Framework, webhookHandler } = await loadModules(options.apiBaseUrl);
  if (typeof Framework !== 'function' || typeof webhookHandler !== 'function') {
    throw new Error('webex-node-bot-framework does not have the shape this bot was written for (2.3.x)');
  }
  const framework = new (Framework as new (options: object) => RawFramework)({
    token: options.token,
    // Start-up spawns nothing: bots are made "just in time" when a message arrives in a space.
    maxStartupSpaces: 0,
    messageFormat: 'markdown',
    ...(options.webhook !== undefined
      ? {
          webhookUrl: options.webhook.url,
          // Moot while keepOffWebhooks() holds; should it ever fail, the framework's damage stays
          // with its own webhooks instead of every webhook of the token (the default, true).
          removeWebhooksOnStart: false,
        }
      : {}),
  });
  const me = () => personSchema.parse(framework.person);
  const { webhook } = options;
  adaptEverySdk(framework, [
    ...(webhook !== undefined ? [keepOffWebhooks(() => webhookName(webhook.url, me().emails[0] ?? ''))] : []),
    fetchEventsAgain({ logger: options.logger, retry: options.retry ?? DEFAULT_RETRY, classify: toSendError }),
  ]);
  const handleWebhook = (webhookHandler as (fw: RawFramework) => (req: object) => Promise<unknown>)(framework);

  /** A framework event whose trigger fits `schema`, handed on with the type of its space; anything else is dropped. */
  const hear = <T>(event: string, schema: z.ZodType<T>, listener: (trigger: T, botRoomType: RoomType | undefined) => Promise<void>) => {
    framework.on(event, (bot: unknown, trigger: unknown) => {
      const parsed = schema.safeParse(trigger);
      if (parsed.success) void listener(parsed.data, botSchema.parse(bot)?.room?.type);
    });
  };

  /** The SDK's methods need their own `this`, so the checked object itself is used, not zod's copy. */
  const sdk = (): MessagesApi => {
    const raw = framework.getWebexSDK();
    messagesApiSchema.parse(raw);
    return raw as MessagesApi;
  };

  return {
    me,
    async start() {
      await framework.start();
    },
    async stop() {
      const webex = framework.getWebexSDK();
      await framework.stop();
      // The framework unregisters the device but leaves the Mercury socket open, which would keep
      // the process alive and keep events coming to a stopped bot.
      if (mercurySchema.safeParse(webex).success) await (webex as MercuryApi).internal.mercury.disconnect();
    },
    onMessage: (listener) =>
      hear('message', triggerSchema, ({ message, person }, botRoomType) => listener({ message, sender: person, botRoomType })),
    onAttachmentAction: (listener) =>
      hear('attachmentAction', actionTriggerSchema, ({ attachmentAction, person }, botRoomType) =>
        listener({ action: attachmentAction, sender: person, botRoomType }),
      ),
    async send(destination, message) {
      try {
        await sdk().messages.create({ ...destination, ...message });
      } catch (error) {
        throw toSendError(error);
      }
    },
    async deleteMessage(messageId) {
      try {
        await sdk().messages.remove(messageId);
      } catch (error) {
        throw toSendError(error);
      }
    },
    async processWebhook(body) {
      // No webhookSecret was given to the framework: the caller checked the signature on the raw
      // bytes, which the framework's own check (of JSON.stringify(body)) could not.
      if (options.webhook === undefined) return;
      await handleWebhook({ body, headers: {} });
    },
    websocketConnected() {
      const parsed = mercurySchema.safeParse(framework.getWebexSDK());
      return parsed.success && parsed.data.internal.mercury.connected === true;
    },
  };
}

/**
 * The framework assigns its SDK in start() and stop(); each adaptation is applied to every SDK so
 * assigned, before the framework can call it.
 */
function adaptEverySdk(framework: RawFramework, adaptations: Array<(sdk: object) => void>): void {
  let sdk = framework.webex;
  Object.defineProperty(framework, 'webex', {
    configurable: true,
    enumerable: true,
    get: () => sdk,
    set(value: unknown) {
      if (typeof value === 'object' && value !== null) for (const adapt of adaptations) adapt(value);
      sdk = value;
    },
  });
}

/**
 * In webhook mode the framework deletes and re-creates its webhook on every start() and deletes it
 * on every stop() (2.3.14, framework.js: "Configure webhooks" in start, cleanupListeners), which
 * deafens every other instance on the same URL; without a webhookUrl it opens a websocket instead.
 * It has no mode that only processes the webhooks it is handed, so it runs in webhook mode with
 * the `webhooks` of its SDK replaced by ones that touch nothing: list finds none, remove removes
 * nothing, and create makes nothing and answers with the name of the webhook the bot keeps itself
 * (webhook-registration.ts), which the framework then matches every event against.
 * framework-webhooks.test.ts fails if an upgrade gets past this.
 */
function keepOffWebhooks(name: () => string): (sdk: object) => void {
  const inert = {
    list: async () => ({ items: [] }),
    remove: async () => undefined,
    create: async (description: object) => ({ ...description, name: name() }),
  };
  return (sdk) => {
    if ('webhooks' in sdk) Object.assign(sdk, { webhooks: inert });
  };
}

/** The SDK's fetches of what an event names, which the framework gives up on at the first failure: see event-fetch.ts. */
function fetchEventsAgain(options: Parameters<typeof fetchAgainOnFailure>[1]): (sdk: object) => void {
  return (sdk) => {
    for (const resource of ['messages', 'attachmentActions'] as const) {
      const api: unknown = (sdk as Record<string, unknown>)[resource];
      if (typeof api !== 'object' || api === null || !('get' in api) || typeof api.get !== 'function') continue;
      // The SDK's methods need their own `this`.
      const get = (api.get as (id: string) => Promise<unknown>).bind(api);
      Object.assign(api, { get: fetchAgainOnFailure(get, options) });
    }
  };
}
