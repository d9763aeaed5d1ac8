import type { Participant } from '../participants/schema.js';
import { deviceName } from './device-names.js';
import { audioWords, rolesOf } from './participant-view.js';
import { stateLabel } from './status.js';
import { formatDuration, instantOf } from './times.js';

/**
 * The whole roster as an attendance file (README, "Commands"): RFC 4180 CSV, one row per record,
 * every record the requester may see (not only the 25 a card lists). Phone numbers are a column of
 * their own, there only for compliance officers.
 */
export interface CsvFile {
  name: string;
  mimeType: 'text/csv';
  content: string;
}

const COLUMNS = ['Name', 'Email', 'Roles', 'State', 'Joined', 'Left', 'Duration', 'Devices', 'Breakout sessions'] as const;

export function rosterCsv(
  participants: readonly Participant[],
  options: { showPhoneNumbers: boolean; meeting: string; today: Date },
): CsvFile {
  const header = options.showPhoneNumbers ? [...COLUMNS, 'Phone numbers'] : [...COLUMNS];
  const rows = participants.map((p) => {
    const devices = p.devices ?? [];
    const row = [
      p.displayName ?? '',
      p.email ?? '',
      rolesOf(p).join(', '),
      stateLabel(p.state) ?? '',
      utcTimestamp(p.joinedTime),
      utcTimestamp(p.leftTime),
      durationOf(p),
      devices.map((d) => [d.deviceType ? deviceName(d.deviceType) : '', audioWords(d)].filter(Boolean).join(', ')).join('; '),
      (p.breakoutSessionsAttended ?? []).map((s) => s.name ?? s.id ?? '').join('; '),
    ];
    if (options.showPhoneNumbers) row.push(devices.flatMap((d) => (d.phoneNumber?.trim() ? [d.phoneNumber] : [])).join('; '));
    return row;
  });
  const date = options.today.toISOString().slice(0, 10);
  const slug = options.meeting.replace(/[^0-9A-Za-z_]+/g, '-').replace(/^-|-$/g, '');
  return {
    name: `participants-${slug}-${date}.csv`,
    mimeType: 'text/csv',
    // CRLF line ends, as RFC 4180 asks; spreadsheet programs read it either way.
    content: [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n',
  };
}

/**
 * A file is read later and elsewhere, often sorted or summed: its times are full UTC timestamps
 * (`2025-03-14 15:02:11 UTC`), whoever asked, and a time Webex has not given is an empty cell.
 */
function utcTimestamp(iso: string | undefined): string {
  const ms = instantOf(iso);
  return ms === undefined ? '' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The sum of the devices' time in the meeting, when Webex said it. */
function durationOf(p: Participant): string {
  const seconds = (p.devices ?? []).reduce((sum, d) => sum + (d.durationSecond ?? 0), 0);
  return seconds > 0 ? formatDuration(seconds) : '';
}

/**
 * A cell a spreadsheet reads as text: one that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return would run as a formula (OWASP "CSV injection"), so it gets a leading `'`; then quoted when
 * it holds a comma, a quote or a line break, quotes doubled (RFC 4180).
 */
export function csvCell(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}
