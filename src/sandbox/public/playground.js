// The playground page: sample people and commands from the server, one POST per question, and
// the answer drawn three ways. Data only ever reaches the page through textContent.
import { renderSlackMessage } from './slack-blocks.js';
import { renderWebexCard } from './webex-card.js';

const $ = (id) => document.getElementById(id);

async function getJson(url, init) {
  const response = await fetch(url, init);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `The server answered ${response.status}.`);
  return body;
}

function option(value, label) {
  const node = document.createElement('option');
  node.value = value;
  node.textContent = label;
  return node;
}

/**
 * Each sample person's time zone, as their chat profile would give it; changing the choice changes
 * it for that person only, as each person in chat has their own.
 */
const timeZones = new Map();

function showTimeZone() {
  $('time-zone').value = timeZones.get($('as').value) ?? '';
}

async function loadSamples() {
  const { people, samples, meetings, timeZones: zones } = await getJson('/playground/samples');
  for (const person of people) timeZones.set(person.email, person.timeZone);
  $('time-zone').replaceChildren(...zones.map((zone) => option(zone.zone, zone.label)));
  const commands = [
    ...meetings.map((meeting) => ({ command: meeting.command, label: meeting.label })),
    ...meetings.map((meeting) => ({ command: `${meeting.command} csv`, label: `${meeting.label}: CSV` })),
    ...samples.map((sample) => ({ command: `participant ${sample.participantId}`, label: sample.label })),
  ];
  $('as').replaceChildren(...people.map((person) => option(person.email, `${person.label}: ${person.email}`)));
  showTimeZone();
  $('commands').replaceChildren(...commands.map(({ command, label }) => option(command, label)));
  $('samples').replaceChildren(
    ...commands.map(({ command, label }) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.title = command;
      button.addEventListener('click', () => {
        $('text').value = command;
        void ask();
      });
      const item = document.createElement('li');
      item.append(button);
      return item;
    }),
  );
  if (!$('text').value) $('text').value = commands[0].command;
}

// The lookup token renews itself (the emulator's last a minute): its age and the renewals, never the token.
function tokenLine({ ageSeconds, renewals }) {
  const age = ageSeconds === undefined ? 'none yet' : `${ageSeconds} s old`;
  return `Lookup token: ${age}, renewed ${renewals} ${renewals === 1 ? 'time' : 'times'}`;
}

function showLimiter({ queued, running, pausedUntil, token }) {
  const waitMs = pausedUntil - Date.now();
  const paused = waitMs > 0;
  const line = `Limiter: ${queued} queued, ${running} running, ` +
    (paused ? `paused until ${new Date(pausedUntil).toLocaleTimeString()} (${Math.ceil(waitMs / 1000)} s: Webex said 429)` : 'not paused') +
    `. ${tokenLine(token)}`;
  $('limiter').textContent = line;
  $('limiter').classList.toggle('paused', paused);
}

async function pollLimiter() {
  try {
    showLimiter(await getJson('/playground/limiter'));
  } catch {
    $('limiter').textContent = 'Limiter: the server did not answer.';
  }
}

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

/** A button on either drawing is the command typed for the person chosen now, as in chat. */
function click(command) {
  void ask(command, 'button');
}

async function ask(text = $('text').value, via = 'typed') {
  const as = $('as').value;
  const timeZone = timeZones.get(as) ?? '';
  setStatus('Asking…');
  $('ask').disabled = true;
  try {
    const answer = await getJson('/playground/ask', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as, text, via, timeZone }),
    });
    $('webex-card').replaceChildren(renderWebexCard(answer.card, click));
    $('webex-json').textContent = JSON.stringify(answer.card, null, 2);
    $('slack-message').replaceChildren(renderSlackMessage(answer.blocks, click));
    $('slack-json').textContent = JSON.stringify(answer.blocks, null, 2);
    $('text-fallback').textContent = answer.markdown;
    $('file').textContent = answer.file ? `${answer.file.name}\n\n${answer.file.content}` : '(none)';
    $('slack-text').textContent = answer.text;
    showLimiter(answer.limiter);
    const zone = timeZone === '' ? 'no time zone' : timeZone;
    setStatus(via === 'button' ? `Answered ${as} (${zone}), who clicked: ${text}` : `Answered ${as} (${zone}).`);
    document.body.dataset.answered = String(Number(document.body.dataset.answered ?? 0) + 1);
  } catch (error) {
    setStatus(error instanceof Error ? error.message : 'The question failed.', true);
  } finally {
    $('ask').disabled = false;
  }
}

$('as').addEventListener('change', showTimeZone);
$('time-zone').addEventListener('change', () => timeZones.set($('as').value, $('time-zone').value));

/** The alerts of the person chosen, as the chat platform's text would show them. */
async function pollAlerts() {
  try {
    const { alerts } = await getJson(`/playground/alerts?as=${encodeURIComponent($('as').value)}`);
    $('alerts').textContent = alerts.length === 0 ? '(none yet)' : alerts.map((alert) => `${alert.at}\n${alert.markdown}`).join('\n\n');
  } catch {
    $('alerts').textContent = 'Alerts: the server did not answer.';
  }
}

$('ask-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void ask();
});
loadSamples().catch((error) => setStatus(`Could not load the samples: ${error.message}`, true));
void pollLimiter();
setInterval(pollLimiter, 1000);
setInterval(pollAlerts, 2000);
