import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBot, type Running } from '../../src/bot.js';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { toWebexMessage } from '../../src/transports/webex/outgoing.js';
import { seedExampleBody } from '../support/fixtures.js';
import { startSlackApiEmulator, type SlackApiEmulator } from '../support/slack-api-emulator.js';
import { slackSignatureHeaders } from '../support/slack-signing.js';
import { textsOf } from '../support/slack-harness.js';
import { auditRecords, deployedEnv, webexDelivery as deliver } from '../support/deployed.js';
import { eventually, mentionHtml, sharedWebexWorld, type Person, type WebexWorld } from '../support/webex-messaging.js';

const WEBHOOK_SECRET = 'deployed-webhook-secret';
const SIGNING_SECRET = 'deployed-signing-secret';
const PARTICIPANT_ID = '560d7b784f5143e3be2fc3064a5c4999_7b1b7a6e-4a8c-4bb4-a3b4-5f0c3c1f0a11';
const HOST = 'harriet.host@example.com';
const STRANGER = 'sid.stranger@example.com';
const SLACK_HOST = { id: 'U0HARRIET', email: HOST };
/** Another participant for Slack: the one above is cached once it has left (an ended meeting's answers do not change). */
const LOBBY_ID = '560d7b784f5143e3be2fc3064a5c4999_0d4f8a8e-5c1d-4a55-9d53-0a4b8e3c2f10';

/**
 * The bot as a user deploys it (startBot, both platforms, REDIS_URL, an access file, an audit file),
 * driven only through what Webex and Slack would send: buttons work end to end, through the
 * composition and not only piece by piece.
 */
