import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBot, type Running } from '../../src/bot.js';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { WATCH_ACCESS_LOST } from '../../src/replies/messages.js';
import { seedExampleBody } from '../support/fixtures.js';
import { ManualClock } from '../support/manual-clock.js';
import { connect, deleteKeys, REDIS_HOST, startRedisProxy, TEST_DB, uniqueId, until, untilReady } from '../redis/support.js';
import { startSlackApiEmulator, type SlackApiEmulator } from '../support/slack-api-emulator.js';
import { slackSignatureHeaders } from '../support/slack-signing.js';
import { auditRecords, deployedEnv, webexDelivery } from '../support/deployed.js';
import { eventually, sharedWebexWorld, type Person, type WebexWorld } from '../support/webex-messaging.js';

const WEBHOOK_URL = 'https://watching.example.com/webex/events';
const WEBHOOK_SECRET = 'watching-webhook-secret';
const SIGNING_SECRET = 'watching-signing-secret';
const HOST = 'wanda.watcher@example.com';
const SLACK_HOST = { id: 'U0WANDA', email: HOST };
const MEETING_ID = 'bbbbccccddddeeeeffff000011112222';
const PHONE = seedExampleBody.devices[0].phoneNumber;
const idOf = (n: number) => `${MEETING_ID}_00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A participant's record as Webex has it, hosted by HOST: what a lookup answers and an event carries. */
const record = (n: number, extra: Record<string, unknown> = {}) => ({
  ...seedExampleBody,
  id: idOf(n),
  meetingId: MEETING_ID,
  hostEmail: HOST,
  displayName: `Watched ${n}`,
  state: 'lobby',
  joinedTime: '1970-01-01T00:00:00.000Z',
  leftTime: '1970-01-01T00:00:00.000Z',
  breakoutSessionsAttended: [],
  ...extra,
});

/**
 * Watches through the bot as deployed (startBot: Webex webhook mode, Slack over HTTP, REDIS_URL, an
 * audit file), driven only by what Webex and Slack would send: a watch set in chat, Webex pushing
 * the participant's new record to the org-wide webhook, the alert arriving as a direct message.
 */
describe('watches through the bot as deployed (Webex webhooks, Slack HTTP, Redis)', function () {
  this.timeout(30_000);

  let dir: string;
  let world: WebexWorld;
  let slack: SlackApiEmulator;
  let host: Person;
  const bots: Running[] = [];
  /** This file's watches in Redis, apart from anyone else's. */
  const keyPrefix = `${uniqueId('bot-watches')}:`;

  /**
   * The watches' rounds run only as the test moves `clock`: a bot left running must not poll (its
   * safety net included) while another test pushes records the emulator does not hold.
   */
  async function start(clock = new ManualClock(Date.now()), env: Record<string, string> = {}, logs?: string[]): Promise<string> {
    const config = readConfig({
      ...deployedEnv({ webex: world.emulator, slack, webhookUrl: WEBHOOK_URL, webhookSecret: WEBHOOK_SECRET, signingSecret: SIGNING_SECRET, dir }),
      ...env,
    });
    const logger = logs ? createLogger('info', { write: (line: string) => logs.push(line) }) : createLogger('silent');
    const running = await startBot(config, logger, { watches: { keyPrefix, clock } });
    bots.push(running);
    return `http://127.0.0.1:${(running.server.address() as AddressInfo).port}`;
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'watches-'));
    await writeFile(path.join(dir, 'access.json'), JSON.stringify({ admins: [] }));
    world = await sharedWebexWorld();
    host = world.addPerson(HOST, 'Wanda Watcher');
    slack = await startSlackApiEmulator();
    slack.addUser(SLACK_HOST);
  });

  after(async () => {
    world.refuseOrgWebhooks(false);
    for (const bot of bots) await bot.stop();
    const redis = connect();
    await untilReady(redis);
    await deleteKeys(redis, `${keyPrefix}*`);
    redis.disconnect();
    await slack.close();
    await rm(dir, { recursive: true, force: true });
  });

  const signed = (origin: string, body: unknown, secret = WEBHOOK_SECRET) => webexDelivery(origin, body, secret);

  /** `text` typed by the host in their 1:1 space with the bot; resolves with the answer's markdown. */
  async function typed(origin: string, text: string): Promise<string> {
    const before = world.sent.length;
    assert.equal(await signed(origin, world.webhookBody(world.postMessage(host, world.directRoom(host), text))), 200);
    await eventually(() => world.sent.length > before, `the answer to ${text}`);
    return world.sent[before]?.markdown ?? '';
  }

  const directTo = (person: Person, from: number) => world.sent.slice(from).filter((m) => m.toPersonId === person.id);

  const audit = () => auditRecords(path.join(dir, 'audit.jsonl'));

  /** One series' value on the instance's GET /metrics. */
  async function metric(origin: string, series: string): Promise<number> {
    const metrics = await (await fetch(`${origin}/metrics`)).text();
    return Number(metrics.split('\n').find((l) => l.startsWith(`${series} `))?.slice(series.length + 1));
  }

  /**
   * Moves `clock` on `count` seconds, one round of the watches at a time (a round is one second of
   * the poll share's budget), giving each second's calls time to reach the emulators; stops early
   * once `done` holds.
   */
  async function seconds(clock: ManualClock, count: number, done: () => boolean = () => false): Promise<void> {
    for (let second = 0; second < count && !done(); second += 1) {
      clock.advance(1000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const orgWebhooks = () => world.webhooks.filter((w) => w.ownedBy === 'org' && w.targetUrl === WEBHOOK_URL);

  const POLL = { WATCH_POLL_SECONDS: '5' };
  const PUSHING = 'Watches: Webex pushes participants joining and leaving';
  const polls = (n: number) => world.emulator.requests.filter((r) => r.method === 'GET' && r.path === `/v1/meetingParticipants/${idOf(n)}`).length;
  const alertsOf = (n: number, from: number) => directTo(host, from).filter((m) => m.markdown?.includes(`Watched ${n} `));

  /** Stops every instance and forgets their watches: no other instance's checks, polls or watches in the way. */
  async function alone(): Promise<void> {
    for (const bot of bots.splice(0)) await bot.stop();
    const redis = connect();
    await untilReady(redis);
    await deleteKeys(redis, `${keyPrefix}*`);
    redis.disconnect();
  }

  it('keeps org-wide meetingParticipants webhooks, made with the lookup token, to the same URL and secret', async () => {
    await start();
    const ours = world.webhooks.filter((w) => w.ownedBy === 'org' && w.targetUrl === WEBHOOK_URL);
    assert.deepEqual(ours.map((w) => [w.resource, w.event, w.secret]), [
      ['meetingParticipants', 'joined', WEBHOOK_SECRET],
      ['meetingParticipants', 'left', WEBHOOK_SECRET],
    ]);
    const created = world.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/webhooks' && r.rawBody?.includes('meetingParticipants'));
    assert.ok(created.length >= 2 && created.every((r) => r.headers.authorization === `Bearer ${world.emulator.apiToken}`));
  });

  it('Webex: the host watches a participant and gets one direct message per change Webex pushes, however often it is delivered', async () => {
    const origin = await start();
    world.emulator.addParticipant(record(1));
    assert.match(await typed(origin, `watch ${idOf(1)}`), /Watching Watched 1 \(now: Waiting in the lobby\)/);

    const from = world.sent.length;
    const joined = world.participantEventBody(record(1, { state: 'joined', joinedTime: '2026-11-30T10:00:20Z' }), 'joined');
    assert.deepEqual(await Promise.all([signed(origin, joined), signed(origin, joined)]), [200, 200]);
    await eventually(() => directTo(host, from).length > 0, 'the alert');
    assert.equal(await signed(origin, joined), 200, 'a replay, later');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const alerts = directTo(host, from);
    assert.equal(alerts.length, 1);
    assert.match(alerts[0]?.markdown ?? '', /Watched 1 joined the meeting\./);
    assert.match(alerts[0]?.markdown ?? '', /10:00 UTC/);
    assert.ok(!JSON.stringify(alerts).includes(PHONE), 'never a phone number');
    const card = alerts[0]?.attachments?.[0]?.content as { actions: Array<{ data: { command: string } }> };
    assert.deepEqual(card.actions.map((a) => a.data.command), [`participant ${idOf(1)}`]);

    // Left for good: the last alert says the watch ended, and `watch list` is empty.
    const leftAt = world.sent.length;
    assert.equal(await signed(origin, world.participantEventBody(record(1, { state: 'end', leftTime: '2026-11-30T10:30:00Z' }), 'left')), 200);
    await eventually(() => directTo(host, leftAt).length > 0, 'the last alert');
    assert.match(directTo(host, leftAt)[0]?.markdown ?? '', /Watched 1 left the meeting\. They left and the meeting is over, so this watch has ended\./);
    assert.match(await typed(origin, 'watch list'), /You are not watching anyone/);

    const records = (await audit()).filter((r) => r.participantId === idOf(1) && String(r.command).startsWith('watch'));
    assert.deepEqual(records.map((r) => [r.command, r.via, r.outcome]), [
      ['watchStart', 'typed', 'added'],
      ['watchAlert', 'watch', 'sent'],
      ['watchAlert', 'watch', 'sent'],
      ['watchEnd', 'watch', 'left'],
    ]);
  });

  it('refuses a forged event with 401 and tells nobody anything', async () => {
    const origin = await start();
    world.emulator.addParticipant(record(2));
    await typed(origin, `watch ${idOf(2)}`);
    const from = world.sent.length;
    assert.equal(await signed(origin, world.participantEventBody(record(2, { state: 'joined' }), 'joined'), 'not-the-secret'), 401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(directTo(host, from), []);
  });

  it('tells a host who may no longer see the participant only that the watch ended', async () => {
    const origin = await start();
    world.emulator.addParticipant(record(3));
    await typed(origin, `watch ${idOf(3)}`);
    const from = world.sent.length;
    const handedOver = record(3, { state: 'joined', hostEmail: 'otto.other@example.com', displayName: 'Not For Wanda' });
    assert.equal(await signed(origin, world.participantEventBody(handedOver, 'joined')), 200);
    await eventually(() => directTo(host, from).length > 0, 'the message');
    const [message] = directTo(host, from);
    assert.match(message?.markdown ?? '', new RegExp(WATCH_ACCESS_LOST.replace(/[.:]/g, '\\$&')));
    assert.ok(!JSON.stringify(message).includes('Not For Wanda') && !JSON.stringify(message).includes('In the meeting'));
  });

  it('Slack: a watch set with /watch is told by a DM from the bot', async () => {
    const origin = await start();
    world.emulator.addParticipant(record(4));
    const command = new URLSearchParams({
      team_id: slack.teamId,
      channel_id: 'C0GENERAL1',
      user_id: SLACK_HOST.id,
      command: '/watch',
      text: idOf(4),
      response_url: slack.newResponseUrl(),
      trigger_id: randomUUID(),
    }).toString();
    const responses = slack.responses.length;
    const answered = await fetch(`${origin}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignatureHeaders(SIGNING_SECRET, command) },
      body: command,
    });
    assert.equal(answered.status, 200);
    await slack.waitFor(() => slack.responses.length > responses);
    assert.equal(slack.responses[responses]?.body.response_type, 'ephemeral');
    assert.match(String(slack.responses[responses]?.body.text), /Watching Watched 4/);

    const posted = slack.callsTo('chat.postMessage').length;
    assert.equal(await signed(origin, world.participantEventBody(record(4, { state: 'breakoutSession' }), 'joined')), 200);
    await slack.waitFor(() => slack.callsTo('chat.postMessage').length > posted);
    const dm = slack.callsTo('chat.postMessage')[posted];
    assert.equal(dm?.body.channel, 'D0WANDA', 'the DM conversations.open gave');
    assert.ok(slack.callsTo('conversations.open').some((c) => c.body.users === SLACK_HOST.id));
    assert.match(String(dm?.body.text), /Watched 4 moved to a breakout session\./);
  });

  it('polls instead when Webex refuses the org-wide webhooks (403), on the shared budget', async () => {
    world.refuseOrgWebhooks(true);
    const clock = new ManualClock(Date.now());
    const origin = await start(clock);
    world.refuseOrgWebhooks(false);
    world.emulator.addParticipant(record(5));
    await typed(origin, `watch ${idOf(5)}`);
    const from = world.sent.length;
    world.emulator.addParticipant(record(5, { state: 'joined' }));
    await seconds(clock, 40, () => directTo(host, from).length > 0);
    assert.match(directTo(host, from)[0]?.markdown ?? '', /Watched 5 joined the meeting\./);
    const polls = world.emulator.requests.filter((r) => r.path === `/v1/meetingParticipants/${idOf(5)}`);
    assert.ok(polls.every((r) => r.query.hostEmail === HOST), 'asked as the host who watches');

    assert.ok((await metric(origin, 'participant_bot_watch_polls_total')) >= 1, 'polls counted');
    assert.ok((await metric(origin, 'participant_bot_watches_active')) >= 1, 'watches in force (all instances: they share Redis)');
    assert.ok((await metric(origin, 'participant_bot_watch_notifications_total{result="sent"}')) >= 1, 'alerts sent');
    assert.doesNotMatch(await (await fetch(`${origin}/metrics`)).text(), /participant_bot_lookups_total\{outcome="(sent|added)"\}/, 'a watch\u2019s records are no lookups');
  });

  it('keeps checking the org-wide webhooks: once Webex allows them again, the next check makes them right, without a restart', async () => {
    world.refuseOrgWebhooks(true);
    for (const webhook of orgWebhooks()) webhook.status = 'inactive';
    await start(undefined, { WEBEX_WEBHOOK_CHECK_SECONDS: '0.2' });
    world.refuseOrgWebhooks(false);
    // The next check repairs them (made, or reactivated) without a restart.
    await eventually(
      () => orgWebhooks().length === 2 && orgWebhooks().every((w) => w.status === 'active'),
      'both org-wide webhooks active again',
    );
  });

  it('two instances sharing Redis: a change delivered to both is told once, and a watch outlives the instance it was set on', async () => {
    const [first, second] = [await start(), await start()];
    world.emulator.addParticipant(record(6));
    await typed(first, `watch ${idOf(6)}`);
    const from = world.sent.length;
    const joined = world.participantEventBody(record(6, { state: 'joined', joinedTime: '2026-11-30T11:00:00Z' }), 'joined');
    assert.deepEqual(await Promise.all([signed(first, joined), signed(second, joined)]), [200, 200]);
    await eventually(() => directTo(host, from).length > 0, 'the alert');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(directTo(host, from).length, 1);

    // The instance the watch was set on stops; the other still knows it and tells the host.
    await bots.splice(bots.length - 2, 1)[0]?.stop();
    const later = world.sent.length;
    assert.equal(await signed(second, world.participantEventBody(record(6, { state: 'breakoutSession' }), 'joined')), 200);
    await eventually(() => directTo(host, later).length > 0, 'the alert from the other instance');
    assert.match(directTo(host, later)[0]?.markdown ?? '', /Watched 6 moved to a breakout session\./);
    assert.match(await typed(second, 'watch list'), /\*\*Watched 6:\*\* In a breakout session/);
  });

  it('Redis lost to one instance: watch, list and stop answer from its memory, a change is told once, and once Redis is back another instance has its watches and tells nobody that change again', async () => {
    const proxy = await startRedisProxy();
    try {
      const first = await start(undefined, { REDIS_URL: `redis://${REDIS_HOST}:${proxy.port}/${TEST_DB}` });
      world.emulator.addParticipant(record(7));
      world.emulator.addParticipant(record(8));
      await typed(first, `watch ${idOf(8)}`);
      await proxy.down();

      assert.match(await typed(first, `watch ${idOf(7)}`), /Watching Watched 7 \(now: Waiting in the lobby\)/);
      assert.match(await typed(first, `watch stop ${idOf(8)}`), /Stopped watching Watched 8\./);
      const listed = await typed(first, 'watch list');
      assert.match(listed, /\*\*Watched 7:\*\*/);
      assert.doesNotMatch(listed, /Watched 8/);
      assert.equal(await metric(first, 'participant_bot_watches_redis_lost'), 1, 'the operator sees the outage');

      // Delivered twice, then a later change: the first is told once, before the second.
      const from = world.sent.length;
      const joined = world.participantEventBody(record(7, { state: 'joined', joinedTime: '2026-11-30T12:00:00Z' }), 'joined');
      assert.deepEqual(await Promise.all([signed(first, joined), signed(first, joined)]), [200, 200]);
      await eventually(() => directTo(host, from).length > 0, 'the alert');
      assert.equal(await signed(first, world.participantEventBody(record(7, { state: 'breakoutSession' }), 'joined')), 200);
      await eventually(() => directTo(host, from).length > 1, 'the next alert');
      assert.deepEqual(directTo(host, from).map((m) => /Watched 7 (joined the meeting|moved to a breakout session)/.exec(m.markdown ?? '')?.[1]), ['joined the meeting', 'moved to a breakout session']);

      await proxy.up();
      await until(async () => (await metric(first, 'participant_bot_watches_redis_lost')) === 0, 'Redis back, and the watches written back');
      const second = await start();
      const seen = await typed(second, 'watch list');
      assert.match(seen, /\*\*Watched 7:\*\* In a breakout session/, 'the watch set during the outage, as told');
      assert.doesNotMatch(seen, /Watched 8/, 'the watch stopped during the outage');

      // The first change again, delivered to the other instance, then a later one: only the later is told.
      const later = world.sent.length;
      assert.equal(await signed(second, joined), 200);
      assert.equal(await signed(second, world.participantEventBody(record(7, { state: 'end', leftTime: '2026-11-30T12:30:00Z' }), 'left')), 200);
      await eventually(() => directTo(host, later).length > 0, 'the last alert');
      assert.equal(directTo(host, later).length, 1);
      assert.match(directTo(host, later)[0]?.markdown ?? '', /Watched 7 left the meeting\./);
    } finally {
      await proxy.down();
    }
  });

  it('Redis lost to two instances relying on push: an event pushed to the one that does not hold the watch is left to its holder, whose poll tells the change once; replayed once Redis is back, it is told no more', async () => {
    // Only these two instances, and only their watches: another's would be adopted, and polled.
    await alone();
    const proxy = await startRedisProxy();
    try {
      const env = { ...POLL, REDIS_URL: `redis://${REDIS_HOST}:${proxy.port}/${TEST_DB}` };
      const logsA: string[] = [];
      const logsB: string[] = [];
      const [clockA, clockB] = [new ManualClock(Date.now()), new ManualClock(Date.now())];
      const a = await start(clockA, env, logsA);
      world.emulator.addParticipant(record(9));
      world.emulator.addParticipant(record(10));
      assert.match(await typed(a, `watch ${idOf(9)}`), /Watching Watched 9/);
      // Started since: its copy in memory has the watch set through A.
      const b = await start(clockB, env, logsB);
      assert.match(await typed(b, `watch ${idOf(10)}`), /Watching Watched 10/);
      assert.match(await typed(b, 'watch list'), /\*\*Watched 9:\*\*/);
      // Both rely on push once a check finds the webhooks active; A's safety net polls 9 once, and
      // would not again for 20 s.
      const unpolled = polls(9);
      for (const [clock, logs] of [[clockA, logsA], [clockB, logsB]] as const) {
        await seconds(clock, 10, () => logs.some((line) => line.includes(PUSHING)) && polls(9) > unpolled);
        await eventually(() => logs.some((line) => line.includes(PUSHING)), 'push relied on');
      }
      assert.ok(polls(9) > unpolled, 'polled by the safety net');
      await proxy.down();

      // 9 joins; Webex pushes it to B, which does not hold the watch: B tells nobody, though it tells
      // its own watch (10), pushed after it.
      const from = world.sent.length;
      const joined = { state: 'joined', joinedTime: '2026-11-30T13:00:00Z' };
      world.emulator.addParticipant(record(9, joined));
      const joinedEvent = world.participantEventBody(record(9, joined), 'joined');
      assert.equal(await signed(b, joinedEvent), 200);
      assert.equal(await signed(b, world.participantEventBody(record(10, joined), 'joined')), 200);
      await eventually(() => alertsOf(10, from).length > 0, 'B tells its own watch');
      assert.equal(alertsOf(9, from).length, 0, 'B left 9 to its holder');

      // A, which holds it, polls it every WATCH_POLL_SECONDS while Redis is lost, push or not:
      // within that and a round of its last poll, where the safety net would wait 20 s.
      const polled = polls(9);
      await seconds(clockA, 7, () => polls(9) > polled);
      await eventually(() => alertsOf(9, from).length > 0, 'the alert from the holder\'s poll');
      assert.match(alertsOf(9, from)[0]?.markdown ?? '', /Watched 9 joined the meeting\./);

      await proxy.up();
      for (const origin of [a, b]) await until(async () => (await metric(origin, 'participant_bot_watches_redis_lost')) === 0, 'Redis back, and the watches written back');
      // The same change again, to both, then a later one: only the later is told.
      assert.deepEqual(await Promise.all([signed(a, joinedEvent), signed(b, joinedEvent)]), [200, 200]);
      assert.equal(await signed(b, world.participantEventBody(record(9, { state: 'end', leftTime: '2026-11-30T13:30:00Z' }), 'left')), 200);
      await eventually(() => alertsOf(9, from).length > 1, 'the last alert');
      assert.deepEqual(alertsOf(9, from).map((m) => /Watched 9 (joined the meeting|left the meeting)/.exec(m.markdown ?? '')?.[1]), ['joined the meeting', 'left the meeting']);
    } finally {
      await proxy.down();
    }
  });

  describe('one instance relying on push, WATCH_POLL_SECONDS 5 (the safety net every 20 s), its clock moved by the test', () => {
    const TAKEN_OVER = 'Watches poll: a meetingParticipants webhook was missing or inactive';
    const checks = () => world.emulator.requests.filter((r) => r.method === 'GET' && r.path === '/v1/webhooks' && r.query.ownedBy === 'org').length;
    const repairs = () => world.emulator.requests.filter((r) => r.path.startsWith('/v1/webhooks') && r.method !== 'GET').length;

    // Alone: another instance's checks would find the disabled webhooks, and repair them, first;
    // and no watches of the tests above, whose polls would take the rounds' turns.
    before(alone);

    /** Starts an instance, watches participant `n` and moves on until a check finds the webhooks active: Webex pushes. */
    async function watchingWithPush(n: number, logs: string[] = []): Promise<ManualClock> {
      const clock = new ManualClock(Date.now());
      const origin = await start(clock, POLL, logs);
      world.emulator.addParticipant(record(n));
      assert.match(await typed(origin, `watch ${idOf(n)}`), new RegExp(`Watching Watched ${n}`));
      const [checked, looked] = [checks(), polls(n)];
      // While anyone watches, the webhooks are checked every WATCH_POLL_SECONDS; the safety net polls a new watch's participant once.
      await seconds(clock, 10, () => checks() > checked && polls(n) > looked);
      await eventually(() => logs.some((line) => line.includes(PUSHING)), 'push relied on');
      await seconds(clock, 1);
      return clock;
    }

    it('Webex disables the webhooks between checks: the next check turns polling on, the first poll tells the change never pushed, and polling stops once they stay active', async () => {
      const logs: string[] = [];
      const clock = await watchingWithPush(7, logs);
      const said = (text: string) => logs.filter((line) => line.includes(text)).length;

      // After failed deliveries Webex makes both webhooks inactive; the participant joins meanwhile, and nothing is pushed.
      for (const webhook of orgWebhooks()) webhook.status = 'inactive';
      world.emulator.addParticipant(record(7, { state: 'joined', joinedTime: '2026-11-30T12:00:00Z' }));
      const from = world.sent.length;
      // Within WATCH_POLL_SECONDS and a round (10 s leaves room for a slow machine): the safety net alone would take 20 s.
      await seconds(clock, 10, () => alertsOf(7, from).length > 0);
      assert.match(alertsOf(7, from)[0]?.markdown ?? '', /Watched 7 joined the meeting\./);
      assert.equal(said(TAKEN_OVER), 1, 'the operator is told why watches poll');
      assert.ok(orgWebhooks().length === 2 && orgWebhooks().every((w) => w.status === 'active'), 'both reactivated in place');

      // The next check finds them still active: Webex pushes again, and the polls every 5 s stop.
      const pushing = said(PUSHING);
      await seconds(clock, 10, () => said(PUSHING) > pushing);
      assert.equal(said(PUSHING), pushing + 1, 'the operator is told Webex pushes again');
      await seconds(clock, 2);
      const polled = polls(7);
      await seconds(clock, 10);
      assert.equal(polls(7), polled, 'only the safety net polls now, 20 s after the last poll');
      assert.equal(alertsOf(7, from).length, 1);
    });

    it('while Webex pushes, a move it has no event for (lobby to the meeting) is told by the safety net, at most every 4 \u00d7 WATCH_POLL_SECONDS', async () => {
      const clock = await watchingWithPush(8);
      const repaired = repairs();
      const from = world.sent.length;
      // Admitted from the lobby: meetingParticipants webhooks have only joined and left, and Webex pushes nothing here.
      world.emulator.addParticipant(record(8, { state: 'joined', joinedTime: '2026-11-30T12:10:00Z' }));
      await seconds(clock, 25, () => alertsOf(8, from).length > 0);
      assert.match(alertsOf(8, from)[0]?.markdown ?? '', /Watched 8 joined the meeting\./);
      assert.equal(repairs(), repaired, 'the webhooks stayed active: push was relied on throughout');
      const polled = polls(8);
      await seconds(clock, 15);
      assert.equal(polls(8), polled, 'not polled every 5 s while Webex pushes');
    });
  });
});
