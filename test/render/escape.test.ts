import assert from 'node:assert/strict';
import {
  cleanText,
  escapeSlackMrkdwn,
  escapeSlackPlainText,
  escapeWebexMarkdown,
} from '../../src/render/escape.js';
import { visible } from './support.js';

const escapes = { escapeWebexMarkdown, escapeSlackMrkdwn, escapeSlackPlainText };

describe('escape', () => {
  it('puts a value on one line without control characters or bidi overrides', () => {
    assert.equal(cleanText('  Eve\r\n- list\u2028x\ty\u001b[31mred\u202e\u2066 '), 'Eve - list x y[31mred');
  });

  it('leaves emails, emoji and ordinary names readable in every markup', () => {
    for (const [name, escape] of Object.entries(escapes)) {
      for (const value of ['jane.doe+meet@example.com', 'Zoë Ødegård 🎉👩‍💻', 'Webex meeting center mac']) {
        assert.equal(visible(escape(value)), value, name);
      }
    }
  });

  it('escapes Slack mrkdwn control characters exactly as Slack documents them', () => {
    assert.equal(visible(escapeSlackMrkdwn('a & b')), 'a & b');
    assert.match(escapeSlackMrkdwn('a & b'), /^a &amp; b$/);
    const mention = escapeSlackMrkdwn('<!channel> <@U123|x>');
    assert.doesNotMatch(mention, /[<>]/);
    assert.match(mention, /^&lt;/);
    assert.equal(visible(mention), '<!channel> <@U123|x>');
  });

  it('makes Slack mrkdwn emphasis, strike and code characters sit inside words', () => {
    const escaped = escapeSlackMrkdwn('*bold* _it_ ~strike~ `code`');
    for (const char of ['*', '_', '~', '`']) {
      for (const [i, c] of [...escaped].entries()) {
        if (c !== char) continue;
        assert.equal([...escaped][i - 1], '\u200b', `before ${char}`);
        assert.equal([...escaped][i + 1], '\u200b', `after ${char}`);
      }
    }
  });

  it('backslash-escapes markdown and breaks what a Webex client would turn into a link, tag or mention', () => {
    const cases: Array<[string, string]> = [
      ['**b** `c` ~s~ _i_', '\\*\\*b\\*\\* \\`c\\` \\~s\\~ \\_i\\_'],
      ['[x](https://evil.example)', '\\[x\\](https://\u200bevil.example)'],
      ['<script> <@all> @here', '<\u200bscript> <\u200b@\u200ball> @\u200bhere'],
      ['www.evil.example', 'www\u200b.evil.example'],
      ['{{DATE(x)}} &lt;', '{\u200b{DATE(x)}} \\&lt;'],
    ];
    for (const [raw, escaped] of cases) assert.equal(escapeWebexMarkdown(raw), escaped, raw);
  });

  it('keeps a value from opening a heading, quote or list when it starts a line', () => {
    assert.equal(escapeWebexMarkdown('# h'), '\\# h');
    assert.equal(escapeWebexMarkdown('> q'), '\\> q');
    assert.equal(escapeWebexMarkdown('- l'), '\\- l');
    assert.equal(escapeWebexMarkdown('12. n'), '12\\. n');
    assert.equal(escapeSlackMrkdwn('> q'), '\u200b&gt; q');
  });
});
