import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBot, type Running } from '../../src/bot.js';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { seedExampleBody } from '../support/fixtures.js';
import { emulatedBotEnv } from '../support/bot-env.js';
import { startSlackApiEmulator, type SlackApiEmulator } from '../support/slack-api-emulator.js';
import { startSlackSocketServer, type SlackSocketServer } from '../support/slack-socket-server.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';

/**
 * The composition root (src/bot.ts) with Slack in Socket Mode against local emulators: what an
 * orchestrator sees of readiness, and what shutdown does with a lookup in flight.
 */
describe('the bot as deployed (startBot, Slack Socket Mode)', function () {
  this.timeout(30_000);

  let dir: string;
  let slack: SlackApiEmulator;
  let socket: SlackSocketServer;
  let webex: WebexEmulator;
  let running: Running | undefined;
  let origin: string;
  const logs: string[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bot-'));
    await writeFile(path.join(dir, 'access.json'), JSON.stringify({ admins: ['ada.admin@example.com'], slackUsers: { U0ADMIN01: 'ada.admin@example.com' } }));
    slack = await startSlackApiEmulator();
    socket = await startSlackSocketServer();
    slack.setSocketUrl(socket.url);
    webex = await startWebexEmulator();
    webex.addParticipant({ ...seedExampleBody });
    const config = readConfig({
      ...emulatedBotEnv(slack, webex),
      ACCESS_FILE: path.join(dir, 'access.json'),
      AUDIT_FILE: path.join(dir, 'audit.jsonl'),
    });
    logs.length = 0;
    running = await startBot(config, createLogger('info', { write: (line: string) => logs.push(line) }));
    origin = `http://127.0.0.1:${(running.server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await socket.close();
    await slack.close();
    await webex.close();
    await rm(dir, { recursive: true, force: true });
  });

  const health = async () => (await fetch(`${origin}/healthz`)).status;

  it('is ready only while Slack is connected', async () => {
    assert.equal(await health(), 200);
    await socket.close();
    const deadline = Date.now() + 5_000;
    while ((await health()) !== 503) {
      assert.ok(Date.now() < deadline, '/healthz still says ready with the Slack socket gone');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('serves its own metrics on GET /metrics', async () => {
    const text = await (await fetch(`${origin}/metrics`)).text();
    assert.match(text, /# TYPE participant_bot_lookups_total counter/);
    assert.match(text, /participant_bot_work_in_flight 0/);
  });

  it('on stop, finishes the lookup in flight and delivers its reply before it returns', async () => {
    webex.failNext(1, { delayMs: 1_000 });
    const envelopeId = socket.sendSlashCommand({
      team_id: slack.teamId,
      channel_id: 'C0GENERAL1',
      user_id: 'U0ADMIN01',
      command: '/participant',
      text: seedExampleBody.id,
      response_url: slack.newResponseUrl(),
      trigger_id: randomUUID(),
    });
    await socket.waitForAck(envelopeId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(slack.responses.length, 0, 'the lookup is still in flight');

    const stopping = running?.stop();
    running = undefined;
    await stopping;
    assert.equal(slack.responses.length, 1, 'the reply went out before stop() returned');
    assert.equal(slack.responses[0]?.body.response_type, 'ephemeral');
    assert.ok(!logs.some((line) => line.includes('grace ran out')));
  });
});
