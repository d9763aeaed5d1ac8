import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { openAuditTrail, type AuditRecord } from '../../src/audit/audit-trail.js';
import { BotError } from '../../src/errors.js';
import { seedExampleBody } from '../support/fixtures.js';
import { PARTICIPANT_ID, PEOPLE, PHONE_NUMBER, startWorld } from '../faults/world.js';

/** Node 20 has no assert.partialDeepStrictEqual. */
function assertHas(actual: object | undefined, expected: Record<string, unknown>): void {
  const own = (actual ?? {}) as Record<string, unknown>;
  assert.deepEqual(Object.fromEntries(Object.keys(expected).map((key) => [key, own[key]])), expected);
}

describe('audit trail (AUDIT_FILE)', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'audit-'));
    file = path.join(dir, 'audit.jsonl');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const readRecords = async () =>
    (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as AuditRecord & Record<string, unknown>);

  it('appends one JSON line per lookup with who, whom, the decision, the outcome and the trackingId', async () => {
    await writeFile(file, '{"earlier":"record"}\n');
    const world = await startWorld({ auditFile: file });
    const before = Date.now();
    await world.ask(PEOPLE.officer);
    const foundTracking = world.lastTrackingId();
    await world.ask(PEOPLE.stranger);
    world.emulator.failNext(1, { status: 200, body: { ...seedExampleBody, hostEmail: 'otto.other@example.com' } });
    await world.ask(PEOPLE.host);
    world.emulator.failNext(4, { status: 503 });
    await world.ask(PEOPLE.admin);
    const failedTracking = world.lastTrackingId();
    await world.ask(PEOPLE.admin, 'help');
    await world.ask(PEOPLE.admin, 'participant nonsense');
    await world.close();

    const [earlier, ...records] = await readRecords();
    assert.deepEqual(earlier, { earlier: 'record' }, 'appended, not overwritten');
    assert.equal(records.length, 4, 'one per lookup; help and usage are no lookups');
    const common = { platform: 'webex', via: 'typed', command: 'participant', participantId: PARTICIPANT_ID };
    const [found, missing, notHost, failed] = records;
    assert.deepEqual(
      { ...found, at: undefined },
      { ...common, at: undefined, requester: PEOPLE.officer, role: 'complianceOfficer', decision: 'allowed', outcome: 'found', trackingId: foundTracking },
    );
    assertHas(missing, { ...common, requester: PEOPLE.stranger, role: 'host', decision: 'allowed', outcome: 'notFound', status: 404 });
    assertHas(notHost, { ...common, requester: PEOPLE.host, decision: 'denied', outcome: 'notHost' });
    assertHas(failed, { ...common, requester: PEOPLE.admin, role: 'admin', outcome: 'serviceUnavailable', status: 503, trackingId: failedTracking });
    for (const record of records) {
      const at = Date.parse(record.at);
      assert.ok(at >= before - 1000 && at <= Date.now(), `a time: ${record.at}`);
    }
    assert.ok(!(await readFile(file, 'utf8')).includes(PHONE_NUMBER), 'no phone number in the trail');
  });

  it('writes the same records to the log, marked audit: true', async () => {
    const world = await startWorld();
    await world.ask(PEOPLE.admin);
    await world.close();
    const lines = world.logs().filter((line) => line.audit === true);
    assert.equal(lines.length, 1);
    assertHas(lines[0], { msg: 'lookup', requester: PEOPLE.admin, outcome: 'found', decision: 'allowed' });
  });

  it('stops start-up naming the file and AUDIT_FILE (audit_file_unwritable) when it cannot be opened', async () => {
    const missing = path.join(dir, 'no-such-folder', 'audit.jsonl');
    await assert.rejects(openAuditTrail({ logger: pino({ level: 'silent' }), file: missing }), (e: Error) => {
      assert.ok(e.message.includes(missing));
      assert.match(e.message, /AUDIT_FILE/);
      assert.match(e.message, /ENOENT/);
      assert.ok(e instanceof BotError);
      assert.equal(e.code, 'audit_file_unwritable');
      assert.match(e.hint, /AUDIT_FILE.*folder/);
      return true;
    });
  });

  it('creates the file readable and writable by the bot\u2019s user alone (0600)', async () => {
    const trail = await openAuditTrail({ logger: pino({ level: 'silent' }), file });
    await trail.close();
    assert.equal((await stat(file)).mode & 0o777, 0o600, `mode ${((await stat(file)).mode & 0o777).toString(8)}`);
  });

  it('flushes what it holds on close, however many records came just before', async () => {
    const trail = await openAuditTrail({ logger: pino({ level: 'silent' }), file });
    for (let i = 0; i < 2_000; i++) {
      trail.record({ platform: 'slack', via: 'typed', requester: 'a@example.com', role: 'admin', command: 'participant', participantId: `p${i}`, decision: 'allowed', outcome: 'found' });
    }
    await trail.close();
    assert.equal((await readRecords()).length, 2_000);
  });
});
