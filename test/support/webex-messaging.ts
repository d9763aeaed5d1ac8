import { createHmac, randomUUID } from 'node:crypto';
import { startWebexEmulator, webexError, type EmulatorRequest, type WebexEmulator } from './webex-emulator.js';

/**
 * The messaging half of Webex on top of the emulator: people, rooms, memberships, messages and
 * webhooks, as webex-node-bot-framework and its SDK ask for them. Ids are shaped like Webex's own
 * (base64 of `ciscospark://us/<TYPE>/<uuid>`, unpadded), because the SDK decodes them.
 *
 * The SDK fixes its API base URL when it first loads, so one emulator serves every Webex test of
 * the process: `sharedWebexWorld()`.
 */

export const hydraId = (
  type: 'PEOPLE' | 'ROOM' | 'MESSAGE' | 'WEBHOOK' | 'MEMBERSHIP' | 'ATTACHMENT_ACTION',
  uuid: string = randomUUID(),
): string =>
  Buffer.from(`ciscospark://us/${type}/${uuid}`).toString('base64').replace(/=+$/, '');

export interface Person {
  id: string;
  emails: string[];
  displayName: string;
  type: 'person' | 'bot';
  /** The person's time zone, as Get Person Details gives it when their profile has one. */
  timezone?: string;
}

export interface Room {
  id: string;
  type: 'direct' | 'group';
  title: string;
  members: Person[];
}

export interface StoredMessage {
  id: string;
  roomId: string;
  roomType: 'direct' | 'group';
  personId: string;
  personEmail: string;
  text: string;
  html?: string;
  mentionedPeople?: string[];
  created: string;
}

export interface Webhook {
  id: string;
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter?: string;
  secret?: string;
  status: 'active' | 'inactive';
  created: string;
  /** `org` for an org-wide webhook (created with an admin's token), as for meetingParticipants. */
  ownedBy?: 'org';
}

/** A click on a card's Action.Submit, as GET /attachment/actions/{id} gives it. */
export interface AttachmentAction {
  id: string;
  type: 'submit';
  messageId: string;
  personId: string;
  roomId: string;
  inputs: Record<string, unknown>;
  created: string;
}

/** A POST /messages the bot made, as it reached the emulator. */
export interface SentMessage {
  roomId?: string;
  toPersonId?: string;
  toPersonEmail?: string;
  markdown?: string;
  text?: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
  /** A file sent as Webex takes a local one: multipart/form-data. */
  files?: Array<{ name: string; type: string; content: string }>;
}

/** Webex's default page size for GET /webhooks. */
const WEBHOOKS_PER_PAGE = 100;

export const BOT_TOKEN = `${Buffer.from('participant-bot-test-token').toString('base64url')}_PF84_1eb65fdf-9643-417f-9974-ad72cae0e10f`;

export interface WebexWorld {
  emulator: WebexEmulator;
  bot: Person;
  people: Map<string, Person>;
  rooms: Map<string, Room>;
  messages: Map<string, StoredMessage>;
  webhooks: Webhook[];
  sent: SentMessage[];
  /** The id Webex gave each of `sent`, at the same index. */
  sentIds: string[];
  /** Ids of the messages the bot deleted, in order. */
  deleted: string[];
  /** The room the bot's message `messageId` went to (a direct message's 1:1 room included). */
  roomOfSent(messageId: string): Room;
  /** `person` clicks a button of the bot's message `messageId`, whose `data` was `inputs`. */
  click(person: Person, messageId: string, inputs: Record<string, unknown>): AttachmentAction;
  /** The webhook body Webex would deliver for `action` to the bot's attachmentActions webhook. */
  actionWebhookBody(action: AttachmentAction): Record<string, unknown>;
  addPerson(email: string, displayName: string, timezone?: string): Person;
  /** A 1:1 space between the bot and `person`. */
  directRoom(person: Person): Room;
  groupRoom(title: string, members: Person[]): Room;
  /** Stores a message as Webex would on sending it, and returns it. */
  postMessage(from: Person, room: Room, text: string, html?: string): StoredMessage;
  /** The webhook body Webex would deliver for `message` to the bot's firehose webhook. */
  webhookBody(message: StoredMessage): Record<string, unknown>;
  /** The body Webex delivers to the org-wide meetingParticipants webhook for `event`: `data` is the participant's record. */
  participantEventBody(participant: Record<string, unknown>, event: 'joined' | 'left'): Record<string, unknown>;
  /** From now on, listing or creating org-wide webhooks is refused with 403, as for a token without the permission. */
  refuseOrgWebhooks(refuse: boolean): void;
}

let shared: Promise<WebexWorld> | undefined;

export function sharedWebexWorld(): Promise<WebexWorld> {
  shared ??= createWebexWorld();
  return shared;
}

const now = () => new Date().toISOString();

