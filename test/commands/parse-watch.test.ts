import assert from 'node:assert/strict';
import { parseCommand } from '../../src/commands/parse.js';

const ID = '560d7b784f5143e3be2fc3064a5c4999_3c2e2338-e950-43bf-b588-573773ee43d1';
const MEETING = '560d7b784f5143e3be2fc3064a5c4999';

describe('parseCommand: watch', () => {
  it('reads whom to watch as participant does: an id, maybe a host; an email in a meeting', () => {
    assert.deepEqual(parseCommand(`watch ${ID}`), { kind: 'watch', participantId: ID });
    assert.deepEqual(parseCommand(`Watch \`${ID.toUpperCase()}\` Jane@Example.com`), { kind: 'watch', participantId: ID, hostEmail: 'jane@example.com' });
    assert.deepEqual(parseCommand(`watch lara@example.com in ${MEETING}`), {
      kind: 'watchByEmail',
      email: 'lara@example.com',
      meeting: { kind: 'id', meetingId: MEETING },
    });
    assert.deepEqual(parseCommand('watch <mailto:lara@example.com|lara@example.com> in 2553 123 4567 jane@example.com'), {
      kind: 'watchByEmail',
      email: 'lara@example.com',
      meeting: { kind: 'number', meetingNumber: '25531234567' },
      hostEmail: 'jane@example.com',
    });
  });

  it('reads list, stop <id> and stop all, whatever the case', () => {
    assert.deepEqual(parseCommand('watch list'), { kind: 'watchList' });
    assert.deepEqual(parseCommand('/watch LIST'), { kind: 'watchList' });
    assert.deepEqual(parseCommand(`watch stop ${ID}`), { kind: 'watchStop', participantId: ID });
    assert.deepEqual(parseCommand('watch Stop ALL'), { kind: 'watchStopAll' });
  });

  it('answers anything else with the watch usage', () => {
    for (const text of [
      'watch',
      'watch ../../people/me',
      `watch ${ID} not-an-email`,
      `watch ${ID} a@b.example c@d.example`,
      'watch lara@example.com at 2553 123 4567',
      'watch lara@example.com in 12',
      `watch lara@example.com in ${MEETING} csv`,
      'watch list all',
      'watch stop',
      'watch stop everyone',
      `watch stop ${ID} all`,
      `watch stop ${ID}x`,
    ]) {
      const command = parseCommand(text);
      assert.equal(command.kind, 'usage', text);
      assert.equal(command.kind === 'usage' && command.verb, 'watch', text);
    }
  });

  it('leaves participant and participants as they were', () => {
    assert.deepEqual(parseCommand(`participant ${ID} jane@example.com`), { kind: 'participant', participantId: ID, hostEmail: 'jane@example.com' });
    assert.deepEqual(parseCommand(`participant lara@example.com in ${MEETING}`), { kind: 'participantByEmail', email: 'lara@example.com', meeting: { kind: 'id', meetingId: MEETING } });
    const usage = parseCommand(`participant lara@example.com in ${MEETING} csv`);
    assert.deepEqual(usage, { kind: 'usage', problem: 'After the meeting, only the host\u2019s email address may follow.', verb: 'participant' });
  });
});
