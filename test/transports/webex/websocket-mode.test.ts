import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger } from '../../../src/logger.js';
import { createCoreServices, type CoreServices } from '../../../src/services.js';
import { MemoryDeduplicator } from '../../../src/transports/deduplicator.js';
import type { RunningPlatform } from '../../../src/transports/pipeline.js';
import { startWebexOnPipeline } from '../../support/attach.js';
import { seedExampleBody } from '../../support/fixtures.js';
import { BOT_TOKEN, eventually, mentionHtml, sharedWebexWorld, type Person, type WebexWorld } from '../../support/webex-messaging.js';
import { addMercury, type MercuryEmulator } from '../../support/webex-messaging-websocket.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const HOST = 'wendy.websocket@example.com';
const PARTICIPANT_ID = '3a688f62840346e8b87dde2b50703511_I_197977258267247872_3c2e2338-e950-43bf-b588-573773ee43d1';

describe('Webex transport, websocket mode, against the emulator and a local Mercury', function () {
  this.timeout(30_000);

  let world: WebexWorld;
  let mercury: MercuryEmulator;
  let transport: RunningPlatform;
  let core: CoreServices;
  let server: Server;
  let appUrl: string;
  let host: Person;
  let webhookCallsBefore: number;
  const webhookCalls = () => world.emulator.requests.filter((r) => r.path.startsWith('/v1/webhooks')).length;

  before(async () => {
    world = await sharedWebexWorld();
    mercury = await addMercury(world, BOT_TOKEN);
    world.emulator.addParticipant({ ...seedExampleBody, id: PARTICIPANT_ID, hostEmail: HOST });
    host = world.addPerson(HOST, 'Wendy Websocket');
    const logger = createLogger('silent');
    core = await createCoreServices({
      logger,
      webexApi: { baseUrl: world.emulator.baseUrl, token: world.emulator.apiToken, ratePerMinute: 60_000 },
      access: { admins: [], complianceOfficers: [], slackUsers: {} },
      tuning: { timeUnitMs: 10, lookupTimeoutMs: 2_000, retryBaseDelayMs: 5 },
    });
    const app = express();
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    webhookCallsBefore = webhookCalls();
    transport = await startWebexOnPipeline({
      botToken: BOT_TOKEN,
      apiBaseUrl: world.emulator.baseUrl,
      app,
      handle: core.handle,
      dedupe: new MemoryDeduplicator(),
      logger,
      retry: { attempts: 4, baseDelayMs: 10, maxWaitMs: 1_000 },
    });
  });

  after(async () => {
    await transport?.stop();
    await core?.close();
    await mercury?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function push(message: Parameters<MercuryEmulator['pushMessage']>[0], count: number, times = 1) {
    const before = world.sent.length;
    for (let i = 0; i < times; i += 1) mercury.pushMessage(message);
    await eventually(() => world.sent.length >= before + count, `${count} answer(s)`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return world.sent.slice(before);
  }

  it('registers a device, opens an authorized Mercury socket and reports connected', () => {
    assert.equal(mercury.devices.size, 1);
    assert.equal(mercury.authorized.size, 1);
    assert.equal(transport.isReady(), true);
  });

  it('adds no webhook route and registers no webhook', async () => {
    const response = await fetch(`${appUrl}/webex/events`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 404);
    assert.equal(webhookCalls(), webhookCallsBefore);
  });

  it('answers a host in a 1:1 space with the card, once even when the activity comes twice', async () => {
    const room = world.directRoom(host);
    const sent = await push(world.postMessage(host, room, `participant ${PARTICIPANT_ID}`), 1, 2);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.roomId, room.id);
    assert.equal(sent[0]?.attachments?.[0]?.contentType, CARD);
  });

  it('answers a group mention privately, with a notice in the space', async () => {
    const room = world.groupRoom('Websocket space', [host]);
    const html = mentionHtml(world.bot, 'Participant', `participant ${PARTICIPANT_ID}`);
    const sent = await push(world.postMessage(host, room, `Participant participant ${PARTICIPANT_ID}`, html), 2);
    assert.equal(sent.find((m) => m.toPersonId === host.id)?.attachments?.[0]?.contentType, CARD);
    assert.deepEqual(sent.filter((m) => m.roomId === room.id), [{ roomId: room.id, markdown: 'I sent you the details in a direct message.' }]);
  });

  it('Refresh from the host who asked shows the current state, in place of the old card', async () => {
    const room = world.directRoom(host);
    await push(world.postMessage(host, room, `participant ${PARTICIPANT_ID}`), 1);
    const cardId = world.sentIds.at(-1) ?? '';
    world.emulator.addParticipant({ ...seedExampleBody, id: PARTICIPANT_ID, hostEmail: HOST, state: 'end' });
    const before = world.sent.length;
    mercury.pushCardAction(world.click(host, cardId, { command: `participant ${PARTICIPANT_ID}`, refresh: true }));
    await eventually(() => world.sent.length > before && world.deleted.includes(cardId), 'the new card, and the old one gone');
    const [fresh] = world.sent.slice(before);
    assert.equal(fresh?.roomId, room.id);
    assert.match(fresh?.markdown ?? '', /Left the meeting/);
  });

  it('fetches a message again when Webex answered 503 to GET /messages, and answers it', async () => {
    world.emulator.failNext(1, { status: 503, match: { method: 'GET', path: '/messages/:id' } });
    const room = world.directRoom(host);
    const message = world.postMessage(host, room, `participant ${PARTICIPANT_ID}`);
    const sent = await push(message, 1);
    assert.equal(sent.length, 1);
    const fetches = world.emulator.requests.filter((r) => r.method === 'GET' && r.path === `/v1/messages/${message.id}`);
    // In websocket mode the SDK reads the message to build the event, and the framework reads it
    // again: the 503 met the first read, which was retried like the second would be.
    assert.deepEqual(fetches.map((r) => r.status).slice(0, 2), [503, 200]);
  });

  it('unregisters its device and disconnects on stop', async () => {
    await transport.stop();
    assert.equal(transport.isReady(), false);
    assert.equal(mercury.devices.size, 0);
    await eventually(() => mercury.authorized.size === 0, 'the socket to close');
  });
});
