import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../../src/logger.js';
import type { Reply } from '../../../src/replies/reply.js';
import { createHttpApp } from '../../../src/transports/http/app.js';
import type { RunningPlatform } from '../../../src/transports/pipeline.js';
import { startWebexOnPipeline } from '../../support/attach.js';
import { BOT_TOKEN, eventually, mentionHtml, sharedWebexWorld, sparkSignature, type WebexWorld } from '../../support/webex-messaging.js';

const SECRET = 'files-webhook-secret';
const URL = 'https://files.example.com/webex/events';
const CSV = 'Name,Email\r\n"Doe, Joe",joe@example.com\r\n';
const FILE_REPLY: Reply = {
  kind: 'file',
  file: { name: 'participants-2553-123-4567-2026-11-30.csv', mimeType: 'text/csv', content: CSV },
  note: 'The participants of meeting 2553 123 4567 as a CSV file: 1 person.',
};

/** The Webex platform's own part of sending a file: multipart POST /messages, privately. */
describe('Webex: a file for the requester (the attendance CSV)', function () {
  this.timeout(30_000);
  let world: WebexWorld;
  let server: Server;
  let origin: string;
  let transport: RunningPlatform;

  before(async () => {
    world = await sharedWebexWorld();
    const app = createHttpApp({ isReady: () => true });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    transport = await startWebexOnPipeline({
      botToken: BOT_TOKEN,
      apiBaseUrl: world.emulator.baseUrl,
      webhook: { url: URL, secret: SECRET },
      app,
      handle: async () => FILE_REPLY,
      logger: createLogger('silent'),
    });
  });

  after(async () => {
    await transport?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function deliver(body: unknown): Promise<void> {
    const raw = JSON.stringify(body);
    const response = await fetch(`${origin}/webex/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-spark-signature': sparkSignature(raw, SECRET) },
      body: raw,
    });
    assert.equal(response.status, 200);
  }

  it('posts it in the 1:1 space as multipart/form-data, with the note as its text', async () => {
    const person = world.addPerson('fay.files@example.com', 'Fay Files');
    const room = world.directRoom(person);
    const before = world.sent.length;
    await deliver(world.webhookBody(world.postMessage(person, room, 'participants 2553 123 4567 csv')));
    await eventually(() => world.sent.length > before, 'the file');
    assert.deepEqual(world.sent.slice(before), [
      {
        roomId: room.id,
        markdown: 'The participants of meeting 2553 123 4567 as a CSV file: 1 person.',
        files: [{ name: 'participants-2553-123-4567-2026-11-30.csv', type: 'text/csv', content: CSV }],
      },
    ]);
    const upload = world.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages').at(-1);
    assert.match(String(upload?.headers['content-type']), /^multipart\/form-data; boundary=/);
  });

  it('sends it to the requester directly when asked in a group space, with a notice in the space', async () => {
    const person = world.addPerson('gus.group@example.com', 'Gus Group');
    const space = world.groupRoom('Attendance', [person]);
    const before = world.sent.length;
    const text = 'participants 2553 123 4567 csv';
    await deliver(world.webhookBody(world.postMessage(person, space, `Participant Bot ${text}`, mentionHtml(world.bot, 'Participant Bot', text))));
    await eventually(() => world.sent.length >= before + 2, 'the file and the notice');
    const [file, notice] = world.sent.slice(before);
    assert.equal(file?.toPersonId, person.id);
    assert.equal(file?.files?.[0]?.content, CSV);
    assert.deepEqual(notice, { roomId: space.id, markdown: 'I sent you the details in a direct message.' });
  });
});
