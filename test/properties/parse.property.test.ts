import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pino } from 'pino';
import { AccessPolicy } from '../../src/access/policy.js';
import { createCommandHandler } from '../../src/commands/handle-command.js';
import { parseCommand } from '../../src/commands/parse.js';
import type { LookupRequest } from '../../src/participants/outcome.js';
import { RUNS } from './runs.js';

/** The participant id of README, "Commands", written out again here rather than taken from the parser. */
const DOCUMENTED_ID =
  /^[0-9a-f]{32}(?:_I_[0-9]+)?_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** What may go into the hostEmail query parameter: one address, nothing that means anything in a URL. */
const SAFE_EMAIL = /^[^\s@<>()[\]\\,;:"`'/?#&=%]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/;

const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: length, maxLength: length });
const validId = fc
  .tuple(hex(32), fc.option(fc.bigInt({ min: 0n, max: 10n ** 20n }), { nil: undefined }), fc.uuid())
  .map(([meeting, instance, uuid]) => `${meeting}${instance === undefined ? '' : `_I_${instance}`}_${uuid}`);

/** Pieces that look like parts of a command, so random text often gets close to one. */
const commandish = fc.constantFrom(
  'participant', 'PARTICIPANT', '/participant', 'help', '?', ' ', '\u200b', '\u202e', '\n', '\t', '`', '<', '>', '_I_',
  '_', '-', '@', 'mailto:', '<mailto:a@b.co|a@b.co>', '../', '%2F', '?hostEmail=', '#', '&', 'ada@example.com',
  '560d7b784f5143e3be2fc3064a5c4999', '3c2e2338-e950-43bf-b588-573773ee43d1', '\uff50', '\u00a0',
);

/** Any unicode text, text built from command-like pieces, near-valid ids, and a few huge strings. */
const anyText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 4, arbitrary: fc.array(fc.oneof(commandish, fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 12 }).map((parts) => parts.join('')) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(validId, fc.string({ unit: 'binary', maxLength: 3 }), fc.nat({ max: 90 }), fc.option(fc.string({ unit: 'binary', maxLength: 40 })))
      .map(([id, insert, at, host]) => `participant ${id.slice(0, at)}${insert}${id.slice(at)}${host === null ? '' : ` ${host}`}`),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 3_000, maxLength: 6_000 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `participant ${s.repeat(200)}`) },
);

function assertSafeCommand(text: string): void {
  const command = parseCommand(text);
  assert.ok(['participant', 'help', 'usage'].includes(command.kind));
  if (command.kind !== 'participant') return;
  assert.match(command.participantId, DOCUMENTED_ID);
  if (command.hostEmail !== undefined) assert.match(command.hostEmail, SAFE_EMAIL);
}

describe('property: the command parser', function () {
  this.timeout(120_000);

  it('never throws, and makes a participant command only of an id of the documented shape', () => {
    fc.assert(fc.property(anyText, (text) => assertSafeCommand(text)), RUNS);
  });

  it('reads every well-formed id, however it is cased, spaced or quoted, as that id', () => {
    const wrapping = fc.constantFrom(['', ''], ['`', '`'], ['```', '```'], ['<', '>'], ['"', '"'], ['(', ')'], ['', '.']);
    const space = fc.constantFrom(' ', '  ', '\u00a0', '\t', ' \u200b');
    fc.assert(
      fc.property(validId, wrapping, space, fc.boolean(), (id, [open, close], gap, shout) => {
        const verb = shout ? 'PARTICIPANT' : 'participant';
        const typed = shout ? id.toUpperCase() : id;
        const command = parseCommand(`${gap}${verb}${gap}${open}${typed}${close}${gap}`);
        assert.deepEqual(command, { kind: 'participant', participantId: id.toLowerCase().replace('_i_', '_I_') });
      }),
      RUNS,
    );
  });
});

describe('property: the command handler', function () {
  this.timeout(120_000);

  it('lets nothing but a documented id (and a safe host email) reach a lookup, and never throws', async () => {
    const access = new AccessPolicy({ admins: ['ada@example.com'], complianceOfficers: [], slackUsers: {} });
    const asked: LookupRequest[] = [];
    const handle = createCommandHandler({
      access,
      participants: {
        lookup: async (request) => {
          asked.push(request);
          return { ok: false, failure: { kind: 'notFound', status: 404 } };
        },
      },
      logger: pino({ level: 'silent' }),
    });
    const requester = fc.constantFrom('ada@example.com', 'jane@example.com', undefined);
    await fc.assert(
      fc.asyncProperty(anyText, requester, async (text, email) => {
        asked.length = 0;
        const reply = await handle({ platform: 'slack', email }, text);
        assert.ok(asked.length <= 1);
        for (const request of asked) {
          assert.match(request.participantId, DOCUMENTED_ID);
          if (request.hostEmail !== undefined) assert.match(request.hostEmail, SAFE_EMAIL);
        }
        if (asked.length === 0) assert.notEqual(reply.kind, 'participant');
      }),
      RUNS,
    );
  });
});
