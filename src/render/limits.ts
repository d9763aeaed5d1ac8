/**
 * Keeping output within the sizes chat platforms accept: strings are clipped, long lists shortened.
 * Lengths are UTF-16 code units, which is what JavaScript counts and never less than what Slack
 * counts, so a limit held here is held there.
 */

const ELLIPSIS = '\u2026';

/**
 * A chat message is not the place for a 200-row table: this many devices, and this many breakout
 * sessions, are listed; the rest are counted in one line.
 */
export const MAX_LISTED = 10;

/** Shortens to at most `max` code units, marking the cut, and never splits a surrogate pair. */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  if (max <= 0) return '';
  let end = max - 1;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return value.slice(0, end) + ELLIPSIS;
}

/**
 * Escapes `raw` and makes the result fit in `max`. Escaping lengthens text, and cutting escaped
 * text could split an escape in two, so the raw text is clipped and escaped again until it fits.
 */
export function clipEscaped(raw: string, max: number, escape: (value: string) => string): string {
  let keep = raw.length;
  let escaped = escape(raw);
  while (escaped.length > max) {
    // In proportion to how much escaping lengthened the text, and at least one shorter each round.
    keep = Math.max(0, Math.min(keep - 1, Math.floor((keep * max) / escaped.length)));
    escaped = escape(clip(raw, keep));
  }
  return escaped;
}

export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** The first `max` items, and how many were left out. */
export function firstListed<T>(items: readonly T[], max = MAX_LISTED): { listed: T[]; notListed: number } {
  const listed = items.slice(0, max);
  return { listed, notListed: items.length - listed.length };
}
