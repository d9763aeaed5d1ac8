import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { startBot, type Running } from '../../src/bot.js';
import { readConfig } from '../../src/config.js';
import { SHARED_HEADROOM } from '../../src/redis/shared-limiter.js';
import { limiterIdFor } from '../../src/services.js';
import { connect, deleteKeys, REDIS_HOST, REDIS_PORT, TEST_DB, until, untilReady } from '../redis/support.js';
import { askBySlashCommand, emulatedBotEnv } from '../support/bot-env.js';
import { startSlackApiEmulator, type SlackApiEmulator } from '../support/slack-api-emulator.js';
import { startSlackSocketServer, type SlackSocketServer } from '../support/slack-socket-server.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';

const ADMIN = 'ada.admin@example.com';
const ADMIN_SLACK_ID = 'U0ADMIN01';
const idOf = (index: number) => `${String(index).padStart(32, 'f')}_3c2e2338-e950-43bf-b588-573773ee43d1`;

interface Bot {
  running: Running;
  slack: SlackApiEmulator;
  socket: SlackSocketServer;
  /** `/participant <text>` from the admin; resolves with the text of the reply Slack received. */
  ask(text: string): Promise<string>;
}

/**
 * The composition root (startBot) as deployed, twice: two instances with a real configuration,
 * the same WEBEX_API_TOKEN and REDIS_URL, each with Slack in Socket Mode against its own emulator,
 * in front of one Webex emulator. What is checked is what the composition wires together: the
 * budget and the pause shared through Redis, a hashed limiter id, coalescing and the cache of
 * ended meetings. The pieces themselves are tested in test/participants and test/redis.
 */