async function createWebexWorld(): Promise<WebexWorld> {
  const emulator = await startWebexEmulator();
  const people = new Map<string, Person>();
  const rooms = new Map<string, Room>();
  const messages = new Map<string, StoredMessage>();
  const webhooks: Webhook[] = [];
  const sent: SentMessage[] = [];
  const sentIds: string[] = [];
  const sentRooms = new Map<string, Room>();
  const deleted: string[] = [];
  const actions = new Map<string, AttachmentAction>();
  const botWebhookIds = new Set<string>();
  let orgWebhooksRefused = false;
  /** Org-wide webhooks are made with the lookup token (an admin's or a service app's), never the bot's. */
  const mayKeep = (request: EmulatorRequest, ownedBy: string | undefined) =>
    ownedBy === 'org' ? request.bearer === emulator.apiToken : authorized(request);
  const bot: Person = { id: hydraId('PEOPLE'), emails: ['participant.bot@webex.bot'], displayName: 'Participant Bot', type: 'bot' };
  people.set(bot.id, bot);

  const authorized = (request: EmulatorRequest) => request.bearer === BOT_TOKEN;
  const ok = (body: unknown) => ({ status: 200, body });
  const membership = (room: Room, person: Person) => ({
    id: hydraId('MEMBERSHIP'),
    roomId: room.id,
    roomType: room.type,
    personId: person.id,
    personEmail: person.emails[0],
    personDisplayName: person.displayName,
    isModerator: false,
    created: now(),
  });

  // The SDK's service catalog (U2C): where WDM (devices), conversations and metrics live. The
  // conversation entry gives activities their cluster, which the SDK needs to build hydra ids.
  const host = new URL(emulator.baseUrl).host;
  const catalog = () =>
    ok({
      serviceLinks: {
        hydra: emulator.baseUrl,
        wdm: `${emulator.baseUrl}/wdm`,
        conversation: `${emulator.baseUrl}/conversation`,
        metrics: `${emulator.baseUrl}/metrics`,
      },
      hostCatalog: { [host]: [{ host, ttl: -1, priority: 5, id: 'urn:TEAM:us-east-2_a:conversation' }] },
      format: 'hostmap',
    });
  emulator.route('GET', '/limited/catalog', catalog);
  emulator.route('GET', '/catalog', catalog);
  // The SDK reports its own metrics; a refusal would be an unhandled rejection in the bot.
  emulator.route('POST', '/metrics/clientmetrics', () => ({ status: 204 }));
  emulator.route('GET', '/people/me', (request) => (authorized(request) ? ok(bot) : webexError(401, request.trackingId)));
  // The SDK batches person lookups: GET /people/?id=a,b&showAllTypes=false
  emulator.route('GET', '/people/', (request) => {
    const ids = (request.query.get('id') ?? '').split(',').filter((id) => id !== '');
    const found = ids.map((id) => people.get(id)).filter((p): p is Person => p !== undefined);
    return ok({ items: found, notFoundIds: ids.filter((id) => !people.has(id)) });
  });
  emulator.route('GET', '/people/:id', (request) => {
    const person = people.get(request.params.id ?? '');
    return person ? ok(person) : webexError(404, request.trackingId);
  });
  emulator.route('GET', '/rooms/:id', (request) => {
    const room = rooms.get(request.params.id ?? '');
    if (!room) return webexError(404, request.trackingId);
    return ok({ id: room.id, type: room.type, title: room.title, isLocked: false, created: now() });
  });
  emulator.route('GET', '/memberships', (request) => {
    const roomId = request.query.get('roomId');
    const personId = request.query.get('personId');
    const items = [...rooms.values()]
      .filter((room) => roomId === null || room.id === roomId)
      .flatMap((room) => room.members.map((person) => membership(room, person)))
      .filter((m) => personId === null || m.personId === personId);
    return ok({ items });
  });
  emulator.route('GET', '/messages/:id', (request) => {
    const message = messages.get(request.params.id ?? '');
    return message ? ok(message) : webexError(404, request.trackingId);
  });
  emulator.route('POST', '/messages', async (request) => {
    if (!authorized(request)) return webexError(401, request.trackingId);
    const body = String(request.headers['content-type']).startsWith('multipart/form-data')
      ? await multipartMessage(request)
      : (request.body as SentMessage);
    const id = hydraId('MESSAGE');
    sent.push(body);
    sentIds.push(id);
    const room = body.roomId !== undefined ? rooms.get(body.roomId) : directRoomOf(body.toPersonId);
    if (room !== undefined) sentRooms.set(id, room);
    // Webex answers with where each file can be fetched, not with the file.
    const files = body.files?.map((file) => `${emulator.baseUrl}/contents/${id}/${encodeURIComponent(file.name)}`);
    return ok({ id, personId: bot.id, created: now(), ...body, ...(files !== undefined ? { files } : {}) });
  });
  // Webex lets a bot delete only its own messages.
  emulator.route('DELETE', '/messages/:id', (request) => {
    if (!authorized(request)) return webexError(401, request.trackingId);
    const id = request.params.id ?? '';
    if (!sentIds.includes(id) || deleted.includes(id)) return webexError(404, request.trackingId);
    deleted.push(id);
    return { status: 204 };
  });
  emulator.route('GET', '/attachment/actions/:id', (request) => {
    if (!authorized(request)) return webexError(401, request.trackingId);
    const action = actions.get(request.params.id ?? '');
    return action ? ok(action) : webexError(404, request.trackingId);
  });
  // Webex pages its lists: `max` per page (100 by default), and a Link header to the next page
  // whose cursor is opaque to the client (here, the offset in base64url). `ownedBy=org` lists the
  // org-wide webhooks; without it, the token's own.
  emulator.route('GET', '/webhooks', (request) => {
    const org = request.query.get('ownedBy') === 'org';
    if (org && orgWebhooksRefused) return webexError(403, request.trackingId);
    const listed = webhooks.filter((w) => (w.ownedBy === 'org') === org);
    const max = Math.max(1, Number(request.query.get('max') ?? WEBHOOKS_PER_PAGE) || WEBHOOKS_PER_PAGE);
    const from = Number(Buffer.from(request.query.get('cursor') ?? '', 'base64url').toString() || 0);
    const page = listed.slice(from, from + max);
    if (from + max >= listed.length) return ok({ items: page });
    const next = new URL(`${emulator.baseUrl}/webhooks`);
    next.searchParams.set('max', String(max));
    if (org) next.searchParams.set('ownedBy', 'org');
    next.searchParams.set('cursor', Buffer.from(String(from + max)).toString('base64url'));
    return { ...ok({ items: page }), headers: { Link: `<${next.href}>; rel="next"` } };
  });
  emulator.route('POST', '/webhooks', (request) => {
    const body = request.body as Omit<Webhook, 'id' | 'status' | 'created'>;
    if (!mayKeep(request, body.ownedBy)) return webexError(401, request.trackingId);
    if (body.ownedBy === 'org' && orgWebhooksRefused) return webexError(403, request.trackingId);
    const webhook: Webhook = { ...body, id: hydraId('WEBHOOK'), status: 'active', created: now() };
    webhooks.push(webhook);
    botWebhookIds.add(webhook.id);
    return ok(webhook);
  });
  // Webex's update takes name, targetUrl, secret and status; resource, event and filter stay.
  emulator.route('PUT', '/webhooks/:id', (request) => {
    const webhook = webhooks.find((w) => w.id === request.params.id);
    if (!mayKeep(request, webhook?.ownedBy)) return webexError(401, request.trackingId);
    if (!webhook) return webexError(404, request.trackingId);
    const body = request.body as Pick<Webhook, 'name' | 'targetUrl' | 'secret' | 'status'>;
    Object.assign(webhook, { name: body.name, targetUrl: body.targetUrl, status: body.status ?? webhook.status });
    if (body.secret !== undefined) webhook.secret = body.secret;
    botWebhookIds.add(webhook.id);
    return ok(webhook);
  });
  emulator.route('DELETE', '/webhooks/:id', (request) => {
    const index = webhooks.findIndex((w) => w.id === request.params.id);
    if (index === -1) return webexError(404, request.trackingId);
    webhooks.splice(index, 1);
    return { status: 204 };
  });

  /** A direct message to a person lands in the 1:1 room of the bot and that person. */
  function directRoomOf(personId: string | undefined): Room | undefined {
    const existing = [...rooms.values()].find((r) => r.type === 'direct' && r.members.some((m) => m.id === personId));
    const person = personId !== undefined ? people.get(personId) : undefined;
    return existing ?? (person !== undefined ? world.directRoom(person) : undefined);
  }

  /** The body Webex delivers to one of the bot's webhooks, for an event about `data`. */
  function deliveryOf(resource: string, data: Record<string, unknown>, actorId: string): Record<string, unknown> {
    const webhook = webhooks.findLast((w) => w.resource === (resource === 'messages' ? 'all' : resource) && botWebhookIds.has(w.id));
    if (!webhook) throw new Error(`the bot has not registered its webhook for ${resource}`);
    return {
      id: webhook.id,
      name: webhook.name,
      targetUrl: webhook.targetUrl,
      resource,
      event: 'created',
      orgId: 'Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8xZWI2NWZkZi05NjQzLTQxN2YtOTk3NC1hZDcyY2FlMGUxMGY',
      createdBy: bot.id,
      appId: 'Y2lzY29zcGFyazovL3VzL0FQUExJQ0FUSU9OL0MyNzljYjMwYzAyOTE4MGJiNGJkYWViYjA2MWI3OTY1Y2RhMzliNjAyOTdjODUwM2YyNjZhYmY2NmM5OTllZjFm',
      ownedBy: 'creator',
      status: 'active',
      created: webhook.created,
      actorId,
      data,
    };
  }

  const world: WebexWorld = {
    emulator,
    bot,
    people,
    rooms,
    messages,
    webhooks,
    sent,
    sentIds,
    deleted,
    roomOfSent(messageId) {
      const room = sentRooms.get(messageId);
      if (!room) throw new Error(`the bot sent no message ${messageId}`);
      return room;
    },
    click(person, messageId, inputs) {
      const action: AttachmentAction = {
        id: hydraId('ATTACHMENT_ACTION'),
        type: 'submit',
        messageId,
        personId: person.id,
        roomId: world.roomOfSent(messageId).id,
        inputs,
        created: now(),
      };
      actions.set(action.id, action);
      return action;
    },
    actionWebhookBody(action) {
      return deliveryOf('attachmentActions', { id: action.id, type: action.type, messageId: action.messageId, personId: action.personId, roomId: action.roomId, created: action.created }, action.personId);
    },
    addPerson(email, displayName, timezone) {
      const person: Person = { id: hydraId('PEOPLE'), emails: [email], displayName, type: 'person', ...(timezone !== undefined ? { timezone } : {}) };
      people.set(person.id, person);
      return person;
    },
    directRoom(person) {
      const room: Room = { id: hydraId('ROOM'), type: 'direct', title: person.displayName, members: [bot, person] };
      rooms.set(room.id, room);
      return room;
    },
    groupRoom(title, members) {
      const room: Room = { id: hydraId('ROOM'), type: 'group', title, members: [bot, ...members] };
      rooms.set(room.id, room);
      return room;
    },
    postMessage(from, room, text, html) {
      const message: StoredMessage = {
        id: hydraId('MESSAGE'),
        roomId: room.id,
        roomType: room.type,
        personId: from.id,
        personEmail: from.emails[0] ?? '',
        text,
        ...(html !== undefined ? { html, mentionedPeople: [bot.id] } : {}),
        created: now(),
      };
      messages.set(message.id, message);
      return message;
    },
    participantEventBody(participant, event) {
      const webhook = webhooks.findLast((w) => w.resource === 'meetingParticipants' && w.event === event && w.ownedBy === 'org');
      if (!webhook) throw new Error(`no org-wide meetingParticipants ${event} webhook is registered`);
      return {
        id: webhook.id,
        name: webhook.name,
        targetUrl: webhook.targetUrl,
        resource: 'meetingParticipants',
        event,
        orgId: 'Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8xZWI2NWZkZi05NjQzLTQxN2YtOTk3NC1hZDcyY2FlMGUxMGY',
        createdBy: hydraId('PEOPLE'),
        appId: 'Y2lzY29zcGFyazovL3VzL0FQUExJQ0FUSU9OL0MyNzljYjMwYzAyOTE4MGJiNGJkYWViYjA2MWI3OTY1Y2RhMzliNjAyOTdjODUwM2YyNjZhYmY2NmM5OTllZjFm',
        ownedBy: 'org',
        status: 'active',
        created: webhook.created,
        actorId: hydraId('PEOPLE'),
        data: participant,
      };
    },
    refuseOrgWebhooks(refuse) {
      orgWebhooksRefused = refuse;
    },
    webhookBody(message) {
      return deliveryOf(
        'messages',
        {
          id: message.id,
          roomId: message.roomId,
          roomType: message.roomType,
          personId: message.personId,
          personEmail: message.personEmail,
          created: message.created,
        },
        message.personId,
      );
    },
  };
  return world;
}

/** A message with a file, as Webex reads a multipart/form-data POST /messages. */
async function multipartMessage(request: EmulatorRequest): Promise<SentMessage> {
  const form = await new Response(request.rawBody, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
  const message: SentMessage = { files: [] };
  for (const [field, value] of form) {
    if (typeof value === 'string') Object.assign(message, { [field]: value });
    else message.files?.push({ name: value.name, type: value.type, content: await value.text() });
  }
  return message;
}

/** X-Spark-Signature as Webex computes it: HMAC-SHA1 of the raw body, hex. */
export function sparkSignature(rawBody: string, secret: string): string {
  return createHmac('sha1', secret).update(rawBody).digest('hex');
}

/** The HTML Webex sends for a message starting with a mention of `person` shown as `shown`. */
export function mentionHtml(person: Person, shown: string, rest: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<p><spark-mention data-object-type="person" data-object-id="${person.id}">${escape(shown)}</spark-mention> ${escape(rest)}</p>`;
}

/** Polls until `check` holds, for state that another process (the emulator's client) changes. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
