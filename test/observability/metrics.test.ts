import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { AccessPolicy } from '../../src/access/policy.js';
import { InFlight } from '../../src/observability/in-flight.js';
import { createMetrics, watchInFlight, watchLimiter } from '../../src/observability/metrics.js';
import { createTransportObserver } from '../../src/observability/transport-observer.js';
import { createHttpApp } from '../../src/transports/http/app.js';
import type { RunningPlatform } from '../../src/transports/pipeline.js';
import { createSlackPlatform } from '../../src/transports/slack/index.js';
import { startOnPipeline } from '../support/attach.js';
import { startSlackApiEmulator, type SlackApiEmulator } from '../support/slack-api-emulator.js';
import { slackSignatureHeaders } from '../support/slack-signing.js';
import { PARTICIPANT_ID, PEOPLE, sample, startWorld, type World } from '../faults/world.js';

async function listen(app: ReturnType<typeof createHttpApp>): Promise<{ server: Server; origin: string }> {
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('GET /metrics', () => {
  let world: World;
  let server: Server;
  let origin: string;

  beforeEach(async () => {
    world = await startWorld();
    ({ server, origin } = await listen(createHttpApp({ isReady: () => true, metrics: world.metrics.registry })));
  });

  afterEach(async () => {
    await close(server);
    await world.close();
  });

  const scrape = async () => {
    const response = await fetch(`${origin}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return response.text();
  };
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('counts lookups by outcome, times each Webex request, and counts 429s and retries', async () => {
    await world.ask(PEOPLE.admin);
    await world.ask(PEOPLE.stranger);
    world.emulator.failNext(1, { status: 429, headers: { 'Retry-After': '1' } });
    world.emulator.failNext(1, { status: 500 });
    await world.ask(PEOPLE.admin);

    const text = await scrape();
    assert.equal(value(text, 'participant_bot_lookups_total{outcome="found"}'), 2);
    assert.equal(value(text, 'participant_bot_lookups_total{outcome="notFound"}'), 1);
    assert.equal(value(text, 'participant_bot_webex_request_duration_seconds_count{result="ok"}'), 2);
    assert.equal(value(text, 'participant_bot_webex_request_duration_seconds_count{result="notFound"}'), 1);
    assert.equal(value(text, 'participant_bot_webex_request_duration_seconds_count{result="tooManyRequests"}'), 1);
    assert.equal(value(text, 'participant_bot_webex_request_duration_seconds_count{result="internalServerError"}'), 1);
    assert.equal(value(text, 'participant_bot_webex_429_total'), 1);
    assert.equal(value(text, 'participant_bot_webex_retries_total'), 2);
    assert.ok(text.includes('process_resident_memory_bytes'), 'and the process metrics');
  });

  it('shows the queue, the requests in flight and the pause as they are at scrape time', async () => {
    world.emulator.failNext(1, { delayMs: 250 });
    const slow = world.ask(PEOPLE.admin);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const during = await scrape();
    assert.equal(value(during, 'participant_bot_webex_requests_in_flight'), 1);
    assert.equal(value(during, 'participant_bot_lookup_queue_depth'), 0);
    assert.equal(value(during, 'participant_bot_webex_paused'), 0);
    await slow;

    world.emulator.failNext(1, { status: 429, headers: { 'Retry-After': '3600' } });
    await world.ask(PEOPLE.admin);
    const paused = await scrape();
    assert.equal(value(paused, 'participant_bot_webex_paused'), 1);
    assert.equal(value(paused, 'participant_bot_webex_requests_in_flight'), 0);
  });
});

describe('metrics registries', () => {
  it('are one per bot, so several bots can live in one process', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.lookups.inc({ outcome: 'found' });
    assert.match(await a.registry.metrics(), /participant_bot_lookups_total\{outcome="found"\} 1/);
    assert.doesNotMatch(await b.registry.metrics(), /participant_bot_lookups_total\{/);
  });

  it('still answer when the limiter cannot say how it is (Redis down)', async () => {
    const metrics = createMetrics();
    watchLimiter(metrics, { stats: () => Promise.reject(new Error('Redis connection lost')) });
    assert.match(await metrics.registry.metrics(), /participant_bot_lookup_queue_depth 0/);
  });

  it('show the work in flight that shutdown waits for', async () => {
    const metrics = createMetrics();
    const inFlight = new InFlight();
    watchInFlight(metrics, inFlight);
    let finish: () => void = () => undefined;
    const work = inFlight.track(() => new Promise<void>((resolve) => (finish = resolve)));
    assert.match(await metrics.registry.metrics(), /participant_bot_work_in_flight 1/);
    finish();
    await work;
    assert.match(await metrics.registry.metrics(), /participant_bot_work_in_flight 0/);
  });
});

describe('transport metrics', () => {
  describe('Slack, over HTTP', () => {
    let world: World;
    let slack: SlackApiEmulator;
    let transport: RunningPlatform;
    let server: Server;
    let origin: string;
    let inFlight: InFlight;
    const signingSecret = `secret-${randomUUID()}`;

    beforeEach(async () => {
      world = await startWorld();
      slack = await startSlackApiEmulator();
      slack.addUser({ id: 'U0ADMIN01', email: PEOPLE.admin });
      inFlight = new InFlight();
      const app = createHttpApp({ isReady: () => true, metrics: world.metrics.registry });
      const observer = createTransportObserver(world.metrics, inFlight);
      const logger = pino({ level: 'silent' });
      const platform = createSlackPlatform({
        config: { botToken: slack.botToken, apiUrl: slack.apiUrl, mode: 'http', signingSecret },
        app,
        access: new AccessPolicy({ admins: [PEOPLE.admin], complianceOfficers: [], slackUsers: {} }),
        logger,
        observer,
      });
      transport = await startOnPipeline(platform, { handle: world.handle, logger, observer });
      ({ server, origin } = await listen(app));
    });

    afterEach(async () => {
      await transport.stop();
      await close(server);
      await slack.close();
      await world.close();
    });

    const postSlashCommand = () => {
      const body = new URLSearchParams({
        team_id: slack.teamId,
        channel_id: 'C0GENERAL1',
        user_id: 'U0ADMIN01',
        command: '/participant',
        text: PARTICIPANT_ID,
        response_url: slack.newResponseUrl(),
        trigger_id: randomUUID(),
      }).toString();
      return fetch(`${origin}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignatureHeaders(signingSecret, body) },
        body,
      });
    };

    it('time the ack, track the command until its reply is out, and count a reply both ways refused', async () => {
      slack.failResponseUrls(410);
      slack.failNext('chat.postEphemeral', 1, { error: 'channel_not_found' });
      world.emulator.failNext(1, { delayMs: 200 });
      assert.equal((await postSlashCommand()).status, 200);
      assert.equal(inFlight.size, 1, 'acked, and still working on the answer');
      assert.equal(await inFlight.drain(5_000), true);
      assert.equal(slack.callsTo('chat.postEphemeral').length, 1, 'the fallback was tried before the work ended');
      assert.equal(await sample(world.metrics, 'participant_bot_replies_failed_total{platform="slack"}'), 1);
      assert.equal(await sample(world.metrics, 'participant_bot_slack_ack_seconds_count'), 1);
    });
  });
});
