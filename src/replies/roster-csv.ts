import type { Participant } from '../participants/schema.js';
import { formatDuration, formatTime, stateWords, toParticipantView } from './participant-view.js';

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
    const view = toParticipantView(p, { showPhoneNumbers: options.showPhoneNumbers });
    const row = [
      p.displayName ?? '',
      p.email ?? '',
      view.roles.join(', '),
      stateWords(p.state),
      formatTime(p.joinedTime),
      formatTime(p.leftTime),
      durationOf(p),
      view.devices.map((d) => `${d.deviceType} (${d.audio})`).join('; '),
      view.breakoutSessions.map((s) => s.name).join('; '),
    ];
    if (options.showPhoneNumbers) row.push(view.devices.flatMap((d) => (d.phoneNumber ? [d.phoneNumber] : [])).join('; '));
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
