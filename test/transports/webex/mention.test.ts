import assert from 'node:assert/strict';
import { withoutBotMention } from '../../../src/transports/webex/mention.js';
import { hydraId, mentionHtml, type Person } from '../../support/webex-messaging.js';

const UUID = '0b1e4a4e-1111-4c2b-9a6e-000000000001';
const botWith = (displayName: string): Person => ({ id: hydraId('PEOPLE', UUID), emails: ['bot@webex.bot'], displayName, type: 'bot' });
const COMMAND = 'participant 560d7b784f5143e3be2fc3064a5c4999_3c2e2338-e950-43bf-b588-573773ee43d1';

describe('withoutBotMention', () => {
  const names = ['Participant Bot', 'Dr. P.Bot (beta) [EMEA]', '🤖 Robo* +Bot?', 'A & B <Bot>', 'Ünïcödé Bøt'];
  for (const name of names) {
    const bot = botWith(name);
    const nickname = name.split(' ')[0]!;
    for (const shown of [name, nickname]) {
      it(`removes the mention "${shown}" of a bot named "${name}" using the HTML`, () => {
        const text = `${shown} ${COMMAND}`;
        assert.equal(withoutBotMention({ text, html: mentionHtml(bot, shown, COMMAND) }, bot), COMMAND);
      });
      it(`removes "${shown}" of a bot named "${name}" from the start without HTML`, () => {
        assert.equal(withoutBotMention({ text: `${shown} ${COMMAND}` }, bot), COMMAND);
      });
    }
  }

  it('recognises a mention that carries the bare UUID as its id', () => {
    const bot = botWith('Helper');
    const html = `<p><spark-mention data-object-type="person" data-object-id="${UUID}">Helper</spark-mention> help</p>`;
    assert.equal(withoutBotMention({ text: 'Helper help', html }, bot), 'help');
  });

  it('leaves the mention of another person alone', () => {
    const bot = botWith('Helper');
    const other: Person = { ...botWith('Jane Doe'), id: hydraId('PEOPLE') };
    const html = `<p><spark-mention data-object-type="person" data-object-id="${bot.id}">Helper</spark-mention> participant <spark-mention data-object-type="person" data-object-id="${other.id}">Jane</spark-mention></p>`;
    assert.equal(withoutBotMention({ text: 'Helper participant Jane', html }, bot), 'participant Jane');
  });

  it('does not cut a word that only begins like the name', () => {
    const bot = botWith('Part');
    assert.equal(withoutBotMention({ text: 'participant x' }, bot), 'participant x');
  });

  it('removes a mention in the middle of the message when the HTML says so', () => {
    const bot = botWith('Helper Bot');
    const html = `<p>please <spark-mention data-object-type="person" data-object-id="${bot.id}">Helper Bot</spark-mention> help</p>`;
    assert.equal(withoutBotMention({ text: 'please Helper Bot help', html }, bot), 'please  help');
  });
});
