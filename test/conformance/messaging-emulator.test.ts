import assert from 'node:assert/strict';
import { BOT_TOKEN, sharedWebexWorld } from '../support/webex-messaging.js';
import { recorded } from './recorder.js';
import { checkExchange } from './webex-check.js';

/**
 * The transport tests find the bot's webhook already in place, so nothing in the suite creates one:
 * this creates and deletes one as webex-node-bot-framework would, to hold those answers to the spec.
 */
describe("the messaging emulator's webhook answers", () => {
  it('create and delete a webhook as Webex documents it', async () => {
    const { emulator } = await sharedWebexWorld();
    const before = recorded.webex.length;
    const headers = { Authorization: `Bearer ${BOT_TOKEN}`, 'Content-Type': 'application/json' };
    const body = { name: 'conformance', targetUrl: 'https://bot.example/webhook', resource: 'messages', event: 'created', secret: 's' };
    const created = await fetch(`${emulator.baseUrl}/webhooks`, { method: 'POST', headers, body: JSON.stringify(body) });
    assert.equal(created.status, 200);
    const { id } = (await created.json()) as { id: string };
    const deleted = await fetch(`${emulator.baseUrl}/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE', headers });
    assert.equal(deleted.status, 204);
    const exchanges = recorded.webex.slice(before);
    assert.equal(exchanges.length, 2);
    assert.deepEqual(exchanges.flatMap(checkExchange), []);
  });
});
