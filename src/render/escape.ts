/**
 * Escaping for each markup the bot writes. Every string that comes from Webex or from a user goes
 * through one of these before it is laid out, so that it reads as the text it is: it cannot mention
 * anyone, link anywhere or change the layout around it.
 *
 * Values are single fields (a name, an email, a device type), so line breaks become spaces: a value
 * can then never start a line of its own, which is where headings, quotes and lists begin.
 */

const ZWSP = '\u200b';

/**
 * Line breaks and tabs become spaces; other control characters (ESC included, so no terminal
 * escape sequences) and the bidi embeddings, overrides and isolates, which make text read in an
 * order other than the one it is stored in, are dropped. Leading spaces would start an indented
 * code block in markdown, so the value is trimmed.
 */
export function cleanText(value: string): string {
  return value
    .replace(/\r\n|[\n\r\t\v\f\u0085\u2028\u2029]/g, ' ')
    .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, '')
    .trim();
}

/**
 * A zero-width space where a client would otherwise see a link or a mention: after `://` and in
 * `www.` (auto-linking), after `<` (Slack's `<!channel>`, `<@U123>`, `<http://x|y>` and Webex's
 * `<@all>`, HTML tags and markdown autolinks all need `<` right before them), and after an `@` that
 * starts a word (`@here`, `@channel`, `@all`). The `@` of an email is preceded by a letter and left
 * alone, so addresses read exactly as they are.
 */
function defuseLinksAndMentions(value: string): string {
  return value
    .replace(/:\/\//g, `://${ZWSP}`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`)
    .replace(/</g, `<${ZWSP}`)
    .replace(/(?<![\p{L}\p{N}._%+-])@/gu, `@${ZWSP}`);
}

/**
 * For Webex: Adaptive Card TextBlocks and Facts, and the markdown fallback, are both read as
 * markdown. CommonMark backslash escapes make emphasis, code, strike-through and link brackets
 * literal; entity-like `&…;` is escaped so it shows as typed; `{{` is split because card hosts
 * replace `{{DATE(…)}}` and `{{TIME(…)}}`; a leading `#`, `>`, `-`, `+`, `=` or `1.` would start a
 * heading, quote or list if the value opens a line.
 */
export function escapeWebexMarkdown(value: string): string {
  return defuseLinksAndMentions(cleanText(value))
    .replace(/[\\`*_~[\]]/g, '\\$&')
    .replace(/&(?=#?[\p{L}\p{N}]+;)/gu, '\\&')
    .replace(/\{(?=\{)/g, `{${ZWSP}`)
    .replace(/^[#>+=-]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * For Slack `mrkdwn` (the message's fallback `text`): `&`, `<` and `>` as Slack documents it. Slack
 * has no escape for `*`, `_`, `~` and backticks; they only format at a word boundary, so a
 * zero-width space on each side keeps them literal and looking the same. `&gt;` opening a line is a
 * quote in Slack, so a value never opens with it.
 */
export function escapeSlackMrkdwn(value: string): string {
  const escaped = defuseLinksAndMentions(cleanText(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`]/g, `${ZWSP}$&${ZWSP}`);
  return escaped.startsWith('&gt;') ? ZWSP + escaped : escaped;
}

/**
 * For Slack `plain_text`, which has no formatting and no mention syntax. Links and mention-looking
 * text are still defused in case a client auto-links plain text.
 */
export function escapeSlackPlainText(value: string): string {
  return defuseLinksAndMentions(cleanText(value));
}
