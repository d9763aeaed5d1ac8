/**
 * Reads an HTTP `Retry-After` value (RFC 9110 §10.2.3): either whole seconds or an HTTP date.
 * Returns whole seconds from `nowMs`, never negative, or undefined when the value is absent or
 * unreadable (the caller then uses its own default).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // Date.parse reads almost anything ("1.5" is a day in 2001); an HTTP date starts with a day name.
  const date = /^[A-Za-z]/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}
