import { zoneAbbreviation } from './time-zone.js';

/**
 * Times as the requester reads them (README, "Replies"): in their time zone, named (`15:02 CET`),
 * the date only when it is not today there, and how long something has lasted up to `now` for what
 * is still going on. `now` is the handler's clock, so that tests are exact.
 */
export interface Reading {
  /** An IANA name the runtime knows (see time-zone.ts: readingZone). */
  zone: string;
  now: Date;
}

/**
 * Webex sends `1970-01-01T00:00:00.000Z` (or nothing) for a time it does not know yet, typically
 * while the meeting is still on. Anything at or before the epoch, or unparsable, is unknown too.
 */
export function instantOf(iso: string | undefined): number | undefined {
  if (iso === undefined || iso.trim() === '') return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) || ms <= 0 ? undefined : ms;
}

/** `15:02 CET` today; `14 Mar 15:02 CET` another day this year; `14 Mar 2024 15:02 CET` before. */
export function clockTime(ms: number, reading: Reading): string {
  return `${datePrefix(ms, reading)}${hoursAndMinutes(ms, reading)} ${zoneAbbreviation(reading.zone, new Date(ms))}`;
}

/**
 * From one time to another: `15:10 to 15:25 CET`, the zone named once unless daylight saving
 * changed in between, and the end's date only when it is not the start's.
 */
export function clockSpan(startMs: number, endMs: number, reading: Reading): string {
  const startZone = zoneAbbreviation(reading.zone, new Date(startMs));
  const endZone = zoneAbbreviation(reading.zone, new Date(endMs));
  const start = `${datePrefix(startMs, reading)}${hoursAndMinutes(startMs, reading)}${startZone === endZone ? '' : ` ${startZone}`}`;
  const endDate = calendarDay(endMs, reading.zone) === calendarDay(startMs, reading.zone) ? '' : datePrefix(endMs, reading, startMs);
  return `${start} to ${endDate}${hoursAndMinutes(endMs, reading)} ${endZone}`;
}

/** How long, to the minute: `less than a minute`, `12 min`, `1 h 12 min`, `2 d 3 h`. */
export function elapsed(fromMs: number, toMs: number): string {
  const minutes = Math.floor(Math.max(0, toMs - fromMs) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** A duration Webex counted in seconds: `1 min`, `46 min 30 s`, `1 h 2 min`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.round(totalSeconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return sec > 0 ? `${m} min ${sec} s` : `${m} min`;
  return `${sec} s`;
}

/** `14 Mar ` when `ms` is not on the same day as `today` (now by default) in the zone; the year when not this year. */
function datePrefix(ms: number, reading: Reading, today: number = reading.now.getTime()): string {
  const day = parts(ms, reading.zone);
  const reference = parts(today, reading.zone);
  if (day.year === reference.year && day.month === reference.month && day.day === reference.day) return '';
  return day.year === reference.year ? `${day.day} ${day.month} ` : `${day.day} ${day.month} ${day.year} `;
}

function hoursAndMinutes(ms: number, reading: Reading): string {
  const { hour, minute } = parts(ms, reading.zone);
  return `${hour}:${minute}`;
}

function calendarDay(ms: number, zone: string): string {
  const { year, month, day } = parts(ms, zone);
  return `${year} ${month} ${day}`;
}

interface Parts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** en-US for its month names (`Sep`, where en-GB now says `Sept`); a 24-hour clock, as chat reads. */
function parts(ms: number, zone: string): Parts {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(zone, format);
  }
  const out: Parts = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const { type, value } of format.formatToParts(new Date(ms))) {
    if (type === 'year' || type === 'month' || type === 'day' || type === 'hour' || type === 'minute') out[type] = value;
  }
  return out;
}
