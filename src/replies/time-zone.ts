/**
 * The time zone a reply's times are read in (README, "Replies"): the requester's own, as their chat
 * profile gives it (an IANA name such as `Europe/Berlin`), or UTC when there is none or it is not
 * one the runtime knows (`Mars/Olympus`, a typo, a value cut short).
 */
export const UTC = 'UTC';

/** The zone's canonical IANA name, or UTC for an absent, unknown or malformed one. */
export function readingZone(timeZone: string | undefined): string {
  if (timeZone === undefined || timeZone.trim() === '') return UTC;
  try {
    // Throws a RangeError for any name the runtime's time zone database does not hold.
    return new Intl.DateTimeFormat('en-US', { timeZone: timeZone.trim() }).resolvedOptions().timeZone;
  } catch {
    return UTC;
  }
}

/**
 * CLDR keeps a zone's English abbreviation under the English of the place that uses it: `CEST`
 * under en-GB, `EDT` under en-US, `IST` under en-IN, `AEST` under en-AU. The first that names the
 * zone in letters wins; a zone none of them names reads as its offset (`GMT+9`).
 */
const ABBREVIATING_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'] as const;
const OFFSET_ONLY = /^GMT[+-]/;

/** The zone's short name at `instant`, daylight saving included: `CET` in winter, `CEST` in summer. */
export function zoneAbbreviation(zone: string, instant: Date): string {
  let fallback: string | undefined;
  for (const locale of ABBREVIATING_LOCALES) {
    const name = shortName(locale, zone, instant);
    if (!OFFSET_ONLY.test(name)) return name;
    fallback ??= name;
  }
  return fallback ?? zone;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function shortName(locale: string, zone: string, instant: Date): string {
  const key = `${locale} ${zone}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    formats.set(key, format);
  }
  return format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? zone;
}
