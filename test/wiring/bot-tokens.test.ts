import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { startBot, type Running } from '../../src/bot.js';
import { readConfig, secretsOf } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { connect, deleteKeys, REDIS_HOST, REDIS_PORT, TEST_DB, uniqueId, untilReady } from '../redis/support.js';
import { askBySlashCommand, emulatedBotEnv } from '../support/bot-env.js';
import { ManualClock } from '../support/manual-clock.js';
import { startSlackApiEmulator, type SlackApiEmulator } from '../support/slack-api-emulator.js';
import { startSlackSocketServer, type SlackSocketServer } from '../support/slack-socket-server.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';

const ADMIN = 'ada.admin@example.com';
const ADMIN_SLACK_ID = 'U0ADMIN01';
const ID = `${'e'.repeat(32)}_3c2e2338-e950-43bf-b588-573773ee43d1`;
const CLIENT = { id: 'C-wiring-client', secret: `client-secret-${randomUUID()}` };

/**
 * The bot as a user configures it to renew its own token (README, "Tokens that renew themselves"):
 * WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET, WEBEX_REFRESH_TOKEN and REDIS_URL, no WEBEX_API_TOKEN,
 * through startBot, Slack in Socket Mode: what the person asking sees, what /healthz and /metrics
 * say, and that no log line holds a token.
 */
describe('the bot renewing its own Webex token (startBot, REDIS_URL)', function () {
  this.timeout(30_000);

  let dir: string;
  let webex: WebexEmulator;
  let slack: SlackApiEmulator;
  let socket: SlackSocketServer;
  let redis: Redis;
  let running: Running | undefined;
  let keyPrefix: string;
  const lines: string[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bot-tokens-'));
    await writeFile(path.join(dir, 'access.json'), JSON.stringify({ admins: [ADMIN], slackUsers: { [ADMIN_SLACK_ID]: ADMIN } }));
    webex = await startWebexEmulator({ oauth: { clientId: CLIENT.id, clientSecret: CLIENT.secret, rotateRefreshTokens: true } });
    webex.addParticipant({ id: ID, meetingId: 'm1', hostEmail: 'host@example.com', state: 'joined', displayName: 'Person E' });
    slack = await startSlackApiEmulator();
    socket = await startSlackSocketServer();
    slack.setSocketUrl(socket.url);
    redis = connect();
    await untilReady(redis);
    keyPrefix = uniqueId('bot-tokens');
    lines.length = 0;
  });

  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await socket.close();
    await slack.close();
    await deleteKeys(redis, `${keyPrefix}*`);
    redis.disconnect();
    await webex.close();
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (refreshToken = webex.issueRefreshToken(), clock?: ManualClock) => {
    const env: Record<string, string> = {
      ...emulatedBotEnv(slack, webex),
      ACCESS_FILE: path.join(dir, 'access.json'),
      REDIS_URL: `redis://${REDIS_HOST}:${REDIS_PORT}/${TEST_DB}`,
      WEBEX_CLIENT_ID: CLIENT.id,
      WEBEX_CLIENT_SECRET: CLIENT.secret,
      WEBEX_REFRESH_TOKEN: refreshToken,
      LOG_LEVEL: 'debug',
    };
    delete env.WEBEX_API_TOKEN;
    const config = readConfig(env);
    const logger = createLogger(config.logLevel, { write: (line: string) => lines.push(line) }, secretsOf(config));
    running = await startBot(config, logger, { tokens: { keyPrefix, ...(clock ? { clock } : {}) } });
    return `http://127.0.0.1:${(running.server.address() as AddressInfo).port}`;
  };

  const ask = (text: string) => askBySlashCommand(slack, socket, ADMIN_SLACK_ID, text);

  it('answers with a token it renewed itself; once Webex refuses the refresh token, says "tell the bot operator", stays healthy, and logs no token', async () => {
    const url = await start();
    assert.match(await ask(ID), /Person E/);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const daysLeft = Number(/^participant_bot_webex_refresh_token_days_left (\S+)$/m.exec(metrics)?.[1]);
    assert.ok(daysLeft > 89 && daysLeft <= 90, `days left: ${daysLeft}`);

    // An admin revoked the app's authorisation, and the access token has expired.
    webex.revokeRefreshTokens();
    webex.expireAccessTokens();
    const reply = await ask(ID);
    assert.match(reply, /tell the bot operator/);
    assert.doesNotMatch(reply, /Person E|not found|could not find/i);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);

    const parsed = lines.map((line) => JSON.parse(line) as { err?: { code?: string; hint?: string } });
    const refused = parsed.find((line) => line.err?.code === 'token_renewal_refused');
    assert.ok(refused, 'the log says the renewal was refused');
    assert.match(String(refused.err?.hint), /WEBEX_REFRESH_TOKEN/);
    const secrets = [...webex.issued, CLIENT.secret];
    assert.ok(webex.issued.length >= 3, 'tokens were issued to look for');
    for (const line of lines) for (const secret of secrets) assert.ok(!line.includes(secret), `a token or secret in: ${line}`);
    for (const text of [metrics, reply]) for (const secret of secrets) assert.ok(!text.includes(secret));
  });

  it('after a restart with the same configuration, answers with the tokens it stored in Redis, though Webex rotated the refresh token it was started with', async () => {
    const refreshToken = webex.issueRefreshToken();
    await start(refreshToken);
    assert.match(await ask(ID), /Person E/);
    await running?.stop();
    running = undefined;
    // A restarted pod has the same WEBEX_REFRESH_TOKEN, which the first renewal used up.
    await start(refreshToken);
    const reply = await ask(ID);
    assert.match(reply, /Person E/);
    assert.doesNotMatch(reply, /tell the bot operator/);
  });

  it('stores in Redis the tokens of a renewal still in flight when it stops, so that a restart can renew with them', async () => {
    const clock = new ManualClock();
    const refreshToken = webex.issueRefreshToken();
    await start(refreshToken, clock);
    assert.match(await ask(ID), /Person E/);
    // The scheduled renewal is on its way to Webex (slowly) when the bot is told to stop.
    webex.failNext(1, { delayMs: 300, match: { method: 'POST', path: '/access_token' } });
    clock.advance(14 * 86_400_000);
    await running?.stop();
    running = undefined;
    // Webex rotated the refresh token in that renewal, and every access token has expired since.
    webex.expireAccessTokens();
    await start(refreshToken, clock);
    const reply = await ask(ID);
    assert.match(reply, /Person E/);
    assert.doesNotMatch(reply, /tell the bot operator/);
  });
});
