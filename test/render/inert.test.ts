import assert from 'node:assert/strict';
import { hostileReply } from './hostile.js';
import { cardTexts, renderAll, slackTexts } from './support.js';

/** Active in any of the three markups (and in a terminal, for the control characters). */
const ACTIVE_ANYWHERE: Array<[string, RegExp]> = [
  ['Slack special mention', /<!(channel|here)/],
  ['Slack user mention', /<@U/],
  ['Webex mention', /<@all/],
  ['angle-bracket link', /<https?:/],
  ['HTML tag', /<\/?script/i],
  ['bare @-mention', /@(here|channel|all)\b/],
  ['auto-linked URL', /https?:\/\/(?!\u200b)/],
  ['auto-linked www.', /www\./i],
  ['bidi override', /[\u202a-\u202e\u2066-\u2069]/],
  ['control character', /\p{Cc}(?<![\n])/u],
  ['a list, heading or quote of its own', /\n\s*(- list|# heading|> quote)/],
];

/** Active in markdown, where the card's texts and the Webex fallback are read. */
const ACTIVE_IN_MARKDOWN: Array<[string, RegExp]> = [
  ['markdown link', /(?<!\\)\[click/],
  ['bold', /(?<!\\)\*bold/],
  ['code', /(?<!\\)`code/],
  ['strike-through', /(?<!\\)~strike/],
];

/** Active in Slack mrkdwn. */
const ACTIVE_IN_MRKDWN: Array<[string, RegExp]> = [
  ['raw angle bracket', /[<>]/],
  ['bold', /\*bold/],
  ['code', /`code/],
  ['strike-through', /~strike/],
];

function assertInert(where: string, text: string, patterns: Array<[string, RegExp]>): void {
  for (const [what, pattern] of patterns) {
    assert.doesNotMatch(text, pattern, `${what} in ${where}: ${JSON.stringify(text)}`);
  }
}

describe('hostile text from Webex or a user', () => {
  const rendered = renderAll(hostileReply());

  it('is inert in every text of the Adaptive Card', () => {
    const texts = cardTexts(rendered.card);
    // The name, the status (the session's name), the email, the device's line, the session's line, the site, the host.
    assert.ok(texts.filter((t) => t.includes('!channel')).length >= 7, 'the hostile values are shown');
    for (const text of texts) assertInert('the card', text, [...ACTIVE_ANYWHERE, ...ACTIVE_IN_MARKDOWN]);
  });

  it('is inert in every Slack text object and in the fallback text', () => {
    const texts = slackTexts(rendered.slack);
    assert.ok(texts.filter((t) => t.text.includes('!channel')).length >= 7, 'the hostile values are shown');
    for (const { type, text } of texts) {
      assertInert(`Slack ${type}`, text, [...ACTIVE_ANYWHERE, ...(type === 'mrkdwn' ? ACTIVE_IN_MRKDWN : [])]);
    }
  });

  it('is inert in the Webex markdown fallback', () => {
    assert.ok(rendered.markdown.split('!channel').length > 7, 'the hostile values are shown');
    assertInert('the markdown', rendered.markdown, [...ACTIVE_ANYWHERE, ...ACTIVE_IN_MARKDOWN]);
  });

  it('reaches an operator terminal without control characters or line breaks of its own', () => {
    assert.ok(rendered.plain.includes('[click](https://evil.example)'), 'shown as typed');
    assertInert('the plain text', rendered.plain, [
      ['bidi override', /[\u202a-\u202e\u2066-\u2069]/],
      ['control character', /\p{Cc}(?<![\n])/u],
      ['a list, heading or quote of its own', /\n\s*(- list|# heading|> quote)/],
    ]);
  });
});
