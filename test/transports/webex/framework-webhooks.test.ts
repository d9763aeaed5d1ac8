import assert from 'node:assert/strict';
import { pino } from 'pino';
import { loadBotFramework, type IncomingWebexMessage } from '../../../src/transports/webex/framework.js';
import { webhookName } from '../../../src/transports/webex/webhook-registration.js';
import { BOT_TOKEN, eventually, sharedWebexWorld, type WebexWorld } from '../../support/webex-messaging.js';

/**
 * framework.ts runs webex-node-bot-framework in webhook mode but keeps it away from the webhooks,
 * which the bot keeps itself. This fails if a framework upgrade gets a webhook request past it, or
 * stops accepting the events of the bot's webhook.
 */
describe('webex-node-bot-framework in webhook mode, as framework.ts runs it', function () {
  this.timeout(30_000);

  const URL = 'https://framework-test.example.com/webex/events';
  let world: WebexWorld;

  before(async () => {
    world = await sharedWebexWorld();
  });

  it('makes no webhook request of its own, neither on start nor on stop', async () => {
    // A position in the request log, not a time: nothing of an earlier test can count as after it.
    const since = world.emulator.requests.length;
    const framework = await loadBotFramework({ token: BOT_TOKEN, apiBaseUrl: world.emulator.baseUrl, webhook: { url: URL }, logger: pino({ level: 'silent' }) });
    await framework.start();
    // The framework registers its webhooks after start() has resolved, without waiting for them.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await framework.stop();
    const touched = world.emulator.requests.slice(since).filter((r) => r.path.startsWith('/v1/webhooks'));
    assert.deepEqual(touched.map((r) => `${r.method} ${r.path}`), []);
  });

  it('processes the events of the webhook named as the bot names its own', async () => {
    const framework = await loadBotFramework({ token: BOT_TOKEN, apiBaseUrl: world.emulator.baseUrl, webhook: { url: URL }, logger: pino({ level: 'silent' }) });
    const heard: IncomingWebexMessage[] = [];
    framework.onMessage(async (incoming) => {
      heard.push(incoming);
    });
    await framework.start();
    try {
      const person = world.addPerson('fran.framework@example.com', 'Fran Framework');
      const room = world.directRoom(person);
      const ours = world.postMessage(person, room, 'help');
      const other = world.postMessage(person, room, 'help');
      const body = (name: string, id: string) => ({
        name,
        resource: 'messages',
        event: 'created',
        actorId: person.id,
        data: { id, roomId: room.id, roomType: room.type, personId: person.id, personEmail: person.emails[0] },
      });
      await framework.processWebhook(body(Buffer.from('someone else').toString('base64'), other.id));
      await framework.processWebhook(body(webhookName(URL, world.bot.emails[0] ?? ''), ours.id));
      await eventually(() => heard.length > 0, 'the message');
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.deepEqual(heard.map((h) => h.message.id), [ours.id]);
    } finally {
      await framework.stop();
    }
  });
});
