import assert from 'node:assert/strict';
import { UTC, readingZone, zoneAbbreviation } from '../../src/replies/time-zone.js';
import { clockSpan, clockTime, elapsed, formatDuration, instantOf, type Reading } from '../../src/replies/times.js';

const at = (iso: string) => Date.parse(iso);
const reading = (zone: string, now: string): Reading => ({ zone, now: new Date(now) });

describe('times as the requester reads them', () => {
  describe('the zone', () => {
    it('takes an IANA name as the runtime knows it, whatever its case', () => {
      assert.equal(readingZone('Europe/Berlin'), 'Europe/Berlin');
      assert.equal(readingZone(' america/new_york '), 'America/New_York');
    });

    it('falls back to UTC for no zone, an unknown one and a malformed one', () => {
      for (const zone of [undefined, '', '   ', 'Mars/Olympus', 'Europe/', '+02:00x', 'x'.repeat(300), '../../etc/passwd']) {
        assert.equal(readingZone(zone), UTC, String(zone));
      }
    });

    it('names each zone as people there say it, daylight saving included', () => {
      const winter = new Date('2025-01-15T12:00:00Z');
      const summer = new Date('2025-07-15T12:00:00Z');
      const names = (zone: string) => [zoneAbbreviation(zone, winter), zoneAbbreviation(zone, summer)];
      assert.deepEqual(names('Europe/Berlin'), ['CET', 'CEST']);
      assert.deepEqual(names('Europe/London'), ['GMT', 'BST']);
      assert.deepEqual(names('America/New_York'), ['EST', 'EDT']);
      assert.deepEqual(names('America/Los_Angeles'), ['PST', 'PDT']);
      assert.deepEqual(names('Australia/Sydney'), ['AEDT', 'AEST'], 'the southern summer is in January');
      assert.deepEqual(names('Asia/Kolkata'), ['IST', 'IST']);
      assert.deepEqual(names('UTC'), ['UTC', 'UTC']);
      assert.deepEqual(names('Asia/Tokyo'), ['GMT+9', 'GMT+9'], 'no English abbreviation: the offset');
    });
  });

  describe('a time', () => {
    const berlin = reading('Europe/Berlin', '2025-03-14T16:15:00Z');

    it('reads as the hour and minute alone when it is today in the reader\u2019s zone', () => {
      assert.equal(clockTime(at('2025-03-14T15:02:11Z'), berlin), '16:02 CET');
      assert.equal(clockTime(at('2025-03-14T15:02:11Z'), reading('UTC', '2025-03-14T16:15:00Z')), '15:02 UTC');
    });

    it('names the day when it is not today there, and the year when not this year', () => {
      assert.equal(clockTime(at('2025-03-13T22:59:00Z'), berlin), '13 Mar 23:59 CET');
      assert.equal(clockTime(at('2024-12-31T23:30:00Z'), berlin), '1 Jan 00:30 CET', 'already 2025 in Berlin');
      assert.equal(clockTime(at('2024-12-31T22:30:00Z'), berlin), '31 Dec 2024 23:30 CET');
    });

    it('decides "today" in the reader\u2019s zone, not in UTC', () => {
      // 23:30 UTC on the 14th is the 15th in Tokyo, where it is also the 15th now.
      const tokyo = reading('Asia/Tokyo', '2025-03-15T01:00:00Z');
      assert.equal(clockTime(at('2025-03-14T23:30:00Z'), tokyo), '08:30 GMT+9');
      assert.equal(clockTime(at('2025-03-14T23:30:00Z'), reading('UTC', '2025-03-15T01:00:00Z')), '14 Mar 23:30 UTC');
    });

    it('carries the name in force at that moment, across a daylight saving change', () => {
      const newYork = reading('America/New_York', '2025-03-10T15:00:00Z');
      assert.equal(clockTime(at('2025-03-08T15:00:00Z'), newYork), '8 Mar 10:00 EST');
      assert.equal(clockTime(at('2025-03-10T14:00:00Z'), newYork), '10:00 EDT');
    });

    it('treats Webex\u2019s 1970 placeholder, earlier times, missing and unparsable ones as unknown', () => {
      for (const iso of [undefined, '', ' ', '1970-01-01T00:00:00.000Z', '1969-07-20T20:17:00Z', 'not a time', '2025-13-45T99:00:00Z']) {
        assert.equal(instantOf(iso), undefined, String(iso));
      }
      assert.equal(instantOf('1970-01-01T00:00:00.001Z'), 1);
    });
  });

  describe('a span and a duration', () => {
    const berlin = reading('Europe/Berlin', '2025-03-14T16:15:00Z');

    it('names the zone once, and the end\u2019s day only when it is not the start\u2019s', () => {
      assert.equal(clockSpan(at('2025-03-14T15:10:00Z'), at('2025-03-14T15:25:00Z'), berlin), '16:10 to 16:25 CET');
      assert.equal(clockSpan(at('2025-03-10T09:00:00Z'), at('2025-03-10T09:47:00Z'), berlin), '10 Mar 10:00 to 10:47 CET');
      assert.equal(clockSpan(at('2025-03-13T22:30:00Z'), at('2025-03-13T23:30:00Z'), berlin), '13 Mar 23:30 to 14 Mar 00:30 CET');
    });

    it('names both ends when daylight saving changed in between', () => {
      const london = reading('Europe/London', '2025-03-30T12:00:00Z');
      assert.equal(clockSpan(at('2025-03-30T00:30:00Z'), at('2025-03-30T01:30:00Z'), london), '00:30 GMT to 02:30 BST');
    });

    it('reads how long to the minute, from the injected clock\u2019s now', () => {
      const now = at('2025-03-14T16:15:00Z');
      assert.equal(elapsed(at('2025-03-14T16:14:30Z'), now), 'less than a minute');
      assert.equal(elapsed(at('2025-03-14T16:03:00Z'), now), '12 min');
      assert.equal(elapsed(at('2025-03-14T15:15:00Z'), now), '1 h');
      assert.equal(elapsed(at('2025-03-14T15:02:11Z'), now), '1 h 12 min');
      assert.equal(elapsed(at('2025-03-12T13:15:00Z'), now), '2 d 3 h');
      assert.equal(elapsed(now + 60_000, now), 'less than a minute', 'a clock behind Webex\u2019s never reads negative');
    });

    it('reads a duration Webex counted in seconds', () => {
      assert.equal(formatDuration(60), '1 min');
      assert.equal(formatDuration(2790), '46 min 30 s');
      assert.equal(formatDuration(3720), '1 h 2 min');
      assert.equal(formatDuration(42), '42 s');
    });
  });
});
