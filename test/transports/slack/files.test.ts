import assert from 'node:assert/strict';
import type { Reply } from '../../../src/replies/reply.js';
import { FILE_SENT_NOTICE } from '../../../src/replies/messages.js';
import { startSlackHarness, USERS, type SlackHarness } from '../../support/slack-harness.js';

const CSV = 'Name,Email\r\n"Doe, Joe",joe@example.com\r\n';
const FILE_REPLY: Reply = {
  kind: 'file',
  file: { name: 'participants-2553-123-4567-2026-11-30.csv', mimeType: 'text/csv', content: CSV },
  note: 'The participants of meeting 2553 123 4567 as a CSV file: 1 person.',
};

describe('Slack: a file for the requester (the attendance CSV)', () => {
  let h: SlackHarness;

  beforeEach(async () => {
    h = await startSlackHarness('http', { answer: async () => FILE_REPLY });
  });

  afterEach(async () => {
    await h.close();
  });

  it('uploads it to the requester\u2019s DM with files.uploadV2, and tells them so where they asked', async () => {
    await h.postSlashCommand({ text: '2553 123 4567 csv', command: '/participants' });
    await h.slack.waitFor(() => h.slack.uploads.length === 1 && h.slack.responses.length === 1);
    assert.deepEqual(h.slack.uploads[0], {
      fileId: h.slack.uploads[0]?.fileId,
      filename: FILE_REPLY.kind === 'file' ? FILE_REPLY.file.name : '',
      content: CSV,
      channel: 'D0HOST001',
      initialComment: FILE_REPLY.kind === 'file' ? FILE_REPLY.note : '',
    });
    assert.equal(h.slack.callsTo('conversations.open')[0]?.body.users, USERS.host.id);
    const notice = h.slack.responses[0]?.body;
    assert.equal(notice?.response_type, 'ephemeral');
    assert.equal(notice?.text, FILE_SENT_NOTICE);
    assert.equal(h.handled[0]?.text, 'participants 2553 123 4567 csv');
  });

  it('counts the file as lost when Slack refuses the upload, and says nothing that is not true', async () => {
    h.slack.failNext('files.getUploadURLExternal', 5, { error: 'missing_scope', needed: 'files:write' });
    await h.postSlashCommand({ text: '2553 123 4567 csv', command: '/participants' });
    const line = await h.waitForLog((l) => l.level === 50 && String(l.msg).includes('lost'));
    assert.match(JSON.stringify(line.err), /missing_scope/);
    assert.equal(h.slack.uploads.length, 0);
    assert.equal(h.slack.responses.length, 0, 'no "I sent you the file" for a file that was not sent');
  });
});
