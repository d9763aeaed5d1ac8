import assert from 'node:assert/strict';
import { participantSchema } from '../../src/participants/schema.js';
import { csvCell, rosterCsv } from '../../src/replies/roster-csv.js';
import { seedExampleBody } from '../support/fixtures.js';

const TODAY = new Date('2026-11-30T12:00:00Z');
const PHONE = seedExampleBody.devices[0].phoneNumber;

/** RFC 4180, read back: quoted fields with doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), (i += 1);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), (i += 1);
    else cell += c;
  }
  return rows;
}

describe('the attendance CSV', () => {
  const hostile = participantSchema.parse({
    ...seedExampleBody,
    displayName: '=HYPERLINK("https://evil.example","click"), "Joe" Doe\nnext line',
    email: '@evil@example.com',
  });
  const plain = participantSchema.parse({ ...seedExampleBody, id: `${seedExampleBody.id}x`, displayName: 'Ann', email: 'ann@example.com' });

  it('is RFC 4180: one header, one row per record, quotes doubled, CRLF line ends', () => {
    const file = rosterCsv([hostile, plain], { showPhoneNumbers: false, meeting: '2553 123 4567', today: TODAY });
    assert.ok(file.content.endsWith('\r\n'));
    const rows = parseCsv(file.content);
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[0], ['Name', 'Email', 'Roles', 'State', 'Joined', 'Left', 'Duration', 'Devices', 'Breakout sessions']);
    assert.ok(rows.every((row) => row.length === 9));
    assert.equal(rows[1]?.[0], '\'=HYPERLINK("https://evil.example","click"), "Joe" Doe\nnext line');
    assert.equal(rows[2]?.[0], 'Ann');
    assert.equal(file.name, 'participants-2553-123-4567-2026-11-30.csv');
    assert.equal(file.mimeType, 'text/csv');
  });

  it('defuses every cell a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) assert.ok(csvCell(`${start}1+1`).replace(/^"/, '').startsWith(`'${start}`), JSON.stringify(start));
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    const rows = parseCsv(rosterCsv([hostile], { showPhoneNumbers: false, meeting: 'm', today: TODAY }).content);
    assert.equal(rows[1]?.[1], "'@evil@example.com");
  });

  it('has a phone number column for compliance officers only', () => {
    const officer = rosterCsv([plain], { showPhoneNumbers: true, meeting: 'm', today: TODAY }).content;
    const others = rosterCsv([plain], { showPhoneNumbers: false, meeting: 'm', today: TODAY }).content;
    assert.equal(parseCsv(officer)[0]?.at(-1), 'Phone numbers');
    assert.ok(officer.includes(PHONE));
    assert.ok(!others.includes(PHONE) && !others.includes('Phone numbers'));
  });
});
