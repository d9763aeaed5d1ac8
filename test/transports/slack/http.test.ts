import assert from 'node:assert/strict';
import { errorTitle, HELP_INTRO } from '../../../src/replies/messages.js';
import {
  PARTICIPANT_ID,
  PARTICIPANT_NAME,
  startSlackHarness,
  textsOf,
  USERS,
  type SlackHarness,
} from '../../support/slack-harness.js';

const BOT_USER_ID = 'UBOT0001';

const directMessage = (fields: Record<string, unknown> = {}) => ({
  type: 'message',
  channel: 'D0DIRECT1',
  channel_type: 'im',
  user: USERS.host.id,
  text: `participant ${PARTICIPANT_ID}`,
  ts: '1700000000.000100',
  event_ts: '1700000000.000100',
  ...fields,
});

const mention = (fields: Record<string, unknown> = {}) => ({
  type: 'app_mention',
  channel: 'C0GENERAL1',
  user: USERS.host.id,
  text: `<@${BOT_USER_ID}> participant ${PARTICIPANT_ID}`,
  ts: '1700000000.000200',
  event_ts: '1700000000.000200',
  ...fields,
});

const shows = (payload: unknown, text: string) => textsOf(payload).some((t) => t.includes(text));

describe('Slack transport over HTTP (real Bolt, emulated Slack and Webex)', () => {
  let h: SlackHarness;

  beforeEach(async () => {
    h = await startSlackHarness('http');
  });

  afterEach(async () => {
    await h.close();
  });

  describe('/participant', () => {
    it('acknowledges with an empty body and answers through response_url, ephemerally, with the details', async () => {
      const ack = await h.postSlashCommand();
      assert.equal(ack.status, 200);
      assert.equal(await ack.text(), '', 'the ack itself must not post anything into the channel');

      await h.slack.waitFor(() => h.slack.responses.length === 1);
      const [answer] = h.slack.responses;
      assert.equal(answer?.body.response_type, 'ephemeral');
      assert.ok(Array.isArray(answer?.body.blocks), 'Block Kit blocks');
      assert.ok(shows(answer?.body.blocks, PARTICIPANT_NAME), 'the blocks name the participant');
      assert.equal(typeof answer?.body.text, 'string', 'fallback text');
      assert.equal(h.webex.requests.length, 1);
      assert.equal(h.handled[0]?.requester.email, USERS.host.email);
      assert.equal(h.slack.callsTo('chat.postEphemeral').length, 0);
    });

    it('acknowledges before a slow Webex lookup has finished', async () => {
      h.webex.failNext(1, { delayMs: 800 });

      const ack = await h.postSlashCommand();
      const ackedAt = h.slack.mark();
      const webexAnsweredBeforeAck = h.webex.requests.filter((r) => r.status !== undefined).length;

      assert.equal(ack.status, 200);
      assert.equal(webexAnsweredBeforeAck, 0, 'Webex had not answered when Slack got the ack');
      await h.slack.waitFor(() => h.slack.responses.length === 1);
      assert.ok((h.slack.responses[0]?.seq ?? 0) > ackedAt, 'the answer came after the ack');
      assert.ok(shows(h.slack.responses[0]?.body.blocks, PARTICIPANT_NAME));
    });

    for (const status of [404, 410]) {
      it(`falls back to chat.postEphemeral when response_url answers ${status}`, async () => {
        h.slack.failResponseUrls(status);

        await h.postSlashCommand({ channel_id: 'C0PROJECT1' });

        await h.slack.waitFor(() => h.slack.callsTo('chat.postEphemeral').length === 1);
        const [fallback] = h.slack.callsTo('chat.postEphemeral');
        assert.equal(fallback?.body.channel, 'C0PROJECT1');
        assert.equal(fallback?.body.user, USERS.host.id);
        assert.ok(shows(fallback?.body.blocks, PARTICIPANT_NAME));
        assert.equal(fallback?.bearer, h.slack.botToken);
        assert.equal(h.slack.responses[0]?.status, status, 'response_url was tried first');
        await h.waitForLog((line) => line.level === 40 && String(line.msg).includes('response_url'));
      });
    }

    it('logs the loss when response_url and chat.postEphemeral both fail', async () => {
      h.slack.failResponseUrls(410);
      h.slack.failNext('chat.postEphemeral', 1, { error: 'channel_not_found' });

      await h.postSlashCommand();

      const line = await h.waitForLog((l) => l.level === 50 && String(l.msg).includes('lost'));
      assert.equal(line.userId, USERS.host.id);
      assert.match(JSON.stringify(line.err), /channel_not_found/);
    });

    it('answers a user whose email Slack withholds (missing_scope) plainly, and tells the operator the scope', async () => {
      h.slack.failNext('users.info', 1, { error: 'missing_scope', needed: 'users:read.email', provided: 'commands' });

      await h.postSlashCommand();

      await h.slack.waitFor(() => h.slack.responses.length === 1);
      const [answer] = h.slack.responses;
      assert.equal(answer?.body.response_type, 'ephemeral');
      assert.ok(shows(answer?.body, errorTitle({ code: 'unknownRequester' })));
      assert.ok(!shows(answer?.body, PARTICIPANT_NAME));
      assert.equal(h.webex.requests.length, 0, 'no lookup for an unknown requester');
      const line = await h.waitForLog((l) => l.slackError === 'missing_scope');
      assert.equal(line.level, 50);
      assert.equal(line.needed, 'users:read.email');
      assert.match(String(line.msg), /users:read\.email/);
    });

    it('reads the answer\u2019s times in the requester\u2019s Slack time zone (users.info tz), named', async () => {
      await h.postSlashCommand();
      await h.slack.waitFor(() => h.slack.responses.length === 1);
      assert.equal(h.handled[0]?.requester.timeZone, 'America/New_York');
      // The seed participant joined 2022-10-25 09:00 UTC: 05:00 in New York, on summer time.
      assert.ok(shows(h.slack.responses[0]?.body.blocks, 'Joined: 25 Oct 2022 05:00 EDT'), 'the join time in New York');
    });

    it('takes the access file\u2019s slackUsers first and caches what users.info says', async () => {
      for (const [index, user] of [USERS.admin, USERS.host, USERS.host].entries()) {
        await h.postSlashCommand({ user_id: user.id });
        await h.slack.waitFor(() => h.slack.responses.length === index + 1);
      }

      assert.deepEqual(
        h.handled.map((c) => c.requester.email),
        [USERS.admin.email, USERS.host.email, USERS.host.email],
      );
      const lookups = h.slack.callsTo('users.info');
      assert.deepEqual(
        lookups.map((c) => c.body.user),
        [USERS.admin.id, USERS.host.id],
        'each looked up once: the mapped user for the time zone alone (Slack does not know them here, so it is not kept)',
      );
    });
  });

  describe('request verification', () => {
    it('refuses a forged slash command with 401 and does no work', async () => {
      const response = await h.postSlashCommand({}, { secret: 'not-the-signing-secret' });

      assert.equal(response.status, 401);
      assert.equal(h.handled.length, 0);
      assert.equal(h.webex.requests.length, 0);
      assert.equal(h.slack.responses.length, 0);
    });

    it('refuses a correctly signed request older than 5 minutes with 401 and does no work', async () => {
      const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;

      const response = await h.postSlashCommand({}, { timestampSeconds: sixMinutesAgo });

      assert.equal(response.status, 401);
      assert.equal(h.handled.length, 0);
      assert.equal(h.webex.requests.length, 0);
    });

    it('refuses a forged event with 401 and does no work', async () => {
      const response = await h.postEvent(directMessage(), { secret: 'not-the-signing-secret' });

      assert.equal(response.status, 401);
      assert.equal(h.handled.length, 0);
      assert.equal(h.slack.calls.filter((c) => c.method.startsWith('chat.')).length, 0);
    });
  });

  describe('events', () => {
    it('answers a direct message in the DM with chat.postMessage', async () => {
      const response = await h.postEvent(directMessage());
      assert.equal(response.status, 200);

      await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length === 1);
      const [post] = h.slack.callsTo('chat.postMessage');
      assert.equal(post?.body.channel, 'D0DIRECT1');
      assert.ok(shows(post?.body.blocks, PARTICIPANT_NAME));
      assert.equal(typeof post?.body.text, 'string');
      assert.equal(post?.bearer, h.slack.botToken);
      assert.equal(h.slack.callsTo('chat.postEphemeral').length, 0);
    });

    it('answers a channel mention ephemerally to the requester only, without the mention', async () => {
      await h.postEvent(mention());

      await h.slack.waitFor(() => h.slack.callsTo('chat.postEphemeral').length === 1);
      const [post] = h.slack.callsTo('chat.postEphemeral');
      assert.equal(post?.body.channel, 'C0GENERAL1');
      assert.equal(post?.body.user, USERS.host.id);
      assert.ok(shows(post?.body.blocks, PARTICIPANT_NAME));
      assert.equal(h.handled[0]?.text, `participant ${PARTICIPANT_ID}`);
      assert.equal(h.slack.callsTo('chat.postMessage').length, 0, 'nothing public in the channel');
    });

    it('answers a mention in the bot\u2019s DM once, in the DM, although it also arrives as app_mention', async () => {
      await h.postEvent(mention({ channel: 'D0DIRECT1' }));
      await h.postEvent(directMessage({ text: `<@${BOT_USER_ID}> participant ${PARTICIPANT_ID}` }));

      await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length === 1);
      assert.equal(h.slack.callsTo('chat.postMessage')[0]?.body.channel, 'D0DIRECT1');
      assert.equal(h.handled.length, 1);
      assert.equal(h.handled[0]?.text, `participant ${PARTICIPANT_ID}`);
      assert.equal(h.slack.callsTo('chat.postEphemeral').length, 0);
    });

    it('answers a mention in a thread inside that thread', async () => {
      await h.postEvent(mention({ thread_ts: '1700000000.000001' }));

      await h.slack.waitFor(() => h.slack.callsTo('chat.postEphemeral').length === 1);
      assert.equal(h.slack.callsTo('chat.postEphemeral')[0]?.body.thread_ts, '1700000000.000001');
    });

    it('answers an event once when Slack retries it (same event_id, X-Slack-Retry-Num: 1)', async () => {
      h.webex.failNext(1, { delayMs: 300 });

      const first = await h.postEvent(directMessage(), { eventId: 'Ev0RETRIED' });
      const retry = await h.postEvent(directMessage(), { eventId: 'Ev0RETRIED', retryNum: 1 });

      assert.equal(first.status, 200);
      assert.equal(retry.status, 200);
      await h.slack.waitFor(() => h.claims.length === 2 && h.slack.callsTo('chat.postMessage').length === 1);
      assert.deepEqual(await Promise.all(h.claims.map((c) => c.result)), [true, false]);
      assert.equal(h.handled.length, 1);
      assert.equal(h.slack.callsTo('chat.postMessage').length, 1);
    });

    it('ignores bot messages, edits, joins, channel chatter and its own messages', async () => {
      const ignored = [
        directMessage({ subtype: 'bot_message', bot_id: 'B0OTHER01', user: undefined }),
        directMessage({ bot_id: 'B0OTHER01' }),
        directMessage({ subtype: 'message_changed' }),
        directMessage({ subtype: 'channel_join', channel_type: 'channel', channel: 'C0GENERAL1' }),
        directMessage({ channel_type: 'channel', channel: 'C0GENERAL1' }),
        directMessage({ user: BOT_USER_ID, bot_id: 'BBOT0001' }),
      ];
      for (const event of ignored) assert.equal((await h.postEvent(event)).status, 200);
      await h.postEvent(directMessage({ text: 'help' }));

      await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length === 1);
      assert.deepEqual(
        h.handled.map((c) => c.text),
        ['help'],
      );
      assert.equal(h.claims.length, 1);
    });
  });

  it('notifies a person who did not just ask in their DM with the bot (conversations.open, then chat.postMessage)', async () => {
    assert.equal(await h.transport.notify(USERS.host.id, { kind: 'help' }), true);
    const [open] = h.slack.callsTo('conversations.open');
    assert.equal(open?.body.users, USERS.host.id);
    const [post] = h.slack.callsTo('chat.postMessage');
    assert.equal(post?.body.channel, 'D0HOST001');
    assert.ok(shows(post?.body.blocks, HELP_INTRO));
  });

  it('counts a notification Slack refuses as lost, naming the user', async () => {
    h.slack.failNext('conversations.open', 1, { error: 'user_not_found' });
    assert.equal(await h.transport.notify('U0GONE001', { kind: 'help' }), false);
    const line = await h.waitForLog((l) => l.level === 50 && String(l.msg).includes('lost'));
    assert.equal(line.userId, 'U0GONE001');
    assert.match(JSON.stringify(line.err), /user_not_found/);
  });

  it('reports itself ready on /healthz', async () => {
    const response = await fetch(`${h.origin}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(h.transport.isReady(), true);
  });

  it('never writes a token or the signing secret into the log', async () => {
    await h.postSlashCommand();
    await h.postEvent(directMessage());
    await h.slack.waitFor(() => h.slack.responses.length === 1 && h.slack.callsTo('chat.postMessage').length === 1);

    assert.ok(h.rawLogs.length > 0);
    for (const secret of [h.slack.botToken, h.signingSecret, h.webex.apiToken]) {
      assert.ok(!h.rawLogs.some((line) => line.includes(secret)), 'a secret reached the log');
    }
  });
});
