import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { AccessFileError, accessFileSchema, loadAccessFile, parseAccessFile, type AccessList } from '../../src/access/access-file.js';
import { RUNS } from './runs.js';

const SOURCE = '/etc/participant-bot/access-under-test.json';

/**
 * Addresses the access file accepts, as people type them: `first.last+tag@sub.example.org`, at
 * times upper-cased or with spaces around. (fast-check's emailAddress() is RFC 5322 and mostly
 * made of characters zod's email check refuses, so alone it almost never gives a valid file.)
 */
const plainEmail = fc
  .tuple(
    fc.array(fc.stringMatching(/^[a-z0-9_+-]{1,8}$/), { minLength: 1, maxLength: 3 }),
    fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,8}$/), { minLength: 1, maxLength: 2 }),
    fc.stringMatching(/^[a-z]{2,6}$/),
  )
  .map(([local, labels, tld]) => `${local.join('.')}@${[...labels, tld].join('.')}`);
const typedEmail = fc.oneof(plainEmail, plainEmail.map((e) => ` ${e.toUpperCase()} `));
const validSlackId = fc.stringMatching(/^[UW][A-Z0-9]{2,10}$/);
/** Files the schema accepts: every field optional, no stray keys. */
const validAccessFile = fc.record(
  {
    admins: fc.array(typedEmail, { maxLength: 5 }),
    complianceOfficers: fc.array(typedEmail, { maxLength: 5 }),
    slackUsers: fc.dictionary(validSlackId, typedEmail, { maxKeys: 5 }),
  },
  { requiredKeys: [] },
);

/** Strings that are emails, nearly emails, or anything. */
const emailish = fc.oneof(
  typedEmail,
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
  validAccessFile.map((value) => JSON.stringify(value)),
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

const emailsIn = (list: AccessList): number =>
  list.admins.length + list.complianceOfficers.length + Object.keys(list.slackUsers).length;

describe('property: the access file', function () {
  this.timeout(120_000);

  /**
   * The generator must reach both sides of the property. Measured over 10,000 runs: 19% valid
   * files naming at least one person, 1.3% valid files naming no one, 79% refused (without the
   * plain addresses it was 0 valid files naming anyone). The test asks for at least 10% and 40%, so
   * a generator that stops producing either side fails here.
   */
  it('is either a valid access list or an AccessFileError naming the file, never anything else', () => {
    const seen = { validWithPeople: 0, validEmpty: 0, refused: 0 };
    fc.assert(
      fc.property(anyText, (text) => {
        let list: AccessList;
        try {
          list = parseAccessFile(text, SOURCE);
        } catch (error) {
          assertOnlyAccessFileError(error);
          seen.refused += 1;
          return;
        }
        assertValidList(list);
        if (emailsIn(list) > 0) seen.validWithPeople += 1;
        else seen.validEmpty += 1;
      }),
      RUNS,
    );
    const total = seen.validWithPeople + seen.validEmpty + seen.refused;
    assert.ok(seen.validWithPeople / total >= 0.1, `valid files naming someone: ${JSON.stringify(seen)}`);
    assert.ok(seen.refused / total >= 0.4, `refused files: ${JSON.stringify(seen)}`);
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