describe('the bot as deployed, with REDIS_URL (startBot, two instances)', function () {
  this.timeout(30_000);

  let dir: string;
  let webex: WebexEmulator;
  let redis: Redis;
  const bots: Bot[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wiring-'));
    await writeFile(path.join(dir, 'access.json'), JSON.stringify({ admins: [ADMIN], slackUsers: { [ADMIN_SLACK_ID]: ADMIN } }));
    // A token of this test's own: the shared limiter's keys derive from it.
    webex = await startWebexEmulator({ apiToken: `wiring-token-${randomUUID()}` });
    for (let index = 0; index < 3; index += 1) {
      webex.addParticipant({ id: idOf(index), meetingId: 'm1', hostEmail: 'host@example.com', state: 'joined', displayName: `Person ${index}` });
    }
    redis = connect();
    await untilReady(redis);
  });

  afterEach(async () => {
    for (const bot of bots.splice(0)) {
      await bot.running.stop();
      await bot.socket.close();
      await bot.slack.close();
    }
    await deleteKeys(redis, `*${limiterIdFor(webex.apiToken)}*`);
    redis.disconnect();
    await webex.close();
    await rm(dir, { recursive: true, force: true });
  });

  const startInstance = async (): Promise<Bot> => {
    const slack = await startSlackApiEmulator();
    const socket = await startSlackSocketServer();
    slack.setSocketUrl(socket.url);
    const config = readConfig({
      ...emulatedBotEnv(slack, webex),
      WEBEX_RATE_LIMIT_PER_MINUTE: '60000',
      ACCESS_FILE: path.join(dir, 'access.json'),
      REDIS_URL: `redis://${REDIS_HOST}:${REDIS_PORT}/${TEST_DB}`,
    });
    const running = await startBot(config, pino({ level: 'silent' }));
    const ask = (text: string) => askBySlashCommand(slack, socket, ADMIN_SLACK_ID, text);
    const bot = { running, slack, socket, ask };
    bots.push(bot);
    return bot;
  };

  const limiterId = () => limiterIdFor(webex.apiToken);
  const lookupsAtWebex = () => webex.requests.filter((request) => request.path.includes('/meetingParticipants/'));

  /** Both instances have joined the limit shared in Redis (Bottleneck lists the clients it has seen). */
  const bothJoined = () => until(async () => (await redis.zcard(`b_${limiterId()}_client_last_seen`)) === 2, 'both instances join the shared limit');

  it('shares one budget: a 429 told to one instance holds the other back, without a call to Webex', async () => {
    const [a, b] = [await startInstance(), await startInstance()];
    await bothJoined();
    webex.failNext(1, { status: 429, headers: { 'Retry-After': '600' } });
    assert.match(await a.ask(idOf(0)), /Webex asked us to wait/);
    assert.match(await b.ask(idOf(1)), /Webex asked us to wait/);
    assert.equal(lookupsAtWebex().length, 1, 'the second instance did not call Webex during the pause');
    // The first 429 of the episode halved the shared pace, in Redis, for both: 1 ms apart becomes 2
    // (in Redis 5% wider, against jitter).
    assert.equal(Number(await redis.hget(`b_${limiterId()}_settings`, 'minTime')), 2 * (1 + SHARED_HEADROOM));
  });

  it('keys the shared limit by a hash of the token, never the token itself', async () => {
    const bot = await startInstance();
    await until(async () => (await redis.exists(`b_${limiterId()}_settings`)) === 1, 'the shared limiter writes its settings');
    assert.match(await bot.ask(idOf(0)), /Person 0/);
    const keys = await redis.keys('*');
    assert.deepEqual(keys.filter((key) => key.includes(webex.apiToken)), [], 'no Redis key holds the Webex token');
    assert.ok(keys.some((key) => key.includes(limiterId())), 'the keys carry the hashed id');
    assert.ok(!limiterId().includes(webex.apiToken));
  });

  it('answers once an event the platform delivered to both instances (the claim is shared in Redis)', async () => {
    const [a, b] = [await startInstance(), await startInstance()];
    /** `/participant <text>` to one instance's socket; returns the id of the response URL its reply would go to. */
    const send = (bot: Bot, text: string, triggerId: string) => {
      const responseUrl = bot.slack.newResponseUrl();
      bot.socket.sendSlashCommand({
        team_id: bot.slack.teamId,
        channel_id: 'C0GENERAL1',
        user_id: ADMIN_SLACK_ID,
        command: '/participant',
        text,
        response_url: responseUrl,
        trigger_id: triggerId,
      });
      return responseUrl.split('/').at(-1);
    };
    const triggerId = randomUUID();
    const first = send(a, 'help', triggerId);
    await a.slack.waitFor(() => a.slack.responses.some((response) => response.id === first), 10_000);
    // Slack redelivers the same command to the other instance's connection, then a lookup follows it.
    // The redelivered help needs no call to Webex: had it been answered, its reply would be there first.
    const again = send(b, 'help', triggerId);
    const next = send(b, idOf(0), randomUUID());
    await b.slack.waitFor(() => b.slack.responses.some((response) => response.id === next), 10_000);
    assert.deepEqual(
      b.slack.responses.filter((response) => response.id === again),
      [],
      'the second instance did not answer the command the first one had answered',
    );
  });

  it('asks Webex once for identical lookups in flight at the same time', async () => {
    const bot = await startInstance();
    webex.failNext(1, { delayMs: 300 });
    const replies = await Promise.all([1, 2, 3, 4].map(() => bot.ask(idOf(2))));
    for (const reply of replies) assert.match(reply, /Person 2/);
    assert.equal(lookupsAtWebex().length, 1);
  });

  it('asks Webex once about a participant of an ended meeting, asked twice in a row', async () => {
    webex.addParticipant({ id: idOf(3), meetingId: 'm1', hostEmail: 'host@example.com', state: 'end', leftTime: '2026-01-01T10:00:00Z', displayName: 'Person 3' });
    const bot = await startInstance();
    const first = await bot.ask(idOf(3));
    const second = await bot.ask(idOf(3));
    assert.match(first, /Person 3/);
    assert.equal(second, first);
    assert.equal(lookupsAtWebex().length, 1);
  });
});
