import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../../src/logger.js';
import { ensureWebhooks, WebhookRegistrationError } from '../../../src/transports/webex/webhook-registration.js';
import { BOT_TOKEN, sharedWebexWorld, type WebexWorld } from '../../support/webex-messaging.js';

const TOKEN = 'bot-token-that-must-stay-secret';

/** Webex refusing every request, as it does a revoked bot token. */
async function refusingWebex(status: number): Promise<{ baseUrl: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', trackingid: 'ROUTER_T-401' });
    res.end(JSON.stringify({ message: 'The request requires a valid access token set in the Authorization request header.' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

const register = (apiBaseUrl: string) =>
  ensureWebhooks({
    apiBaseUrl,
    token: TOKEN,
    targetUrl: 'https://bot.example.com/webex/events',
    secret: 'webhook-secret',
    name: 'ours',
    timeoutMs: 5_000,
    logger: createLogger('silent'),
  });

describe('webhook registration failures', () => {
  it('says what Webex answered, with its trackingid and what to do, never the token (webhook_registration_failed)', async () => {
    const webex = await refusingWebex(401);
    try {
      await assert.rejects(register(webex.baseUrl), (e: Error) => {
        assert.ok(e instanceof WebhookRegistrationError);
        assert.equal(e.code, 'webhook_registration_failed');
        assert.match(e.message, /WEBEX_WEBHOOK_URL: Webex answered 401 to GET \/webhooks \(trackingid ROUTER_T-401\)/);
        assert.match(e.hint, /WEBEX_BOT_TOKEN.*WEBEX_WEBHOOK_URL/);
        assert.ok(!`${e.message} ${e.hint}`.includes(TOKEN));
        return true;
      });
    } finally {
      webex.server.close();
    }
  });

  it('reports a Webex it cannot reach the same way, the cause kept for the log', async () => {
    const webex = await refusingWebex(401);
    await new Promise((resolve) => webex.server.close(resolve));
    await assert.rejects(register(webex.baseUrl), (e: Error) => {
      assert.ok(e instanceof WebhookRegistrationError);
      assert.equal(e.code, 'webhook_registration_failed');
      assert.match(e.message, /could not be reached/);
      assert.ok(e.cause instanceof Error);
      return true;
    });
  });
});

describe('what a check of the webhooks found', () => {
  const targetUrl = 'https://found.example.com/webex/events';
  let world: WebexWorld;
  before(async () => {
    world = await sharedWebexWorld();
  });

  const check = (url = targetUrl) =>
    ensureWebhooks({
      apiBaseUrl: world.emulator.baseUrl,
      token: BOT_TOKEN,
      targetUrl: url,
      secret: 'webhook-secret',
      name: 'what-a-check-found',
      timeoutMs: 5_000,
      logger: createLogger('silent'),
    });
  const ours = () => world.webhooks.filter((w) => w.name === 'what-a-check-found');
  after(() => {
    // The world is shared: later tests' deliveries must come from their own webhooks.
    for (const webhook of ours()) world.webhooks.splice(world.webhooks.indexOf(webhook), 1);
  });

  it('says "repaired" when one of ours was missing, inactive or pointing elsewhere (Webex delivered nothing here through it), else "intact"', async () => {
    assert.equal(await check(), 'repaired', 'created');
    assert.equal(await check(), 'intact');
    const [first] = ours();
    assert.ok(first !== undefined);
    first.status = 'inactive';
    assert.equal(await check(), 'repaired', 'reactivated');
    assert.equal(await check(), 'intact');
    world.webhooks.splice(world.webhooks.indexOf(first), 1);
    assert.equal(await check(), 'repaired', 'created again');
    assert.equal(await check('https://elsewhere.example.com/webex/events'), 'repaired', 'pointed at the new URL');
    assert.equal(await check('https://elsewhere.example.com/webex/events'), 'intact');
    assert.deepEqual(ours().map((w) => [w.status, w.targetUrl]), [
      ['active', 'https://elsewhere.example.com/webex/events'],
      ['active', 'https://elsewhere.example.com/webex/events'],
    ]);
  });
});
