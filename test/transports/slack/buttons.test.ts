import assert from 'node:assert/strict';
import { renderBlockKit } from '../../../src/render/block-kit.js';
import { seedExampleBody } from '../../support/fixtures.js';
import { PARTICIPANT_ID, PARTICIPANT_NAME, startSlackHarness, textsOf, USERS, type SlackHarness } from '../../support/slack-harness.js';

/** The buttons of the last answer that went through a response_url. */
function buttonsOf(h: SlackHarness): Array<{ action_id: string; value: string }> {
  const blocks = (h.slack.responses.at(-1)?.body.blocks ?? []) as Array<{ type: string; elements?: Array<{ type: string; action_id: string; value: string }> }>;
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).filter((e) => e.type === 'button'));
}

const shows = (payload: unknown, text: string) => textsOf(payload).some((t) => t.includes(text));

for (const mode of ['http', 'socket'] as const) {
  describe(`Slack buttons, ${mode === 'http' ? 'over HTTP' : 'in Socket Mode'} (real Bolt, emulated Slack and Webex)`, () => {
    let h: SlackHarness;

    beforeEach(async () => {
      h = await startSlackHarness(mode);
    });

    afterEach(async () => {
      await h.close();
    });

    /** Sends the click as Slack would in this mode: HTTP must be acked 200 at once; the socket, acked by envelope. */
    async function click(userId: string, button: { action_id: string; value: string }, channelId?: string): Promise<void> {
      const payload = { userId, button, ...(channelId !== undefined ? { channelId } : {}) };
      if (mode === 'http') {
        const ack = await h.postAction(payload);
        assert.equal(ack.status, 200);
        return;
      }
      const socket = h.socket;
      assert.ok(socket);
      await socket.waitForAck(socket.sendInteractive(h.blockActions(payload)));
    }

    async function askAsHost(): Promise<{ action_id: string; value: string }> {
      if (mode === 'http') await h.postSlashCommand();
      else h.socket?.sendSlashCommand(h.slashCommand());
      await h.slack.waitFor(() => h.slack.responses.length === 1);
      const refresh = buttonsOf(h).find((b) => b.action_id === 'command_refresh');
      assert.deepEqual(refresh, { type: 'button', action_id: 'command_refresh', value: `participant ${PARTICIPANT_ID}`, text: { type: 'plain_text', text: 'Refresh' } });
      return refresh;
    }

    it('Refresh from the person who asked shows the current state, replacing the original', async () => {
      const refresh = await askAsHost();
      h.webex.addParticipant({ ...seedExampleBody, state: 'end' });

      await click(USERS.host.id, refresh);

      await h.slack.waitFor(() => h.slack.responses.length === 2);
      const answer = h.slack.responses[1]?.body;
      assert.equal(answer?.replace_original, true);
      assert.equal(answer?.response_type, 'ephemeral');
      assert.ok(shows(answer?.blocks, 'Left the meeting'));
      assert.ok(shows(answer?.blocks, PARTICIPANT_NAME));
      assert.deepEqual(h.handled.map((x) => [x.requester.email, x.requester.via, x.text]), [
        [USERS.host.email, 'typed', `participant ${PARTICIPANT_ID}`],
        [USERS.host.email, 'button', `participant ${PARTICIPANT_ID}`],
      ]);
    });

    it('a click by someone without access gets the not-found reply privately, and reveals nothing', async () => {
      const refresh = await askAsHost();

      await click(USERS.stranger.id, refresh);

      await h.slack.waitFor(() => h.slack.responses.length === 2);
      const answer = h.slack.responses[1]?.body;
      const notFound = renderBlockKit({ kind: 'notFound', subject: { participantId: PARTICIPANT_ID } });
      assert.equal(answer?.response_type, 'ephemeral');
      assert.deepEqual([answer?.text, answer?.blocks], [notFound.text, notFound.blocks]);
      assert.ok(!shows(answer, PARTICIPANT_NAME));
      assert.equal(h.webex.requests.at(-1)?.query.hostEmail, USERS.stranger.email, 'asked as the clicker, a would-be host');
    });

    it('a click whose command does not parse gets the usage reply, and Webex is not asked', async () => {
      await click(USERS.host.id, { action_id: 'command_0', value: 'participant ../../people/me' });

      await h.slack.waitFor(() => h.slack.responses.length === 1);
      const answer = h.slack.responses[0]?.body;
      assert.ok(shows(answer?.blocks, 'That does not look like a participant id.'));
      assert.equal(answer?.replace_original, false, 'only Refresh replaces what was clicked');
      assert.equal(h.webex.requests.length, 0);
    });
  });
}

describe('Slack buttons over HTTP: request verification', () => {
  let h: SlackHarness;

  beforeEach(async () => {
    h = await startSlackHarness('http');
  });

  afterEach(async () => {
    await h.close();
  });

  it('refuses a forged click with 401 and does no work', async () => {
    const response = await h.postAction(
      { userId: USERS.admin.id, button: { action_id: 'command_refresh', value: `participant ${PARTICIPANT_ID}` } },
      { secret: 'not-the-signing-secret' },
    );
    assert.equal(response.status, 401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(h.handled.length, 0);
    assert.equal(h.webex.requests.length, 0);
    assert.equal(h.slack.responses.length, 0);
  });
});
