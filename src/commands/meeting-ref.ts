import type { MeetingRef } from '../participants/meetings.js';
import { unwrapSlack } from './words.js';

/**
 * `<meeting>` in a command (README, "Commands"): a meeting id, a meeting number as Webex shows it
 * (9 to 13 digits; spaces and dashes allowed, so it may take several words), or a meeting link
 * (`https://<site>.webex.com/…`). Anything else is refused here, before any call to Webex.
 */
export type ParsedMeeting = { ok: true; meeting: MeetingRef; rest: string[] } | { ok: false; problem: string };

const MEETING_ID = /^[0-9a-f]{32}(?:_I_[0-9]{1,30})?$/i;
/** A word of a meeting number: digits, maybe grouped with dashes (`2553-123-4567`). */
const NUMBER_WORD = /^[0-9]+(?:-[0-9]+)*$/;
const WEBEX_HOST = /^(?:[a-z0-9-]+\.)+webex\.com$/i;
/** Longer links are not invitations; they are refused before they are parsed. */
const MAX_LINK_LENGTH = 500;

const MEETING_PROBLEMS = {
  missing: 'Please give a meeting: its id, its number or its link.',
  unreadable: 'That does not look like a meeting id, a meeting number or a Webex meeting link.',
  numberLength: 'A meeting number has 9 to 13 digits.',
  notWebex: 'That link is not a Webex meeting link (https://<site>.webex.com/…).',
} as const;

export function parseMeeting(words: readonly string[]): ParsedMeeting {
  const [first, ...rest] = words;
  if (first === undefined) return { ok: false, problem: MEETING_PROBLEMS.missing };
  const bare = unwrapSlack(first);

  if (MEETING_ID.test(bare)) {
    // Webex writes the hex digits in lower case and the series marker as `_I_`.
    return { ok: true, meeting: { kind: 'id', meetingId: bare.toLowerCase().replace('_i_', '_I_') }, rest };
  }
  if (/^https?:/i.test(bare)) return parseLink(bare, rest);
  if (NUMBER_WORD.test(bare)) return parseNumber(words);
  return { ok: false, problem: MEETING_PROBLEMS.unreadable };
}

/** The number's words are those that look like digits, however Webex grouped them. */
function parseNumber(words: readonly string[]): ParsedMeeting {
  let taken = 0;
  while (taken < words.length && NUMBER_WORD.test(unwrapSlack(words[taken] ?? ''))) taken += 1;
  const digits = words.slice(0, taken).map(unwrapSlack).join('').replace(/-/g, '');
  if (digits.length < 9 || digits.length > 13) return { ok: false, problem: MEETING_PROBLEMS.numberLength };
  return { ok: true, meeting: { kind: 'number', meetingNumber: digits }, rest: words.slice(taken) };
}

function parseLink(text: string, rest: string[]): ParsedMeeting {
  if (text.length > MAX_LINK_LENGTH || !URL.canParse(text)) return { ok: false, problem: MEETING_PROBLEMS.notWebex };
  const url = new URL(text);
  const plain = url.protocol === 'https:' && url.username === '' && url.password === '' && url.port === '';
  if (!plain || !WEBEX_HOST.test(url.hostname)) return { ok: false, problem: MEETING_PROBLEMS.notWebex };
  return { ok: true, meeting: { kind: 'link', webLink: url.toString() }, rest };
}

/** The meeting as a command names it again (a button's command line): what `parseMeeting` reads back. */
export function meetingWords(meeting: MeetingRef): string {
  switch (meeting.kind) {
    case 'id':
      return meeting.meetingId;
    case 'number':
      return meeting.meetingNumber;
    case 'link':
      return meeting.webLink;
  }
}
