import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { AccessFileError, accessFileSchema, loadAccessFile, parseAccessFile, type AccessList } from '../../src/access/access-file.js';
import { RUNS } from './runs.js';

const SOURCE = '/etc/participant-bot/access-under-test.json';

/** Strings that are emails, nearly emails, or anything. */
const emailish = fc.oneof(
  fc.emailAddress(),
  fc.emailAddress().map((e) => ` ${e.toUpperCase()} `),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', '@', 'a@', '@b.c', 'a@b', 'a b@c.d', '<a@b.co>', '__proto__', 'constructor'),
);
const slackId = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'UW0123456789ABCDEFXYZ'), minLength: 1, maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'u0123abcd', ''),
  fc.string({ maxLength: 10 }),
);
/** Objects shaped like an access file, right or wrong in every field, with stray keys at times. */
const nearlyAccessFile = fc.record(
  {
    admins: fc.oneof(fc.array(emailish, { maxLength: 5 }), fc.jsonValue()),
    complianceOfficers: fc.oneof(fc.array(emailish, { maxLength: 5 }), fc.jsonValue()),
    slackUsers: fc.oneof(fc.dictionary(slackId, emailish, { maxKeys: 5 }), fc.jsonValue()),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const anyText = fc.oneof(
  fc.json(),
  nearlyAccessFile.map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.json().map((text) => text.slice(0, Math.floor(text.length / 2))),
);

/** A valid list: what the schema accepts, emails lower-cased and trimmed. */
function assertValidList(list: AccessList): void {
  assert.equal(accessFileSchema.safeParse(list).success, true);
  for (const email of [...list.admins, ...list.complianceOfficers, ...Object.values(list.slackUsers)]) {
    assert.equal(email, email.trim().toLowerCase());
  }
}

function assertOnlyAccessFileError(error: unknown): void {
  assert.ok(error instanceof AccessFileError, `another kind of error: ${String(error)}`);
  assert.ok(error.message.includes(SOURCE), `the file is named: ${error.message}`);
}

describe('property: the access file', function () {
  this.timeout(120_000);

  it('is either a valid access list or an AccessFileError naming the file, never anything else', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        let list: AccessList;
        try {
          list = parseAccessFile(text, SOURCE);
        } catch (error) {
          assertOnlyAccessFileError(error);
          return;
        }
        assertValidList(list);
      }),
      RUNS,
    );
  });

  it('reads the same way from disk', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'access-'));
    try {
      const file = path.join(dir, 'access.json');
      await fc.assert(
        fc.asyncProperty(anyText, async (text) => {
          await writeFile(file, text);
          const loaded = await loadAccessFile(file).then(
            (list) => list,
            (error: unknown) => error,
          );
          if (loaded instanceof Error) {
            assert.ok(loaded instanceof AccessFileError && loaded.message.includes(file), String(loaded));
          } else {
            assertValidList(loaded as AccessList);
          }
        }),
        RUNS,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
