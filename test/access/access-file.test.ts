import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessFileError, loadAccessFile, parseAccessFile } from '../../src/access/access-file.js';

describe('access file', () => {
  it('reads the README\u2019s example, lower-casing every email', () => {
    const list = parseAccessFile(
      JSON.stringify({
        admins: ['Ada.Admin@Example.com'],
        complianceOfficers: ['olga.officer@example.com'],
        slackUsers: { U0123ABCD: 'Jane.Doe@example.com' },
      }),
      'access.json',
    );
    assert.deepEqual(list, {
      admins: ['ada.admin@example.com'],
      complianceOfficers: ['olga.officer@example.com'],
      slackUsers: { U0123ABCD: 'jane.doe@example.com' },
    });
  });

  it('treats missing lists as empty: nobody is an admin by default', () => {
    assert.deepEqual(parseAccessFile('{}', 'a.json'), { admins: [], complianceOfficers: [], slackUsers: {} });
  });

  it('names the file and the field that is wrong', () => {
    assert.throws(
      () => parseAccessFile(JSON.stringify({ admins: ['ada.admin@example.com', 'not-an-email'] }), '/etc/bot/access.json'),
      (e: Error) =>
        e instanceof AccessFileError &&
        /\/etc\/bot\/access\.json/.test(e.message) &&
        /admins\.1/.test(e.message) &&
        e.code === 'access_file_invalid' &&
        /access\.example\.json/.test(e.hint),
    );
  });

  it('refuses unknown keys, so a typo such as "admin" cannot silently grant nothing', () => {
    assert.throws(() => parseAccessFile(JSON.stringify({ admin: ['a@example.com'] }), 'a.json'), /admin/);
  });

  it('refuses a Slack user id that is not one', () => {
    assert.throws(
      () => parseAccessFile(JSON.stringify({ slackUsers: { 'jane.doe': 'jane@example.com' } }), 'a.json'),
      /slackUsers\.jane\.doe.*Slack user id/,
    );
  });

  it('says when the file is not JSON', () => {
    assert.throws(
      () => parseAccessFile('{ admins: [', 'a.json'),
      (e: Error) => e instanceof AccessFileError && /a\.json is not valid JSON/.test(e.message) && e.code === 'access_file_invalid',
    );
  });

  it('says when the file does not exist and how to fix it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'access-'));
    await assert.rejects(loadAccessFile(join(dir, 'missing.json')), (e: Error) => {
      assert.match(e.message, /missing\.json \(ACCESS_FILE\) does not exist/);
      assert.ok(e instanceof AccessFileError);
      assert.equal(e.code, 'access_file_unreadable');
      assert.match(e.hint, /Create the access file.*ACCESS_FILE/);
      return true;
    });
    await writeFile(join(dir, 'ok.json'), '{"admins":["a@example.com"]}');
    assert.deepEqual((await loadAccessFile(join(dir, 'ok.json'))).admins, ['a@example.com']);
  });
});
