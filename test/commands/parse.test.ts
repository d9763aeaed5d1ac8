import assert from 'node:assert/strict';
import { MAX_COMMAND_LENGTH, parseCommand } from '../../src/commands/parse.js';

const ID = '560d7b784f5143e3be2fc3064a5c4999_3c2e2338-e950-43bf-b588-573773ee43d1';
const SERIES_ID = '3a688f62840346e8b87dde2b50703511_I_197977258267247872_3c2e2338-e950-43bf-b588-573773ee43d1';

describe('parseCommand', () => {
  it('reads both id shapes from Webex\u2019s own examples', () => {
    assert.deepEqual(parseCommand(`participant ${ID}`), { kind: 'participant', participantId: ID });
    assert.deepEqual(parseCommand(`participant ${SERIES_ID}`), { kind: 'participant', participantId: SERIES_ID });
  });

  it('takes the host email as the second word, lower-cased', () => {
    assert.deepEqual(parseCommand(`participant ${ID} Jane.Doe@Example.com`), {
      kind: 'participant',
      participantId: ID,
      hostEmail: 'jane.doe@example.com',
    });
  });

  it('understands Slack\u2019s auto-formatted email <mailto:a@b|a@b>', () => {
    const cmd = parseCommand(`participant ${ID} <mailto:jane@example.com|jane@example.com>`);
    assert.equal(cmd.kind === 'participant' && cmd.hostEmail, 'jane@example.com');
  });

  it('ignores case, extra spaces, tabs and newlines', () => {
    assert.deepEqual(parseCommand(`  PARTICIPANT \t ${ID.toUpperCase()}\n`), { kind: 'participant', participantId: ID });
  });

  it('drops zero-width and bidi characters pasted along with the id', () => {
    const dirty = `\u200bparticipant\u200f ${ID.slice(0, 10)}\u200d${ID.slice(10)}\u202e\ufeff`;
    assert.deepEqual(parseCommand(dirty), { kind: 'participant', participantId: ID });
  });

  it('unwraps an id pasted in backticks, code fences, quotes or angle brackets', () => {
    for (const wrapped of [`\`${ID}\``, `\`\`\`${ID}\`\`\``, `"${ID}"`, `<${ID}>`, `${ID}.`]) {
      assert.deepEqual(parseCommand(`participant ${wrapped}`), { kind: 'participant', participantId: ID }, wrapped);
    }
  });

  it('answers help, an empty line and "?" with help', () => {
    for (const text of ['help', 'HELP', '  ', '?', '/help']) assert.deepEqual(parseCommand(text), { kind: 'help' });
  });

  it('gives the usage reply for anything it does not understand', () => {
    const cmd = parseCommand('what is the weather');
    assert.equal(cmd.kind, 'usage');
  });

  it('asks for the id when it is missing', () => {
    assert.deepEqual(parseCommand('participant'), { kind: 'usage', problem: 'Please give a participant id, or an email and the meeting.', verb: 'participant' });
  });

  it('refuses malformed ids, so nothing can be smuggled into the Webex URL', () => {
    const hostile = [
      `${ID}/../../people/me`,
      `${ID}?hostEmail=ceo@example.com`,
      `${ID}#x`,
      `..%2F..%2Fpeople`,
      `${ID.replace('3c2e2338', '3c2e233g')}`,
      `${ID}_extra`,
      '560d7b784f5143e3be2fc3064a5c4999',
      `560d7b784f5143e3be2fc3064a5c4999_I__${ID.split('_')[1]}`,
      `${ID}%00`,
    ];
    for (const id of hostile) {
      const cmd = parseCommand(`participant ${id}`);
      assert.equal(cmd.kind, 'usage', id);
    }
  });

  it('refuses a host "email" that is not one', () => {
    for (const email of ['jane', 'jane@', '@example.com', 'a@b', 'x@example.com?admin=1', 'x@example.com/../']) {
      assert.equal(parseCommand(`participant ${ID} ${email}`).kind, 'usage', email);
    }
  });

  it('refuses a host email with a character that means something in a URL: ? # & = % /', () => {
    for (const character of ['?', '#', '&', '=', '%', '/']) {
      const email = `jane${character}doe@example.com`;
      const command = parseCommand(`participant ${ID} ${email}`);
      assert.deepEqual(command, { kind: 'usage', problem: 'The second word should be the host\u2019s email address.', verb: 'participant' }, email);
    }
    assert.deepEqual(parseCommand(`participant ${ID} jane.doe+x@example.com`), {
      kind: 'participant',
      participantId: ID,
      hostEmail: 'jane.doe+x@example.com',
    });
  });

  it('refuses more than an id and an email', () => {
    assert.equal(parseCommand(`participant ${ID} a@example.com extra`).kind, 'usage');
  });

  it('answers a 5,000-character line with usage, quickly and without throwing', () => {
    const long = `participant ${'a'.repeat(5000)}`;
    const cmd = parseCommand(long);
    assert.deepEqual(cmd, { kind: 'usage', problem: 'That message is too long to be a command.' });
    assert.equal(parseCommand(' '.repeat(MAX_COMMAND_LENGTH * 10)).kind, 'usage');
  });

  it('reads full-width characters typed by an IME as their plain forms', () => {
    assert.deepEqual(parseCommand(`\uff50articipant ${ID}`), { kind: 'participant', participantId: ID });
  });
});
