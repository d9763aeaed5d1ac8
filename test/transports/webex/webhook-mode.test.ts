import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logger.js';
import { createCoreServices, type CoreServices } from '../../../src/services.js';
import { MemoryDeduplicator } from '../../../src/transports/deduplicator.js';
import { createHttpApp } from '../../../src/transports/http/app.js';
import type { RunningPlatform } from '../../../src/transports/pipeline.js';
import { startWebexOnPipeline } from '../../support/attach.js';
import { toWebexMessage } from '../../../src/transports/webex/outgoing.js';
import { seedExampleBody } from '../../support/fixtures.js';
import {
  BOT_TOKEN,
  eventually,
  mentionHtml,
  sharedWebexWorld,
  sparkSignature,
  type AttachmentAction,
  type Person,
  type StoredMessage,
  type Webhook,
  type WebexWorld,
} from '../../support/webex-messaging.js';
import { usageOf } from '../../../src/replies/messages.js';

const SECRET = 'a-long-random-webhook-secret';
const BOT_URL = 'https://bot.example.com/webex/events';
const STALE_ID = 'Y2lzY29zcGFyazovL3VzL1dFQkhPT0svc3RhbGU';
const CARD = 'application/vnd.microsoft.card.adaptive';
const PHONE = seedExampleBody.devices[0].phoneNumber;
const HOST = 'jane.host@example.com';
const PARTICIPANT_ID = '560d7b784f5143e3be2fc3064a5c4999_3c2e2338-e950-43bf-b588-573773ee43d1';
const UNKNOWN_ID = '560d7b784f5143e3be2fc3064a5c4999_00000000-e950-43bf-b588-573773ee43d1';

/** Captures the JSON log lines, to assert that failures are logged. */
function logSink() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger('debug', stream) };
}

