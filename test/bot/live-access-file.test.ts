import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startBot, type Running } from '../../src/bot.js';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { handleSignals } from '../../src/signals.js';
import { until } from '../redis/support.js';
import { emulatedBotEnv } from '../support/bot-env.js';
import { startSlackApiEmulator, type SlackApiEmulator } from '../support/slack-api-emulator.js';
import { startSlackSocketServer, type SlackSocketServer } from '../support/slack-socket-server.js';
import { startWebexEmulator, type WebexEmulator } from '../support/webex-emulator.js';

const ADA = { id: 'U0ADA0001', email: 'ada.admin@example.com' };
const OLGA = { id: 'U0OLGA001', email: 'olga.officer@example.com' };
const PARTICIPANT_ID = 'abcdef0123456789abcdef0123456789_3c2e2338-e950-43bf-b588-573773ee43d1';
const ACCESS_RELOADED = 'Access file read again: the new list is in force';
const ACCESS_REFUSED = 'Access file refused: the previous list stays in force';

/**
 * The access file followed while the bot runs (README, "Operations"), through startBot as deployed:
 * a changed file is in force for the next command, for the command handler (roles) and for Slack's
 * identity (slackUsers) alike; a broken one is refused and counted; SIGHUP reads it again.
 */
describe('the bot as deployed: the access file read again while it runs', function () {
  this.timeout(30_000);

  let dir: string;
  let accessFile: string;
  let webex: WebexEmulator;
  let slack: SlackApiEmulator;
  let socket: SlackSocketServer;
  let running: Running;
  let origin: string;
  const lines: Array<Record<string, unknown>> = [];

  const writeAccess = (content: unknown) => writeFile(accessFile, typeof content === 'string' ? content : JSON.stringify(content));
  const logged = (msg: string) => lines.filter((line) => line.msg === msg);
  /** Waits for one more log line `msg` than there were when `before` was taken. */
  const another = (msg: string, before: number) => until(() => logged(msg).length > before, msg);

  /** `/participant <id>` from `user`; resolves with the text of the reply Slack received. */
  async function ask(user: { id: string }): Promise<string> {
    const responseUrl = slack.newResponseUrl();
    const id = responseUrl.split('/').at(-1);
    socket.sendSlashCommand({
      team_id: slack.teamId,
      channel_id: 'C0GENERAL1',
      user_id: user.id,
      command: '/participant',
      text: PARTICIPANT_ID,
      response_url: responseUrl,
      trigger_id: randomUUID(),
    });
    await slack.waitFor(() => slack.responses.some((response) => response.id === id), 10_000);
    return String(slack.responses.find((response) => response.id === id)?.body.text);
  }

  const failuresMetric = async () => {
    const text = await (await fetch(`${origin}/metrics`)).text();
    return Number(/^participant_bot_access_reload_failures_total (\d+)/m.exec(text)?.[1]);
  };

  beforeEach(async () => {
    lines.length = 0;
    dir = await mkdtemp(path.join(tmpdir(), 'live-access-'));
    accessFile = path.join(dir, 'access.json');
    // Ada is known to Slack only through the access file, and is no admin yet.
    await writeAccess({ slackUsers: { [ADA.id]: ADA.email } });
    webex = await startWebexEmulator();
    webex.addParticipant({ id: PARTICIPANT_ID, meetingId: 'm1', hostEmail: 'someone.else@example.com', state: 'joined', displayName: 'Pat Participant' });
    slack = await startSlackApiEmulator();
    socket = await startSlackSocketServer();
    slack.setSocketUrl(socket.url);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const config = readConfig({ ...emulatedBotEnv(slack, webex), WEBEX_RATE_LIMIT_PER_MINUTE: '60000', ACCESS_FILE: accessFile });
    running = await startBot(config, createLogger('info', sink));
    origin = `http://127.0.0.1:${(running.server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await running.stop();
    await socket.close();
    await slack.close();
    await webex.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('puts a changed file in force for the next command: a new role, and a new Slack user', async () => {
    assert.doesNotMatch(await ask(ADA), /Pat Participant/, 'not an admin yet: someone else’s meeting is not hers to see');
    const before = logged(ACCESS_RELOADED).length;
    await writeAccess({ admins: [ADA.email], complianceOfficers: [OLGA.email], slackUsers: { [ADA.id]: ADA.email, [OLGA.id]: OLGA.email } });
    await another(ACCESS_RELOADED, before);
    assert.match(await ask(ADA), /Pat Participant/, 'the handler sees the new role');
    // The Slack emulator knows neither of them (users.info, asked for their time zones, finds no
    // one), so only the new file can have told the bot who Olga is.
    assert.match(await ask(OLGA), /Pat Participant/, 'Slack’s identity sees the new slackUsers entry');
  });

  it('follows an editor that saves by renaming a new file over the old one', async () => {
    const before = logged(ACCESS_RELOADED).length;
    const copy = path.join(dir, '.access.json.swp');
    await writeFile(copy, JSON.stringify({ admins: [ADA.email], slackUsers: { [ADA.id]: ADA.email } }));
    await rename(copy, accessFile);
    await another(ACCESS_RELOADED, before);
    assert.match(await ask(ADA), /Pat Participant/);

    // And the watch still holds after the rename: the next save is seen too.
    const again = logged(ACCESS_RELOADED).length;
    await writeAccess({ slackUsers: { [ADA.id]: ADA.email } });
    await another(ACCESS_RELOADED, again);
    assert.doesNotMatch(await ask(ADA), /Pat Participant/);
  });

  it('follows a Kubernetes ConfigMap, which swaps a symlink beside the file rather than the file', async () => {
    // The layout the kubelet makes: access.json -> ..data/access.json, ..data -> a versioned folder.
    const version = async (name: string, content: unknown) => {
      await mkdir(path.join(dir, name));
      await writeFile(path.join(dir, name, 'access.json'), JSON.stringify(content));
    };
    const swap = async (target: string, link: string) => {
      await symlink(target, path.join(dir, `${link}_tmp`));
      await rename(path.join(dir, `${link}_tmp`), path.join(dir, link));
    };
    await version('..v1', { slackUsers: { [ADA.id]: ADA.email } });
    await swap('..v1', '..data');
    const before = logged(ACCESS_RELOADED).length;
    await swap('..data/access.json', 'access.json');
    await another(ACCESS_RELOADED, before);

    const again = logged(ACCESS_RELOADED).length;
    await version('..v2', { admins: [ADA.email], slackUsers: { [ADA.id]: ADA.email } });
    await swap('..v2', '..data');
    await another(ACCESS_RELOADED, again);
    assert.match(await ask(ADA), /Pat Participant/);
  });

  it('reads the file only when it changed, not for every change in its folder (an audit file there, say)', async () => {
    const before = logged(ACCESS_RELOADED).length;
    for (let line = 0; line < 3; line += 1) await appendFile(path.join(dir, 'audit.jsonl'), '{}\n');
    // Three times the debounce: a read would have happened by now.
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(logged(ACCESS_RELOADED).length, before);
  });

  it('refuses a file that does not validate: the previous list stays, the error is logged with its code and counted', async () => {
    await writeAccess({ admins: [ADA.email], slackUsers: { [ADA.id]: ADA.email } });
    await another(ACCESS_RELOADED, 0);
    assert.equal(await failuresMetric(), 0);

    await writeAccess('{ "admins": ["ada.admin@example.com", ');
    await another(ACCESS_REFUSED, 0);
    const refused = logged(ACCESS_REFUSED)[0];
    assert.equal(refused?.level, 50);
    assert.equal((refused?.err as { code?: string } | undefined)?.code, 'access_file_invalid');
    assert.equal(await failuresMetric(), 1);
    assert.match(await ask(ADA), /Pat Participant/, 'still an admin under the previous list');

    await writeAccess({ admins: ['not an email'] });
    await another(ACCESS_REFUSED, 1);
    assert.equal(await failuresMetric(), 2);
    assert.match(await ask(ADA), /Pat Participant/);

    await rm(accessFile);
    await another(ACCESS_REFUSED, 2);
    assert.equal((logged(ACCESS_REFUSED)[2]?.err as { code?: string } | undefined)?.code, 'access_file_unreadable');
    assert.equal(await failuresMetric(), 3);
    assert.match(await ask(ADA), /Pat Participant/);
    // Asked directly (as SIGHUP does), the answer is the same: refused, the previous list in force.
    assert.equal(await running.reloadAccess(), false);
    assert.match(await ask(ADA), /Pat Participant/);
  });

  it('reads the file again on SIGHUP, through the handler the program registers', async () => {
    const signals = new EventEmitter();
    const exits: number[] = [];
    handleSignals(signals, running, createLogger('silent'), (code) => exits.push(code));
    const before = logged(ACCESS_RELOADED).length;
    // The file has not changed, so only the signal can make the bot read it.
    signals.emit('SIGHUP');
    await another(ACCESS_RELOADED, before);
    signals.emit('SIGHUP');
    await another(ACCESS_RELOADED, before + 1);
    assert.deepEqual(exits, [], 'SIGHUP does not stop the bot');
    assert.equal((await fetch(`${origin}/healthz`)).status, 200);
  });
});
