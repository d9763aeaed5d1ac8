import assert from 'node:assert/strict';
import { mkdir, mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pino } from 'pino';
import { startBot, type Running } from '../../src/bot.js';
import { readConfig } from '../../src/config.js';
import { NOT_KNOWN_NOTE, notFoundMessage } from '../../src/replies/messages.js';
import { IDS } from '../../src/sandbox/samples.js';

/** Debian's chromium, headless; no browser download, no network beyond localhost. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/**
 * Where the screenshot goes: a temporary folder, so that a test run never rewrites a tracked file.
 * `npm run screenshots` sets SCREENSHOTS_DIR=docs to update the README's picture on purpose.
 */
const screenshotDir = async () => process.env.SCREENSHOTS_DIR ?? (await mkdtemp(path.join(tmpdir(), 'playground-')));

const HOST = 'hana.host@example.com';
const OFFICER = 'olga.officer@example.com';
const STRANGER = 'sam.stranger@example.com';
const ZWSP = /\u200b/g;

describe('playground in a real browser (headless Chromium)', function () {
  this.timeout(60_000);
  let bot: Running;
  let browser: Browser;
  let page: Page;
  /** Script errors and console errors (a Content-Security-Policy violation is one). */
  const problems: string[] = [];

  before(async () => {
    bot = await startBot(readConfig({ PORT: '0' }), pino({ level: 'silent' }));
    const port = (bot.server.address() as AddressInfo).port;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.locator('#samples button').first().waitFor();
  });
  after(async () => {
    await browser?.close();
    await bot?.stop();
  });

  /** Asks as `email` through the form, and waits until the page has drawn the answer. */
  async function askAs(email: string, text: string): Promise<void> {
    const answered = Number((await page.locator('body').getAttribute('data-answered')) ?? 0);
    await page.selectOption('#as', email);
    await page.fill('#text', text);
    await page.click('#ask');
    await page.locator(`body[data-answered="${answered + 1}"]`).waitFor({ state: 'attached' });
  }

  const textOf = async (selector: string) => ((await page.locator(selector).textContent()) ?? '').replace(ZWSP, '');

  it('shows the host the card drawn by the adaptivecards renderer, with no phone number', async () => {
    await askAs(HOST, `participant ${IDS.joined}`);
    assert.equal(await page.locator('#webex-card .ac-adaptiveCard').count(), 1, 'drawn by the Adaptive Cards renderer');
    const card = await textOf('#webex-card');
    // Hana reads in Europe/Berlin; the sandbox stands at 2025-03-14 16:15 UTC, Joanna joined at 15:02 UTC.
    for (const shown of [
      'Joanna Joined',
      '\u25cf In the meeting',
      'for 1 h 12 min, since 16:02 CET',
      'Co-host, Invitee',
      'Webex app on Mac \u00b7 computer audio \u00b7 joined 16:02 CET \u00b7 1 h 12 min so far',
      'Phone \u00b7 phone audio, called back \u00b7 joined 16:03 CET \u00b7 1 h 11 min so far',
      NOT_KNOWN_NOTE,
    ]) {
      assert.ok(card.includes(shown), `the card shows ${shown}`);
    }
    assert.ok(!card.includes('555 0142'), 'no phone number for the host');
    assert.ok(!card.includes('\\'), 'markdown escapes are read, not shown');
    // The renderer writes each TextBlock's colour into its style: the state's is not the text's.
    const colourOf = async (text: string) =>
      /(?:^|;)\s*color:\s*([^;]+)/.exec((await page.locator('#webex-card .ac-textBlock', { hasText: text }).first().getAttribute('style')) ?? '')?.[1];
    const [stateColour, textColour] = [await colourOf('In the meeting'), await colourOf('Co-host')];
    assert.ok(stateColour !== undefined && stateColour !== textColour, `the state has a colour of its own: ${stateColour} / ${textColour}`);
    const slack = await textOf('#slack-message');
    assert.ok(slack.includes('Joanna Joined') && slack.includes('\u25cf In the meeting \u00b7 for 1 h 12 min, since 16:02 CET'));
    assert.ok((await textOf('#text-fallback')).includes('**Joanna Joined**'));
    assert.match(await textOf('#limiter'), /Limiter: \d+ queued, .*\. Lookup token: \d+ s old, renewed \d+ times?/);

    const dir = await screenshotDir();
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'screenshot.png'), fullPage: true });
  });

  /** Clicks `button` (a locator) and waits until the page has drawn the answer to the click. */
  async function clickAndWait(button: ReturnType<Page['locator']>): Promise<void> {
    const answered = Number((await page.locator('body').getAttribute('data-answered')) ?? 0);
    await button.click();
    await page.locator(`body[data-answered="${answered + 1}"]`).waitFor({ state: 'attached' });
  }

  it('runs the Refresh button of either drawing as the person chosen, as a click in chat would', async () => {
    await askAs(HOST, `participant ${IDS.joined}`);
    await clickAndWait(page.locator('#webex-card button', { hasText: 'Refresh' }));
    assert.ok((await textOf('#webex-card')).includes('Joanna Joined'));
    assert.match(await textOf('#status'), /who clicked: participant /);

    // The same card, clicked after choosing someone without access: their answer, not the host's.
    await page.selectOption('#as', STRANGER);
    await clickAndWait(page.locator('#slack-message button', { hasText: 'Refresh' }));
    assert.ok((await textOf('#slack-message')).includes(notFoundMessage({ participantId: '' })));
    assert.ok(!(await textOf('#webex-card')).includes('Joanna'));
  });

  it('shows the host a sample meeting\u2019s roster by its number, lobby first, and Details opens one person', async () => {
    await askAs(HOST, 'participants 2640 123 4567');
    const card = await textOf('#webex-card');
    assert.match(card, /Participants of meeting 2640 123 4567/);
    assert.match(card, /in the lobby/);
    const firstState = await page.locator('#webex-card .ac-columnSet').first().textContent();
    assert.match(firstState ?? '', /Waiting in the lobby/);
    await clickAndWait(page.locator('#webex-card button', { hasText: 'Details' }).first());
    assert.match(await textOf('#webex-card'), /Waiting in the lobby/);
    assert.match(await textOf('#status'), /who clicked: participant /);
  });

  it('gives a stranger the roster of no meeting, and the host the attendance CSV', async () => {
    await askAs(STRANGER, 'participants 2640 123 4567');
    assert.ok((await textOf('#webex-card')).startsWith(notFoundMessage({ meeting: '' })));
    await askAs(HOST, 'participants 2640 123 4567 csv');
    const file = await textOf('#file');
    assert.match(file, /^participants-2640-123-4567-\d{4}-\d{2}-\d{2}\.csv\n\nName,Email,Roles,State/);
  });

  it('shows the compliance officer the phone number', async () => {
    await askAs(OFFICER, `participant ${IDS.joined}`);
    assert.ok((await textOf('#webex-card')).includes('+1 408 555 0142'));
    assert.ok((await textOf('#slack-message')).includes('+1 408 555 0142'));
  });

  it('gives a stranger the not-found text, word for word', async () => {
    await askAs(STRANGER, `participant ${IDS.joined}`);
    const card = await textOf('#webex-card');
    assert.ok(card.includes(notFoundMessage({ participantId: '' })), card);
    assert.ok(!card.includes('Joanna'));
    assert.ok((await textOf('#slack-message')).includes(notFoundMessage({ participantId: '' })));
    assert.ok((await textOf('#text-fallback')).startsWith(notFoundMessage({ participantId: '' })));
  });

  it('shows a hostile display name as inert text in every column', async () => {
    await askAs(HOST, `participant ${IDS.hostile}`);
    for (const column of ['#webex-card', '#slack-message']) {
      assert.equal(await page.locator(`${column} a, ${column} img, ${column} script`).count(), 0, `${column}: no links`);
      assert.ok((await textOf(column)).includes('<!channel> [click](https://evil.example) <@all> **x**'), column);
    }
    assert.equal(await page.locator('#webex-card strong, #slack-message b').filter({ hasText: /^x$/ }).count(), 0);
  });

  it('reads the times in the time zone chosen for each person, and in UTC for one that is not a zone', async () => {
    await page.selectOption('#as', HOST);
    assert.equal(await page.inputValue('#time-zone'), 'Europe/Berlin', 'Hana\u2019s own zone to begin with');
    await page.selectOption('#time-zone', 'America/New_York');
    await askAs(HOST, `participant ${IDS.joined}`);
    assert.ok((await textOf('#webex-card')).includes('since 11:02 EDT'), 'New York, on summer time already');
    assert.match(await textOf('#status'), /\(America\/New_York\)/);

    await page.selectOption('#as', OFFICER);
    assert.equal(await page.inputValue('#time-zone'), 'Asia/Kolkata', 'each person has their own');
    await askAs(OFFICER, `participant ${IDS.joined}`);
    assert.ok((await textOf('#slack-message')).includes('since 20:32 IST'));

    await page.selectOption('#as', HOST);
    assert.equal(await page.inputValue('#time-zone'), 'America/New_York', 'Hana\u2019s choice is kept');
    await page.selectOption('#time-zone', 'Mars/Olympus');
    await askAs(HOST, `participant ${IDS.joined}`);
    assert.ok((await textOf('#text-fallback')).includes('since 15:02 UTC'), 'not a zone: UTC, named');
    await page.selectOption('#time-zone', 'Europe/Berlin');
  });

  it('runs without script errors or policy violations', () => {
    assert.deepEqual(problems, []);
  });
});