describe('Webex transport, webhook mode, against the emulator', function () {
  this.timeout(30_000);

  let world: WebexWorld;
  let server: Server;
  let appUrl: string;
  let transport: RunningPlatform;
  let core: CoreServices;
  let logs: ReturnType<typeof logSink>;
  let host: Person;
  let admin: Person;
  let officer: Person;
  let stranger: Person;
  let foreignWebhookId: string;
  let foreignWebhook: unknown;
  let startedAt: number;
  const instances: Array<{ transport: RunningPlatform; server: Server }> = [];

  before(async () => {
    world = await sharedWebexWorld();
    world.emulator.addParticipant({ ...seedExampleBody, id: PARTICIPANT_ID, hostEmail: HOST });
    host = world.addPerson(HOST, 'Jane Host', 'Europe/Berlin');
    admin = world.addPerson('ada.admin@example.com', 'Ada Admin');
    officer = world.addPerson('olga.officer@example.com', 'Olga Officer');
    stranger = world.addPerson('sam.stranger@example.com', 'Sam Stranger');

    // Another application's webhook, and one of ours left over from an earlier run.
    foreignWebhookId = 'Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZm9yZWlnbg';
    const created = new Date().toISOString();
    const ourName = Buffer.from(`bot.example.com ${world.bot.emails[0]}`).toString('base64');
    world.webhooks.push(
      { id: foreignWebhookId, name: 'someone else', targetUrl: 'https://other.example.com/hook', resource: 'all', event: 'all', status: 'active', created },
      { id: STALE_ID, name: ourName, targetUrl: BOT_URL, resource: 'all', event: 'all', status: 'active', created },
    );
    foreignWebhook = structuredClone(world.webhooks.find((w) => w.id === foreignWebhookId));
    startedAt = mark();

    logs = logSink();
    core = await createCoreServices({
      logger: logs.logger,
      webexApi: { baseUrl: world.emulator.baseUrl, token: world.emulator.apiToken, ratePerMinute: 60_000 },
      access: { admins: ['ada.admin@example.com'], complianceOfficers: ['olga.officer@example.com'], slackUsers: {} },
      tuning: { timeUnitMs: 10, lookupTimeoutMs: 2_000, retryBaseDelayMs: 5 },
    });
    const { handle } = core;
    const app = createHttpApp({ isReady: () => transport?.isReady() ?? false });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    transport = await startWebexOnPipeline({
      botToken: BOT_TOKEN,
      apiBaseUrl: world.emulator.baseUrl,
      webhook: { url: BOT_URL, secret: SECRET },
      app,
      handle,
      dedupe: new MemoryDeduplicator(),
      logger: logs.logger,
      retry: { attempts: 4, baseDelayMs: 10, maxWaitMs: 1_000 },
    });
  });

  after(async () => {
    await transport?.stop();
    await core?.close();
    await new Promise((resolve) => server?.close(resolve));
    for (const instance of instances) {
      await instance.transport.stop();
      await new Promise((resolve) => instance.server.close(resolve));
    }
  });

  /** Another instance of the bot on the same URL: in production another process behind the balancer. */
  async function startInstance(secret = SECRET, checkSeconds?: number): Promise<{ transport: RunningPlatform; url: string }> {
    const app = createHttpApp({ isReady: () => true });
    const instanceServer = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => instanceServer.once('listening', resolve));
    const started = await startWebexOnPipeline({
      botToken: BOT_TOKEN,
      apiBaseUrl: world.emulator.baseUrl,
      webhook: { url: BOT_URL, secret, ...(checkSeconds !== undefined ? { checkSeconds } : {}) },
      app,
      handle: async () => ({ kind: 'help' }),
      dedupe: new MemoryDeduplicator(),
      logger: logs.logger,
    });
    instances.push({ transport: started, server: instanceServer });
    return { transport: started, url: `http://127.0.0.1:${(instanceServer.address() as AddressInfo).port}` };
  }

  /** Our webhooks of one kind: the firehose by default, or the one for clicks on cards. */
  const ours = (resource: 'all' | 'attachmentActions' = 'all') =>
    world.webhooks.filter((w) => w.targetUrl === BOT_URL && w.resource === resource && w.filter === undefined);
  /**
   * Where the emulator's request log stands now. A position, not a time: a request that arrived in
   * the same millisecond as a mark taken just after it would otherwise count as after it.
   */
  const mark = () => world.emulator.requests.length;
  const webhookRequestsSince = (from: number) =>
    world.emulator.requests.slice(from).filter((r) => r.path.startsWith('/v1/webhooks')).map((r) => `${r.method} ${r.path}`);

  async function deliver(body: unknown, signature: string | undefined = undefined, url = appUrl): Promise<number> {
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const sig = signature ?? sparkSignature(raw, SECRET);
    if (sig !== '') headers['x-spark-signature'] = sig;
    const response = await fetch(`${url}/webex/events`, { method: 'POST', headers, body: raw });
    return response.status;
  }

  /** Delivers `message` and waits for `count` messages from the bot. */
  async function ask(message: StoredMessage, count = 1) {
    const before = world.sent.length;
    assert.equal(await deliver(world.webhookBody(message)), 200);
    await eventually(() => world.sent.length >= before + count, `${count} answer(s)`);
    // Anything more would arrive right after; give it the chance to, so that "exactly" holds.
    await new Promise((resolve) => setTimeout(resolve, 150));
    return world.sent.slice(before);
  }

  const lookups = () => world.emulator.requests.filter((r) => r.path.startsWith('/v1/meetingParticipants/'));

  it('registers its webhooks (messages and card clicks) with the secret, keeps other webhooks, and reports connected', () => {
    assert.equal(transport.isReady(), true);
    const all = world.webhooks.filter((w) => w.targetUrl === BOT_URL);
    assert.deepEqual(all.map((w) => `${w.resource}/${w.event}`).sort(), ['all/all', 'attachmentActions/created']);
    assert.ok(all.every((w) => w.secret === SECRET && w.status === 'active'));
    assert.ok(world.webhooks.some((w) => w.id === foreignWebhookId));
  });

  it('updates the webhook an earlier run left in place, instead of deleting and re-creating it', () => {
    assert.deepEqual(ours().map((w) => w.id), [STALE_ID]);
    // The stale one had no secret; there was no webhook for clicks yet.
    assert.deepEqual(webhookRequestsSince(startedAt), ['GET /v1/webhooks', `PUT /v1/webhooks/${STALE_ID}`, 'POST /v1/webhooks']);
  });

  it('sends a host the participant card in a 1:1 space', async () => {
    const room = world.directRoom(host);
    const [reply, ...more] = await ask(world.postMessage(host, room, `participant ${PARTICIPANT_ID}`));
    assert.equal(more.length, 0);
    assert.equal(reply?.roomId, room.id);
    assert.equal(reply?.attachments?.[0]?.contentType, CARD);
    assert.match(reply?.markdown ?? '', /Joe Doe/);
    assert.doesNotMatch(JSON.stringify(reply), new RegExp(PHONE));
    const lookup = lookups().at(-1);
    assert.equal(lookup?.query.hostEmail, HOST);
  });

  it('reads the card\u2019s times in the sender\u2019s time zone from their person record, and in UTC for a person without one', async () => {
    // The seed participant joined 2022-10-25 09:00 UTC: 11:00 in Berlin, on summer time.
    const [toHost] = await ask(world.postMessage(host, world.directRoom(host), `participant ${PARTICIPANT_ID}`));
    assert.match(toHost?.markdown ?? '', /\*\*Joined:\*\* 25 Oct 2022 11:00 CEST/);
    assert.match(JSON.stringify(toHost?.attachments), /"value":"25 Oct 2022 11:00 CEST"/);
    const [toOfficer] = await ask(world.postMessage(officer, world.directRoom(officer), `participant ${PARTICIPANT_ID}`));
    assert.match(toOfficer?.markdown ?? '', /\*\*Joined:\*\* 25 Oct 2022 09:00 UTC/);
  });

  it('answers a mention in a group space privately, with only a notice in the space', async () => {
    const room = world.groupRoom('Ops [EMEA] 🚀', [host, stranger]);
    const text = `Participant Bot participant ${PARTICIPANT_ID}`;
    const sent = await ask(world.postMessage(host, room, text, mentionHtml(world.bot, 'Participant Bot', `participant ${PARTICIPANT_ID}`)), 2);
    assert.equal(sent.length, 2);
    const direct = sent.find((m) => m.toPersonId === host.id);
    assert.equal(direct?.attachments?.[0]?.contentType, CARD);
    const inSpace = sent.filter((m) => m.roomId === room.id);
    assert.deepEqual(inSpace, [{ roomId: room.id, markdown: 'I sent you the details in a direct message.' }]);
  });

  it('understands a mention by nickname (the first word of the display name)', async () => {
    // Names with dots, brackets and emoji are covered by mention.test.ts.
    const room = world.groupRoom('Nicknames', [host]);
    const html = mentionHtml(world.bot, 'Participant', `participant ${PARTICIPANT_ID}`);
    const sent = await ask(world.postMessage(host, room, `Participant participant ${PARTICIPANT_ID}`, html), 2);
    assert.equal(sent.find((m) => m.toPersonId === host.id)?.attachments?.[0]?.contentType, CARD);
  });

  it('answers help in the group space itself, as a card', async () => {
    const room = world.groupRoom('Help wanted', [stranger]);
    const [reply, ...more] = await ask(world.postMessage(stranger, room, 'Participant Bot help', mentionHtml(world.bot, 'Participant Bot', 'help')));
    assert.equal(more.length, 0);
    assert.equal(reply?.roomId, room.id);
    assert.equal(reply?.attachments?.[0]?.contentType, CARD);
  });

  it('refuses a stranger with the very words of "not found"', async () => {
    const room = world.directRoom(stranger);
    const [refusal, ...more] = await ask(world.postMessage(stranger, room, `participant ${PARTICIPANT_ID}`));
    assert.equal(more.length, 0);
    // What anyone gets for an id that does not exist, sent the same way.
    assert.deepEqual(refusal, { roomId: room.id, ...toWebexMessage({ kind: 'notFound', subject: { participantId: PARTICIPANT_ID } }) });
    const [notFound] = await ask(world.postMessage(host, world.directRoom(host), `participant ${UNKNOWN_ID}`));
    assert.equal(notFound?.markdown, toWebexMessage({ kind: 'notFound', subject: { participantId: UNKNOWN_ID } }).markdown);
  });

  it('lets an admin name the host, and the hostEmail reaches Webex', async () => {
    const room = world.directRoom(admin);
    const [reply] = await ask(world.postMessage(admin, room, `participant ${PARTICIPANT_ID} ${HOST}`));
    assert.equal(reply?.attachments?.[0]?.contentType, CARD);
    assert.equal(lookups().at(-1)?.query.hostEmail, HOST);
    assert.doesNotMatch(JSON.stringify(reply), new RegExp(PHONE));
  });

  it('shows the phone number to the compliance officer only', async () => {
    const room = world.directRoom(officer);
    const [reply] = await ask(world.postMessage(officer, room, `participant ${PARTICIPANT_ID}`));
    assert.match(JSON.stringify(reply?.attachments), new RegExp(PHONE));
    assert.match(reply?.markdown ?? '', new RegExp(PHONE));
  });

  for (const [what, signature] of [
    ['a missing', ''],
    ['a forged', sparkSignature('something else', SECRET)],
    ['a wrongly keyed', undefined],
  ] as const) {
    it(`refuses ${what} signature with 401 and does no work`, async () => {
      const room = world.directRoom(host);
      const message = world.postMessage(host, room, `participant ${PARTICIPANT_ID}`);
      const body = world.webhookBody(message);
      const requestsBefore = world.emulator.requests.length;
      const sig = signature ?? sparkSignature(JSON.stringify(body), 'not-the-secret');
      assert.equal(await deliver(body, sig), 401);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(world.emulator.requests.length, requestsBefore);
    });
  }

  it('answers a message delivered twice exactly once', async () => {
    const room = world.directRoom(host);
    const body = world.webhookBody(world.postMessage(host, room, `participant ${PARTICIPANT_ID}`));
    const before = world.sent.length;
    const statuses = await Promise.all([deliver(body), deliver(body)]);
    assert.deepEqual(statuses, [200, 200]);
    await eventually(() => world.sent.length > before, 'an answer');
    assert.equal(await deliver(body), 200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(world.sent.length, before + 1);
  });

  // Buttons: a click is the command typed for the person who clicks. (Tests of this suite run in
  // order and share one transport until the stop tests below, so these stay at this level.)
  {
    /** The last message the bot sent, its id, and the `data` of the card's Refresh button. */
    const lastSent = () => {
      const index = world.sent.length - 1;
      const card = world.sent[index]?.attachments?.[0]?.content as { actions?: Array<{ title: string; data: Record<string, unknown> }> } | undefined;
      return { id: world.sentIds[index] ?? '', refresh: card?.actions?.find((a) => a.title === 'Refresh')?.data ?? {} };
    };

    /** Delivers `action` as Webex would, signed, and waits for `count` messages from the bot. */
    async function click(action: AttachmentAction, count = 1) {
      const before = world.sent.length;
      assert.equal(await deliver(world.actionWebhookBody(action)), 200);
      await eventually(() => world.sent.length >= before + count, `${count} answer(s) to the click`);
      await new Promise((resolve) => setTimeout(resolve, 150));
      return world.sent.slice(before);
    }

    it('Refresh from the host who asked shows the current state, in place of the old card', async () => {
      const room = world.directRoom(host);
      await ask(world.postMessage(host, room, `participant ${PARTICIPANT_ID}`));
      const card = lastSent();
      assert.deepEqual(card.refresh, { command: `participant ${PARTICIPANT_ID}`, refresh: true });
      world.emulator.addParticipant({ ...seedExampleBody, id: PARTICIPANT_ID, hostEmail: HOST, state: 'end' });
      const sent = await click(world.click(host, card.id, card.refresh)).finally(() => {
        world.emulator.addParticipant({ ...seedExampleBody, id: PARTICIPANT_ID, hostEmail: HOST });
      });
      const [fresh, ...more] = sent;
      assert.equal(more.length, 0);
      assert.equal(fresh?.roomId, room.id);
      assert.equal(fresh?.attachments?.[0]?.contentType, CARD);
      assert.match(fresh?.markdown ?? '', /Left the meeting/);
      await eventually(() => world.deleted.includes(card.id), 'the replaced card to be deleted');
      assert.equal(lookups().at(-1)?.query.hostEmail, HOST, 'asked as the host, as a typed command would be');
      const audit = logs.lines.filter((l) => l.audit === true).at(-1);
      assert.deepEqual([audit?.via, audit?.requester, audit?.outcome], ['button', HOST, 'found']);
    });

    it('an admin’s Refresh keeps the host they named', async () => {
      await ask(world.postMessage(admin, world.directRoom(admin), `participant ${PARTICIPANT_ID} ${HOST}`));
      assert.deepEqual(lastSent().refresh, { command: `participant ${PARTICIPANT_ID} ${HOST}`, refresh: true });
    });

    it('a click by someone without access gets the not-found reply privately, and reveals nothing', async () => {
      // The host's card, seen in a group space where a stranger clicks it.
      const space = world.groupRoom('Shared space', [host, stranger]);
      await ask(world.postMessage(host, space, `Participant Bot help`, mentionHtml(world.bot, 'Participant Bot', 'help')));
      const inSpace = lastSent();
      assert.equal(world.roomOfSent(inSpace.id).id, space.id);
      const sent = await click(world.click(stranger, inSpace.id, { command: `participant ${PARTICIPANT_ID}`, refresh: true }), 2);

      const direct = sent.filter((m) => m.toPersonId === stranger.id);
      assert.equal(direct.length, 1);
      assert.equal(direct[0]?.markdown, toWebexMessage({ kind: 'notFound', subject: { participantId: PARTICIPANT_ID } }).markdown);
      assert.deepEqual(sent.filter((m) => m.roomId === space.id), [{ roomId: space.id, markdown: 'I sent you the details in a direct message.' }]);
      assert.doesNotMatch(JSON.stringify(sent), /Joe Doe/);
      assert.equal(lookups().at(-1)?.query.hostEmail, stranger.emails[0], 'asked as the stranger, a would-be host');
      assert.ok(!world.deleted.includes(inSpace.id), 'nothing in the space is replaced by a private answer');
    });

    it('a click whose command does not parse gets the usage reply, and Webex is not asked', async () => {
      const room = world.directRoom(host);
      await ask(world.postMessage(host, room, `participant ${PARTICIPANT_ID}`));
      const lookupsBefore = lookups().length;
      const [reply] = await click(world.click(host, lastSent().id, { command: 'participant ../../people/me' }));
      assert.equal(reply?.markdown, toWebexMessage({ kind: 'usage', problem: 'That does not look like a participant id.', usage: usageOf('participant') }).markdown);
      assert.equal(lookups().length, lookupsBefore);
    });

    it('a forged click gets 401 and no work: Webex is not even asked what was clicked', async () => {
      await ask(world.postMessage(host, world.directRoom(host), `participant ${PARTICIPANT_ID}`));
      const body = world.actionWebhookBody(world.click(host, lastSent().id, lastSent().refresh));
      const requestsBefore = world.emulator.requests.length;
      assert.equal(await deliver(body, sparkSignature(JSON.stringify(body), 'not-the-secret')), 401);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(world.emulator.requests.length, requestsBefore);
    });

    it('a click delivered twice is answered once', async () => {
      await ask(world.postMessage(host, world.directRoom(host), `participant ${PARTICIPANT_ID}`));
      const body = world.actionWebhookBody(world.click(host, lastSent().id, { command: 'help' }));
      const before = world.sent.length;
      assert.deepEqual(await Promise.all([deliver(body), deliver(body)]), [200, 200]);
      await eventually(() => world.sent.length > before, 'an answer');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(world.sent.length, before + 1);
    });
  }

  it('notifies a person who did not just ask with a direct message', async () => {
    const before = world.sent.length;
    assert.equal(await transport.notify(host.id, { kind: 'help' }), true);
    assert.deepEqual(world.sent.slice(before), [{ toPersonId: host.id, ...toWebexMessage({ kind: 'help' }) }]);
  });

  it('retries a reply Webex fails to accept, and logs each failure', async () => {
    world.emulator.failNext(2, { status: 503, match: { method: 'POST', path: '/messages' } });
    const room = world.directRoom(host);
    const postsBefore = world.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages').length;
    const [reply] = await ask(world.postMessage(host, room, `participant ${PARTICIPANT_ID}`));
    assert.equal(reply?.roomId, room.id);
    const posts = world.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages').slice(postsBefore);
    assert.deepEqual(posts.map((r) => r.status), [503, 503, 200]);
    const warnings = logs.lines.filter((l) => l.msg === 'The platform did not accept the reply; trying again' && l.platform === 'webex');
    assert.ok(warnings.length >= 2);
    assert.equal(warnings.at(-1)?.status, 503);
  });

  for (const [what, failure] of [
    ['a 503', { status: 503 }],
    ['a 429', { status: 429, headers: { 'Retry-After': '0' } }],
  ] as const) {
    it(`fetches a message again when Webex answered ${what} to the framework's GET /messages, and answers it`, async () => {
      world.emulator.failNext(1, { ...failure, match: { method: 'GET', path: '/messages/:id' } });
      const room = world.directRoom(host);
      const message = world.postMessage(host, room, `participant ${PARTICIPANT_ID}`);
      const [reply, ...more] = await ask(message);
      assert.equal(more.length, 0);
      assert.equal(reply?.roomId, room.id);
      const fetches = world.emulator.requests.filter((r) => r.method === 'GET' && r.path === `/v1/messages/${message.id}`);
      assert.deepEqual(fetches.map((r) => r.status), [failure.status, 200]);
      assert.ok(logs.lines.some((l) => l.msg === 'Webex did not hand over an event; trying again' && l.status === failure.status));
    });
  }

  it('fetches a click again when Webex answered 503 to the framework\'s GET /attachment/actions', async () => {
    const room = world.directRoom(host);
    await ask(world.postMessage(host, room, 'help'));
    const cardId = world.sentIds.at(-1) ?? '';
    const action = world.click(host, cardId, { command: 'help' });
    world.emulator.failNext(1, { status: 503, match: { method: 'GET', path: '/attachment/actions/:id' } });
    const before = world.sent.length;
    assert.equal(await deliver(world.actionWebhookBody(action)), 200);
    await eventually(() => world.sent.length > before, 'the answer to the click');
    const fetches = world.emulator.requests.filter((r) => r.method === 'GET' && r.path === `/v1/attachment/actions/${action.id}`);
    assert.deepEqual(fetches.map((r) => r.status), [503, 200]);
  });

  it('logs loudly when Webex never hands over a message', async () => {
    world.emulator.failNext(4, { status: 502, match: { method: 'GET', path: '/messages/:id' } });
    const message = world.postMessage(host, world.directRoom(host), `participant ${PARTICIPANT_ID}`);
    assert.equal(await deliver(world.webhookBody(message)), 200);
    await eventually(() => logs.lines.some((l) => l.msg === 'Webex did not hand over an event; it is lost' && l.level === 50), 'the error log');
    const line = logs.lines.find((l) => l.msg === 'Webex did not hand over an event; it is lost');
    assert.equal(line?.status, 502);
    assert.ok(line?.trackingId);
  });

  it('logs loudly when Webex never accepts the reply', async () => {
    world.emulator.failNext(4, { status: 502, match: { method: 'POST', path: '/messages' } });
    const room = world.directRoom(host);
    const message = world.postMessage(host, room, `participant ${PARTICIPANT_ID}`);
    assert.equal(await deliver(world.webhookBody(message)), 200);
    const eventId = `message:${message.id}`;
    await eventually(() => logs.lines.some((l) => l.msg === 'The platform did not accept the reply; the reply is lost' && l.eventId === eventId), 'the error log');
    const line = logs.lines.find((l) => l.eventId === eventId && l.level === 50);
    assert.equal(line?.platform, 'webex');
    assert.equal(line?.status, 502);
    assert.ok(line?.trackingId);
  });

  it('leaves its webhook in place when it stops, and a restart keeps it as it is', async () => {
    const [kept, ...more] = ours();
    assert.equal(more.length, 0);
    const [cards] = ours('attachmentActions');
    const since = mark();
    await transport.stop();
    assert.equal(transport.isReady(), false);
    assert.deepEqual(ours(), [kept]);
    assert.deepEqual(ours('attachmentActions'), [cards]);

    // A restart is a new process in production: a new app with its own route.
    transport = (await startInstance()).transport;
    assert.equal(transport.isReady(), true);
    assert.deepEqual(ours(), [kept]);
    assert.deepEqual(ours('attachmentActions'), [cards]);
    assert.deepEqual(webhookRequestsSince(since), ['GET /v1/webhooks']);
  });

  it('two instances started one after the other share one webhook, and the first one\'s stop deafens no one', async () => {
    const [kept] = ours();
    const since = mark();
    const second = await startInstance();
    assert.deepEqual(ours(), [kept]);
    await transport.stop();
    assert.deepEqual(ours(), [kept]);
    // The emulator loses a webhook only by a DELETE: with none of ours, there was never a moment without it.
    assert.deepEqual(webhookRequestsSince(since), ['GET /v1/webhooks']);

    const room = world.directRoom(host);
    const before = world.sent.length;
    assert.equal(await deliver(world.webhookBody(world.postMessage(host, room, 'help')), undefined, second.url), 200);
    await eventually(() => world.sent.length > before, 'the second instance\'s answer');
    transport = second.transport;
  });

  it('updates the webhook in place (PUT) when the secret changes, instead of piling up another', async () => {
    const [kept] = ours();
    const since = mark();
    const [cards] = ours('attachmentActions');
    const renewed = await startInstance('a-new-secret-after-rotation');
    assert.deepEqual(ours().map((w) => [w.id, w.secret]), [[kept?.id, 'a-new-secret-after-rotation']]);
    assert.deepEqual(ours('attachmentActions').map((w) => [w.id, w.secret]), [[cards?.id, 'a-new-secret-after-rotation']]);
    assert.deepEqual(webhookRequestsSince(since), ['GET /v1/webhooks', `PUT /v1/webhooks/${kept?.id}`, `PUT /v1/webhooks/${cards?.id}`]);
    await renewed.transport.stop();

    // And back, as the other instances would on their next start.
    await startInstance();
    assert.deepEqual(ours().map((w) => [w.id, w.secret]), [[kept?.id, SECRET]]);
  });

  it('re-activates its webhooks when Webex has disabled them', async () => {
    const [kept] = ours();
    const [cards] = ours('attachmentActions');
    assert.ok(kept && cards);
    kept.status = 'inactive';
    cards.status = 'inactive';
    await startInstance();
    assert.deepEqual(ours().map((w) => [w.id, w.status]), [[kept.id, 'active']]);
    assert.deepEqual(ours('attachmentActions').map((w) => [w.id, w.status]), [[cards.id, 'active']]);
  });

  it('deletes duplicates of its webhook beyond the oldest, and no other webhook', async () => {
    const [kept] = ours();
    const later = new Date(Date.now() + 60_000).toISOString();
    const name = kept?.name ?? '';
    const ourNameOn = (hostname: string) => Buffer.from(`${hostname} ${world.bot.emails[0]}`).toString('base64');
    const [cards] = ours('attachmentActions');
    const duplicate = (id: string, resource = 'all', event = 'all'): Webhook => ({ id, name, targetUrl: BOT_URL, resource, event, secret: SECRET, status: 'active', created: later });
    const untouchable: Webhook[] = [
      // The same token deployed on another host keeps its own webhook.
      { id: 'Y2lzY29zcGFyazovL3VzL1dFQkhPT0svc3RhZ2luZw', name: ourNameOn('staging.example.com'), targetUrl: 'https://staging.example.com/webex/events', resource: 'all', event: 'all', status: 'active', created: later },
      { id: 'Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZmlsdGVyZWQ', name, targetUrl: BOT_URL, resource: 'all', event: 'all', filter: `roomId=${world.directRoom(host).id}`, status: 'active', created: later },
    ];
    world.webhooks.push(
      duplicate('Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZHVwMQ'),
      ...untouchable,
      duplicate('Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZHVwMg'),
      // As earlier versions let the framework make it, for card buttons: a second one of ours.
      duplicate('Y2lzY29zcGFyazovL3VzL1dFQkhPT0svY2FyZHM', 'attachmentActions', 'created'),
    );
    const since = mark();
    await startInstance();
    assert.deepEqual(ours(), [kept]);
    assert.deepEqual(ours('attachmentActions'), [cards]);
    for (const webhook of untouchable) assert.ok(world.webhooks.includes(webhook));
    assert.deepEqual(webhookRequestsSince(since).sort(), [
      'DELETE /v1/webhooks/Y2lzY29zcGFyazovL3VzL1dFQkhPT0svY2FyZHM',
      'DELETE /v1/webhooks/Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZHVwMQ',
      'DELETE /v1/webhooks/Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZHVwMg',
      'GET /v1/webhooks',
    ]);
    // The shared world goes back to how the tests after this one expect it.
    world.webhooks.splice(0, world.webhooks.length, ...world.webhooks.filter((w) => !untouchable.includes(w)));
  });

  it('finds its webhooks across pages of the list, however many webhooks the token has', async () => {
    // Another application's 250 webhooks listed first: ours are on the third page of 100.
    const others: Webhook[] = Array.from({ length: 250 }, (_, index) => ({
      id: `Y2lzY29zcGFyazovL3VzL1dFQkhPT0svb3RoZXI${index}`,
      name: 'another application',
      targetUrl: 'https://other.example.com/hook',
      resource: 'all',
      event: 'all',
      status: 'active',
      created: new Date().toISOString(),
    }));
    world.webhooks.unshift(...others);
    try {
      const [kept] = ours();
      const [cards] = ours('attachmentActions');
      const since = mark();
      await startInstance();
      assert.deepEqual(webhookRequestsSince(since), ['GET /v1/webhooks', 'GET /v1/webhooks', 'GET /v1/webhooks']);
      assert.deepEqual([ours(), ours('attachmentActions')], [[kept], [cards]]);
      assert.ok(others.every((webhook) => world.webhooks.includes(webhook)));
    } finally {
      world.webhooks.splice(0, others.length);
    }
  });

  it('checks its webhooks while it runs: re-creates one deleted, reactivates one disabled, touches no other', async () => {
    const checking = await startInstance(SECRET, 0.02);
    const [firehose] = ours();
    const [cards] = ours('attachmentActions');
    assert.ok(firehose && cards);
    world.webhooks.splice(world.webhooks.indexOf(firehose), 1);
    cards.status = 'inactive';
    await eventually(() => ours().length === 1 && cards.status === 'active', 'the webhooks repaired by a periodic check');
    const [created] = ours();
    assert.notEqual(created?.id, firehose.id);
    assert.deepEqual([created?.secret, created?.status], [SECRET, 'active']);
    assert.deepEqual(ours('attachmentActions'), [cards], 'reactivated in place, not replaced');
    assert.deepEqual(world.webhooks.find((w) => w.id === foreignWebhookId), foreignWebhook);

    // Repaired messages reach the bot again.
    const room = world.directRoom(host);
    const before = world.sent.length;
    assert.equal(await deliver(world.webhookBody(world.postMessage(host, room, 'help')), undefined, checking.url), 200);
    await eventually(() => world.sent.length > before, 'an answer through the re-created webhook');

    // Stopped, it checks no more.
    await checking.transport.stop();
    const since = mark();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(webhookRequestsSince(since), []);
  });

  it('logs a periodic check that fails, carries on, and repairs at the next one', async () => {
    const checking = await startInstance(SECRET, 0.02);
    const [cards] = ours('attachmentActions');
    assert.ok(cards);
    const warned = () => logs.lines.filter((l) => l.msg === 'Could not check the Webex webhooks; trying again at the next check');
    const warnedBefore = warned().length;
    world.emulator.failNext(1, { status: 503, match: { method: 'GET', path: '/webhooks' } });
    cards.status = 'inactive';
    await eventually(() => warned().length > warnedBefore, 'the failed check logged');
    assert.equal((warned().at(-1)?.err as { code?: string } | undefined)?.code, 'webhook_registration_failed');
    await eventually(() => cards.status === 'active', 'the next check repairs');
    assert.equal(checking.transport.isReady(), true);
    await checking.transport.stop();
  });

  it('never touches another application\'s webhook', () => {
    assert.deepEqual(world.webhooks.find((w) => w.id === foreignWebhookId), foreignWebhook);
    assert.deepEqual(world.emulator.requests.filter((r) => r.path.includes(foreignWebhookId)), []);
  });

  it('never writes the bot token to the log', () => {
    assert.ok(logs.lines.length > 0);
    assert.doesNotMatch(JSON.stringify(logs.lines), new RegExp(BOT_TOKEN.split('_')[0]!));
  });
});
