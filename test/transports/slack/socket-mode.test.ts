import assert from 'node:assert/strict';
import { PARTICIPANT_NAME, startSlackHarness, textsOf, USERS, type SlackHarness } from '../../support/slack-harness.js';

describe('Slack transport in Socket Mode (real Bolt, local WebSocket server)', () => {
  let h: SlackHarness;

  beforeEach(async () => {
    h = await startSlackHarness('socket');
  });

  afterEach(async () => {
    await h.close();
  });

  it('connects with the app token through apps.connections.open', () => {
    const [open] = h.slack.callsTo('apps.connections.open');
    assert.equal(open?.bearer, h.slack.appToken);
    assert.equal(h.transport.isReady(), true);
  });

  it('acks a slash_commands envelope with its envelope_id and answers through response_url', async () => {
    const socket = h.socket;
    assert.ok(socket);
    h.webex.failNext(1, { delayMs: 300 });

    const envelopeId = socket.sendSlashCommand(h.slashCommand());

    const ack = await socket.waitForAck(envelopeId);
    const ackedAt = h.slack.mark();
    assert.equal(ack.envelope_id, envelopeId);
    await h.slack.waitFor(() => h.slack.responses.length === 1);
    const [answer] = h.slack.responses;
    assert.ok((answer?.seq ?? 0) > ackedAt, 'acked before the slow lookup was answered');
    assert.equal(answer?.body.response_type, 'ephemeral');
    assert.ok(textsOf(answer?.body.blocks).some((t) => t.includes(PARTICIPANT_NAME)));
    assert.equal(h.handled[0]?.requester.email, USERS.host.email);
  });

  it('is no longer connected once stopped', async () => {
    await h.transport.stopReceiving();
    assert.equal(h.transport.isReady(), false);
  });

  it('never writes the app token into the log', async () => {
    assert.ok(h.rawLogs.length > 0);
    assert.ok(!h.rawLogs.some((line) => line.includes(h.slack.appToken) || line.includes(h.slack.botToken)));
  });
});
