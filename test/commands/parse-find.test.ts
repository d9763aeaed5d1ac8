import assert from 'node:assert/strict';
import { parseCommand } from '../../src/commands/parse.js';

const MEETING = '560d7b784f5143e3be2fc3064a5c4999';
const SERIES = '3a688f62840346e8b87dde2b50703511_I_197977258267247872';

describe('parseCommand: finding people from what they know', () => {
  describe('participants <meeting> [<hostEmail>]', () => {
    it('reads a meeting id, of a meeting or of one meeting of a series, in any case', () => {
      assert.deepEqual(parseCommand(`participants ${MEETING}`), { kind: 'roster', meeting: { kind: 'id', meetingId: MEETING } });
      assert.deepEqual(parseCommand(`Participants ${SERIES.toUpperCase()}`), { kind: 'roster', meeting: { kind: 'id', meetingId: SERIES } });
    });

    it('reads a meeting number as Webex shows it: grouped with spaces or dashes, or not at all', () => {
      for (const typed of ['2553 123 4567', '2553-123-4567', '25531234567', '`2553 123 4567`']) {
        assert.deepEqual(parseCommand(`participants ${typed}`), { kind: 'roster', meeting: { kind: 'number', meetingNumber: '25531234567' } }, typed);
      }
      assert.deepEqual(parseCommand('participants 255 312 345'), { kind: 'roster', meeting: { kind: 'number', meetingNumber: '255312345' } });
    });

    it('refuses a meeting number of the wrong length', () => {
      for (const typed of ['2553 1234', '25531234567890']) {
        assert.deepEqual(parseCommand(`participants ${typed}`), { kind: 'usage', problem: 'A meeting number has 9 to 13 digits.', verb: 'participants' }, typed);
      }
    });

    it('reads a Webex meeting link, also as Slack wraps it', () => {
      const link = 'https://acme.webex.com/meet/jane.doe';
      for (const typed of [link, `<${link}>`, `<${link}|acme.webex.com/meet/jane.doe>`]) {
        assert.deepEqual(parseCommand(`participants ${typed}`), { kind: 'roster', meeting: { kind: 'link', webLink: link } }, typed);
      }
      assert.deepEqual(parseCommand('participants https://acme.webex.com/acme/j.php?MTID=m1234abcd'), {
        kind: 'roster',
        meeting: { kind: 'link', webLink: 'https://acme.webex.com/acme/j.php?MTID=m1234abcd' },
      });
    });

    it('refuses a link that is not a Webex meeting link, and never passes it on', () => {
      for (const link of [
        'https://evil.example.com/meet/jane',
        'https://acme.webex.com.evil.example/meet',
        'http://acme.webex.com/meet/jane',
        'https://user:pw@acme.webex.com/meet/jane',
        'https://acme.webex.com:8443/meet/jane',
        'javascript:alert(1)',
      ]) {
        const command = parseCommand(`participants ${link}`);
        assert.equal(command.kind, 'usage', link);
      }
    });

    it('takes the host email after the meeting, whatever the meeting was', () => {
      assert.deepEqual(parseCommand('participants 2553 123 4567 Jane@Example.com'), {
        kind: 'roster',
        meeting: { kind: 'number', meetingNumber: '25531234567' },
        hostEmail: 'jane@example.com',
      });
      assert.deepEqual(parseCommand(`participants ${MEETING} <mailto:jane@example.com|jane@example.com>`), {
        kind: 'roster',
        meeting: { kind: 'id', meetingId: MEETING },
        hostEmail: 'jane@example.com',
      });
    });

    it('gives the usage of participants for anything else, and takes nothing more than a host email', () => {
      const problems = [
        ['participants', 'Please give a meeting: its id, its number or its link.'],
        ['participants the weekly sync', 'That does not look like a meeting id, a meeting number or a Webex meeting link.'],
        [`participants ${MEETING} jane@example.com extra`, 'After the meeting, only csv and the host\u2019s email address may follow.'],
        [`participants ${MEETING} not-an-email`, 'After the meeting, only csv and the host\u2019s email address may follow.'],
        [`participants ${MEETING} jane?x@example.com`, 'After the meeting, only csv and the host\u2019s email address may follow.'],
        // csv comes right after the meeting, and only once.
        [`participants ${MEETING} jane@example.com csv`, 'After the meeting, only csv and the host\u2019s email address may follow.'],
        [`participants ${MEETING} csv csv`, 'After the meeting, only csv and the host\u2019s email address may follow.'],
        [`participants csv ${MEETING}`, 'That does not look like a meeting id, a meeting number or a Webex meeting link.'],
      ];
      for (const [text, problem] of problems) assert.deepEqual(parseCommand(text ?? ''), { kind: 'usage', problem, verb: 'participants' }, text);
    });
  });

  it('reads participants <meeting> csv [<hostEmail>] as the attendance export', () => {
    assert.deepEqual(parseCommand('participants 2553 123 4567 CSV'), { kind: 'rosterCsv', meeting: { kind: 'number', meetingNumber: '25531234567' } });
    assert.deepEqual(parseCommand(`participants ${MEETING} csv jane@example.com`), {
      kind: 'rosterCsv',
      meeting: { kind: 'id', meetingId: MEETING },
      hostEmail: 'jane@example.com',
    });
  });

  describe('participant <email> in <meeting> [<hostEmail>]', () => {
    it('reads the email, the meeting and a host email', () => {
      assert.deepEqual(parseCommand('participant Joe@Example.com in 2553 123 4567'), {
        kind: 'participantByEmail',
        email: 'joe@example.com',
        meeting: { kind: 'number', meetingNumber: '25531234567' },
      });
      assert.deepEqual(parseCommand(`participant <mailto:joe@example.com|joe@example.com> IN ${MEETING} jane@example.com`), {
        kind: 'participantByEmail',
        email: 'joe@example.com',
        meeting: { kind: 'id', meetingId: MEETING },
        hostEmail: 'jane@example.com',
      });
    });

    it('gives the usage of participant when the email, the "in" or the meeting is not right', () => {
      const problems = [
        [`participant joe@ in ${MEETING}`, 'That does not look like an email address.'],
        [`participant joe@example.com ${MEETING}`, 'Say which meeting: participant <email> in <meeting>.'],
        ['participant joe@example.com in', 'Please give a meeting: its id, its number or its link.'],
        ['participant joe@example.com in https://evil.example.com/x', 'That link is not a Webex meeting link (https://<site>.webex.com/…).'],
      ];
      for (const [text, problem] of problems) assert.deepEqual(parseCommand(text ?? ''), { kind: 'usage', problem, verb: 'participant' }, text);
    });
  });

  it('gives the usage of every command for a first word it does not know', () => {
    assert.deepEqual(parseCommand('roster 2553 123 4567'), { kind: 'usage', problem: 'I did not understand that.' });
  });
});
