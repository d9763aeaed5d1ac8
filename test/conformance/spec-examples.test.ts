import assert from 'node:assert/strict';
import { participantSchema } from '../../src/participants/schema.js';
import { renderBlockKit } from '../../src/render/block-kit.js';
import { MAX_MARKDOWN_BYTES, renderMarkdown, renderPlainText } from '../../src/render/text.js';
import { toParticipantView } from '../../src/replies/participant-view.js';
import { assertWebexReadsIt, assertWithinSlackLimits } from '../render/platform-limits.js';
import { SEED_READING as READING, participant } from '../render/support.js';
import { isListedDeviation } from './webex-check.js';
import { OPERATIONS, validatorFor, type SpecOperation } from './webex-spec.js';

/**
 * Webex's own examples, as published for the operations we use: they fit Webex's schemas (or a
 * deviation listed in webex-scope.ts says why not), and every participant among them is one our
 * zod schema accepts and every platform can show.
 */

interface Example {
  where: string;
  schema: Record<string, unknown>;
  value: unknown;
}

type Content = Record<string, { schema?: Record<string, unknown>; example?: unknown; examples?: Record<string, { value?: unknown }> }>;

function examplesOf(content: Content | undefined, where: string): Example[] {
  return Object.values(content ?? {}).flatMap(({ schema, example, examples }) => {
    if (schema === undefined) return [];
    const values = [...(example !== undefined ? [example] : []), ...Object.values(examples ?? {}).map((e) => e.value)];
    return values.map((value) => ({ where, schema, value }));
  });
}

function bodyExamples(operation: SpecOperation): Example[] {
  const { requestBody, responses } = operation.operation;
  return [
    ...examplesOf(requestBody?.content, 'request'),
    ...Object.entries(responses).flatMap(([status, response]) => examplesOf(response.content, `response ${status}`)),
  ];
}

const PARTICIPANT_OPERATIONS = ['GET /meetingParticipants/{participantId}', 'GET /meetingParticipants', 'POST /meetingParticipants/query'];

/** The participants in the 200 examples: the body itself, or each of its `items`. */
function participantExamples(): Array<[string, unknown]> {
  return OPERATIONS.filter((operation) => PARTICIPANT_OPERATIONS.includes(operation.name)).flatMap((operation) =>
    bodyExamples(operation)
      .filter((example) => example.where === 'response 200')
      .flatMap((example): Array<[string, unknown]> => {
        const items = (example.value as { items?: unknown[] }).items;
        return (items ?? [example.value]).map((value, index) => [`${operation.name} example ${index + 1}`, value]);
      }),
  );
}

describe("Webex's published examples", () => {
  it('fit their own schemas, but where a listed deviation says otherwise', () => {
    const misfits: string[] = [];
    let checked = 0;
    for (const operation of OPERATIONS) {
      for (const { where, schema, value } of bodyExamples(operation)) {
        checked += 1;
        const validate = validatorFor(operation, where, schema);
        if (validate(value)) continue;
        const unlisted = (validate.errors ?? []).filter((error) => !isListedDeviation(operation, error));
        misfits.push(...unlisted.map((error) => `${operation.name} ${where}: ${error.instancePath} ${error.message ?? ''}`));
      }
    }
    assert.ok(checked >= OPERATIONS.length, `${checked} examples`);
    assert.deepEqual(misfits, []);
  });

  it('include the Adaptive Card attachment that the published Attachment schema refuses', () => {
    // When Webex fixes the schema this fails: then the deviation in webex-scope.ts can go.
    const create = OPERATIONS.find((operation) => operation.name === 'POST /messages');
    assert.ok(create);
    const [request] = bodyExamples(create);
    assert.ok(request);
    const validate = validatorFor(create, request.where, request.schema);
    assert.equal(validate(request.value), false);
    assert.ok(validate.errors?.every((error) => error.instancePath.startsWith('/attachments/0/content')));
  });

  const participants = participantExamples();

  it('hold a participant for each participant operation', () => {
    assert.deepEqual(
      PARTICIPANT_OPERATIONS.filter((name) => !participants.some(([where]) => where.startsWith(`${name} `))),
      [],
    );
  });

  for (const [where, body] of participants) {
    it(`${where}: our schema takes it and every platform shows it within its limits`, () => {
      const parsed = participantSchema.safeParse(body);
      assert.ok(parsed.success, parsed.error?.message);
      for (const showPhoneNumbers of [true, false]) {
        const reply = participant(toParticipantView(parsed.data, { showPhoneNumbers, reading: READING }));
        assertWebexReadsIt(where, reply);
        assertWithinSlackLimits(renderBlockKit(reply));
        assert.ok(Buffer.byteLength(renderMarkdown(reply), 'utf8') <= MAX_MARKDOWN_BYTES);
        assert.ok(renderPlainText(reply).includes(parsed.data.displayName ?? ''), 'the name is shown');
      }
    });
  }
});