describe('the bot as deployed: buttons on Webex (webhooks) and Slack (HTTP), with Redis', function () {
  this.timeout(30_000);

  let dir: string;
  let world: WebexWorld;
  let slack: SlackApiEmulator;
  let host: Person;
  let stranger: Person;
  let origin: string;
  const bots: Running[] = [];

  async function start(): Promise<string> {
    const config = readConfig(
      deployedEnv({ webex: world.emulator, slack, webhookUrl: 'https://deployed.example.com/webex/events', webhookSecret: WEBHOOK_SECRET, signingSecret: SIGNING_SECRET, dir }),
    );
    const running = await startBot(config, createLogger('silent'));
    bots.push(running);
    return `http://127.0.0.1:${(running.server.address() as AddressInfo).port}`;
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'deployed-'));
    await writeFile(path.join(dir, 'access.json'), JSON.stringify({ admins: ['ada.admin@example.com'] }));
    world = await sharedWebexWorld();
    world.emulator.addParticipant({ ...seedExampleBody, id: PARTICIPANT_ID, hostEmail: HOST });
    world.emulator.addParticipant({ ...seedExampleBody, id: LOBBY_ID, hostEmail: HOST });
    host = world.addPerson(HOST, 'Harriet Host');
    stranger = world.addPerson(STRANGER, 'Sid Stranger');
    slack = await startSlackApiEmulator();
    slack.addUser(SLACK_HOST);
    origin = await start();
  });

  after(async () => {
    for (const bot of bots) await bot.stop();
    await slack.close();
    await rm(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    world.emulator.addParticipant({ ...seedExampleBody, id: PARTICIPANT_ID, hostEmail: HOST });
    world.emulator.addParticipant({ ...seedExampleBody, id: LOBBY_ID, hostEmail: HOST });
  });

  const webexDelivery = (origin: string, body: unknown) => deliver(origin, body, WEBHOOK_SECRET);

  async function slackPost(origin: string, body: string): Promise<number> {
    const response = await fetch(`${origin}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignatureHeaders(SIGNING_SECRET, body) },
      body,
    });
    return response.status;
  }

  const audit = () => auditRecords(path.join(dir, 'audit.jsonl'));

  it('Webex: the host\u2019s Refresh shows the current state and replaces the card; a stranger\u2019s click reveals nothing', async () => {
    const room = world.directRoom(host);
    const before = world.sent.length;
    assert.equal(await webexDelivery(origin, world.webhookBody(world.postMessage(host, room, `participant ${PARTICIPANT_ID}`))), 200);
    await eventually(() => world.sent.length > before, 'the card');
    const cardId = world.sentIds[before] ?? '';
    const refresh = (world.sent[before]?.attachments?.[0]?.content as { actions: Array<{ data: Record<string, unknown> }> }).actions[0]?.data ?? {};

    world.emulator.addParticipant({ ...seedExampleBody, id: PARTICIPANT_ID, hostEmail: HOST, state: 'end' });
    assert.equal(await webexDelivery(origin, world.actionWebhookBody(world.click(host, cardId, refresh))), 200);
    await eventually(() => world.sent.length > before + 1 && world.deleted.includes(cardId), 'the fresh card, the old one deleted');
    assert.match(world.sent[before + 1]?.markdown ?? '', /Left the meeting/);
    assert.equal(world.sent[before + 1]?.roomId, room.id);

    // Someone with no access clicks a card in a space they share with the host.
    const space = world.groupRoom('Shared with a stranger', [host, stranger]);
    const helpAt = world.sent.length;
    const help = world.postMessage(host, space, 'Participant Bot help', mentionHtml(world.bot, 'Participant Bot', 'help'));
    assert.equal(await webexDelivery(origin, world.webhookBody(help)), 200);
    await eventually(() => world.sent.length > helpAt, 'the help card in the space');
    const sentBefore = world.sent.length;
    const inSpace = world.sentIds.at(-1) ?? '';
    assert.equal(await webexDelivery(origin, world.actionWebhookBody(world.click(stranger, inSpace, refresh))), 200);
    await eventually(() => world.sent.length >= sentBefore + 2, 'the answer to the stranger, and the notice');
    assert.deepEqual(world.sent.slice(sentBefore), [
      { toPersonId: stranger.id, ...toWebexMessage({ kind: 'notFound', subject: { participantId: PARTICIPANT_ID } }) },
      { roomId: space.id, markdown: 'I sent you the details in a direct message.' },
    ]);
    assert.ok(!world.deleted.includes(inSpace));

    const records = await audit();
    assert.deepEqual(
      records.slice(-3).map((r) => [r.platform, r.via, r.requester, r.outcome]),
      [
        ['webex', 'typed', HOST, 'found'],
        ['webex', 'button', HOST, 'found'],
        // Asked with the stranger as host filter, Webex finds nothing: the same words as for any unknown id.
        ['webex', 'button', STRANGER, 'notFound'],
      ],
    );
  });

  it('Slack: the Refresh of a slash command\u2019s answer replaces it with the current state', async () => {
    const command = new URLSearchParams({
      team_id: slack.teamId,
      channel_id: 'C0GENERAL1',
      user_id: SLACK_HOST.id,
      command: '/participant',
      text: LOBBY_ID,
      response_url: slack.newResponseUrl(),
      trigger_id: randomUUID(),
    }).toString();
    assert.equal(await slackPost(origin, command), 200);
    await slack.waitFor(() => slack.responses.length === 1);
    const blocks = slack.responses[0]?.body.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>;
    const refresh = blocks.find((b) => b.type === 'actions')?.elements?.[0];
    assert.deepEqual([refresh?.action_id, refresh?.value], ['command_refresh', `participant ${LOBBY_ID}`]);

    world.emulator.addParticipant({ ...seedExampleBody, id: LOBBY_ID, hostEmail: HOST, state: 'joined' });
    const click = {
      type: 'block_actions',
      user: { id: SLACK_HOST.id, team_id: slack.teamId },
      api_app_id: 'A0EMULATOR',
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0GENERAL1', is_ephemeral: true },
      trigger_id: randomUUID(),
      team: { id: slack.teamId, domain: 'emulator' },
      channel: { id: 'C0GENERAL1', name: 'general' },
      response_url: slack.newResponseUrl(),
      actions: [{ type: 'button', action_id: refresh?.action_id, value: refresh?.value, block_id: 'b', action_ts: '1700000001.0' }],
    };
    assert.equal(await slackPost(origin, new URLSearchParams({ payload: JSON.stringify(click) }).toString()), 200);
    await slack.waitFor(() => slack.responses.length === 2);
    const answer = slack.responses[1]?.body;
    assert.equal(answer?.replace_original, true);
    assert.ok(textsOf(answer?.blocks).some((t) => t.includes('In the meeting')));
    const [typed, clicked] = (await audit()).filter((r) => r.platform === 'slack');
    assert.deepEqual([typed?.via, clicked?.via, clicked?.requester], ['typed', 'button', HOST]);
  });

  it('Webex and Slack: a host finds who is in their meeting by its number, privately, and Details opens one of them', async () => {
    const meetingId = PARTICIPANT_ID.split('_')[0] ?? '';
    const lea = { ...seedExampleBody, id: LOBBY_ID, meetingId, hostEmail: HOST, displayName: 'Lea Lobby', state: 'lobby' };
    world.emulator.addParticipant(lea);
    world.emulator.addMeeting({
      id: meetingId,
      meetingNumber: '26401112222',
      webLink: 'https://deployed.webex.com/meet/harriet',
      state: 'inProgress',
      start: new Date().toISOString(),
      hostEmail: HOST,
      participants: [
        { ...seedExampleBody, id: PARTICIPANT_ID, meetingId, hostEmail: HOST, displayName: 'Joe Doe', state: 'joined' },
        lea,
      ],
    });

    // Webex, in a group space: the roster goes to the host directly, the space gets the notice.
    const space = world.groupRoom('Roster space', [host, stranger]);
    const before = world.sent.length;
    const text = 'participants 2640 111 2222';
    assert.equal(await webexDelivery(origin, world.webhookBody(world.postMessage(host, space, `Participant Bot ${text}`, mentionHtml(world.bot, 'Participant Bot', text)))), 200);
    await eventually(() => world.sent.length >= before + 2, 'the roster and the notice');
    const [roster, notice] = world.sent.slice(before);
    assert.equal(roster?.toPersonId, host.id);
    assert.match(roster?.markdown ?? '', /2 in all: 1 in the lobby · 1 in the meeting/);
    assert.ok((roster?.markdown ?? '').indexOf('Lea Lobby') < (roster?.markdown ?? '').indexOf('Joe Doe'), 'lobby first');
    assert.deepEqual(notice, { roomId: space.id, markdown: 'I sent you the details in a direct message.' });

    // Details on the roster: that person's card, as a new message beside the roster.
    const card = roster?.attachments?.[0]?.content as { body: unknown[] };
    const details = JSON.stringify(card).match(/"command":"(participant [^"]+)"/)?.[1];
    assert.equal(details, `participant ${LOBBY_ID}`);
    const rosterId = world.sentIds[before] ?? '';
    const clicked = world.sent.length;
    assert.equal(await webexDelivery(origin, world.actionWebhookBody(world.click(host, rosterId, { command: details }))), 200);
    await eventually(() => world.sent.length > clicked, 'the participant card');
    assert.match(world.sent[clicked]?.markdown ?? '', /Lea Lobby/);
    assert.ok(!world.deleted.includes(rosterId), 'Details adds a card, it does not replace the roster');

    // A stranger asking for the same meeting learns nothing.
    const strangerAt = world.sent.length;
    const dm = world.directRoom(stranger);
    assert.equal(await webexDelivery(origin, world.webhookBody(world.postMessage(stranger, dm, text))), 200);
    await eventually(() => world.sent.length > strangerAt, 'the answer to the stranger');
    assert.deepEqual(world.sent.slice(strangerAt), [{ roomId: dm.id, ...toWebexMessage({ kind: 'notFound', subject: { meeting: '26401112222' } }) }]);

    // Slack: /participants, answered ephemerally with the same roster.
    const responses = slack.responses.length;
    const command = new URLSearchParams({
      team_id: slack.teamId,
      channel_id: 'C0GENERAL1',
      user_id: SLACK_HOST.id,
      command: '/participants',
      text: '2640-111-2222',
      response_url: slack.newResponseUrl(),
      trigger_id: randomUUID(),
    }).toString();
    assert.equal(await slackPost(origin, command), 200);
    await slack.waitFor(() => slack.responses.length > responses);
    const answer = slack.responses[responses]?.body;
    assert.equal(answer?.response_type, 'ephemeral');
    assert.ok(textsOf(answer?.blocks).some((t) => t.includes('Lea Lobby')));
    assert.ok(textsOf(answer?.blocks).includes(`participant ${LOBBY_ID}`), 'a Details button for Lea');
  });

  it('two instances sharing Redis answer a click delivered to both exactly once', async () => {
    const [first, second] = [origin, await start()];
    const room = world.directRoom(host);
    const before = world.sent.length;
    assert.equal(await webexDelivery(first, world.webhookBody(world.postMessage(host, room, `participant ${PARTICIPANT_ID}`))), 200);
    await eventually(() => world.sent.length > before, 'the card');
    const body = world.actionWebhookBody(world.click(host, world.sentIds[before] ?? '', { command: 'help' }));
    const clicked = world.sent.length;
    assert.deepEqual(await Promise.all([webexDelivery(first, body), webexDelivery(second, body)]), [200, 200]);
    await eventually(() => world.sent.length > clicked, 'one answer');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(world.sent.length, clicked + 1);
  });
});
