import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  HELP_COMMANDS,
  HELP_ID_HINT,
  HELP_INTRO,
  HELP_PRIVACY,
  LABELS,
  breakoutSessionsHeading,
  devicesHeading,
  errorAction,
  errorTitle,
  moreBreakoutSessions,
  moreDevices,
  moreParticipants,
  notFoundMessage,
  rosterHeading,
  rosterTotals,
  trackingLine,
} from '../replies/messages.js';
import type { ParticipantView } from '../replies/participant-view.js';
import type { CommandButton, Reply } from '../replies/reply.js';
import type { StatusTone, StatusView } from '../replies/status.js';
import { packageRoot } from '../package-root.js';
import { escapeWebexMarkdown } from './escape.js';
import {
  deviceLine,
  displayName,
  keyFacts,
  markedStatus,
  meetingFacts,
  notFoundFacts,
  rosterLineName,
  statusMarker,
} from './facts.js';
import { clipEscaped, firstListed } from './limits.js';

/** An Adaptive Card 1.3 as the templates in `adaptive-cards/` produce it: only what Webex renders. */
export interface AdaptiveCard {
  $schema: string;
  type: 'AdaptiveCard';
  version: string;
  body: CardElement[];
  actions?: SubmitAction[];
}

/**
 * A button: Webex posts `data` back as the attachment action's `inputs` (README, "Buttons").
 * `refresh` marks the one whose answer replaces the card.
 */
export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: { command: string; refresh?: true };
}

export type CardElement = TextBlock | FactSet | Container | ColumnSet | ActionSet;

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  size?: 'Large' | 'Small';
  weight?: 'Bolder';
  color?: CardColor;
  fontType?: 'Monospace';
  isSubtle?: boolean;
  spacing?: 'None';
  wrap?: boolean;
}

/** Adaptive Cards' own colour names; the host picks the shade (Webex: its theme's). */
export type CardColor = 'Default' | 'Accent' | 'Good' | 'Warning' | 'Attention';

export interface FactSet {
  type: 'FactSet';
  facts: Array<{ title: string; value: string }>;
}

export interface Container {
  type: 'Container';
  separator?: boolean;
  items: CardElement[];
}

export interface ColumnSet {
  type: 'ColumnSet';
  separator?: boolean;
  spacing?: 'None';
  columns: Array<{ type: 'Column'; width: 'stretch' | 'auto'; verticalContentAlignment?: 'Center'; items: CardElement[] }>;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: SubmitAction[];
}

/**
 * `adaptivecards-templating`, loaded through `require` so that TypeScript does not read its type
 * declarations: they import `adaptivecards/src/schema`, TypeScript sources that do not compile
 * under this project's settings. This is the part of its API used here.
 */
interface Template {
  expand(context: { $root: unknown }): unknown;
}
const { Template } = createRequire(import.meta.url)('adaptivecards-templating') as {
  Template: new (payload: unknown) => Template;
};

type TemplateName = 'participant' | 'roster' | 'note' | 'watch' | 'not-found' | 'help' | 'usage' | 'error';

/** What a template binds to: strings, lists and records of them. Absent optional parts stay absent. */
type Bindings = string | readonly Bindings[] | { readonly [key: string]: Bindings | undefined };

/**
 * No single value needs more; it keeps a card with a 10,000-character name within what Webex
 * accepts in one message.
 */
const MAX_VALUE_LENGTH = 500;

export function renderAdaptiveCard(reply: Reply): AdaptiveCard {
  switch (reply.kind) {
    case 'participant':
      return withButtons(expand('participant', participantBindings(reply.view)), reply.buttons);
    case 'roster': {
      const { roster, details } = reply;
      return withButtons(
        expand('roster', {
          heading: rosterHeading(roster.meeting),
          totals: rosterTotals(roster.totals, roster.complete),
          lines: roster.lines.map((line, i) => ({
            name: rosterLineName(line),
            status: markedStatus(line.status),
            color: TONE_COLORS[line.status.tone],
            details: { label: details[i]?.label ?? '', command: details[i]?.command ?? '' },
          })),
          more: roster.notListed > 0 ? moreParticipants(roster.notListed) : undefined,
        }),
        reply.buttons,
      );
    }
    case 'file':
      return expand('note', { note: reply.note });
    case 'watch':
      return withButtons(expand('watch', { text: reply.text, facts: reply.facts.map(({ label, value }) => ({ label, value })) }), reply.buttons);
    case 'notFound':
      return expand('not-found', {
        message: notFoundMessage(reply.subject),
        facts: notFoundFacts(reply.subject).map(({ label, value }) => ({ label, value })),
      });
    case 'help':
      return expand('help', {
        intro: HELP_INTRO,
        commands: HELP_COMMANDS.map(({ command, meaning }) => ({ command, meaning })),
        idHint: HELP_ID_HINT,
        privacy: HELP_PRIVACY,
      });
    case 'usage':
      return expand('usage', { labels: LABELS, problem: reply.problem, usage: reply.usage, idHint: HELP_ID_HINT });
    case 'error':
      return expand('error', {
        title: errorTitle(reply.error),
        action: errorAction(reply.error),
        trackingLine: trackingLine(reply.error),
      });
  }
}

/**
 * Added after expansion, not bound into a template: the command is not shown, so it is not
 * escaped as markdown; it is posted back as it is and parsed again like anything typed.
 */
function withButtons(card: AdaptiveCard, buttons: readonly CommandButton[]): AdaptiveCard {
  if (buttons.length === 0) return card;
  return {
    ...card,
    actions: buttons.map(({ label, command, replaces }) => ({
      type: 'Action.Submit',
      title: label,
      data: { command, ...(replaces ? { refresh: true as const } : {}) },
    })),
  };
}

/**
 * The state's colour, which only ever repeats its words and marker (README, "Replies"): amber while
 * someone waits to be let in, green in the meeting, blue in a breakout session, plain once gone.
 */
const TONE_COLORS: Record<StatusTone, CardColor> = {
  lobby: 'Warning',
  inMeeting: 'Good',
  breakoutSession: 'Accent',
  left: 'Default',
  other: 'Default',
};

function statusBindings(status: StatusView): Bindings {
  return {
    label: `${statusMarker(status)} ${status.label}`,
    color: TONE_COLORS[status.tone],
    detail: status.detail,
  };
}

function participantBindings(view: ParticipantView): Bindings {
  const devices = firstListed(view.devices);
  const sessions = firstListed(view.breakoutSessions);
  return {
    displayName: displayName(view),
    status: statusBindings(view.status),
    facts: keyFacts(view).map(({ label, value }) => ({ label, value })),
    devices:
      view.devices.length === 0
        ? undefined
        : {
            heading: devicesHeading(view.devices.length),
            lines: devices.listed.map((device) => ({ line: deviceLine(device) })),
            more: devices.notListed > 0 ? moreDevices(devices.notListed) : undefined,
          },
    breakoutSessions:
      view.breakoutSessions.length === 0
        ? undefined
        : {
            heading: breakoutSessionsHeading(view.breakoutSessions.length),
            lines: sessions.listed.map((line) => ({ line })),
            more: sessions.notListed > 0 ? moreBreakoutSessions(sessions.notListed) : undefined,
          },
    note: view.notKnownNote,
    meeting: meetingFacts(view).map(({ label, value }) => ({ label, value })),
  };
}

/**
 * Every string is escaped before it is bound, our own sentences too (the usage line's `<…>` and
 * `[…]` are markdown as well), so no template binding can ever receive raw text. A button's
 * `command` is the one exception: it is never shown, only posted back as it is and parsed again
 * like anything typed, so escaping it would change the command.
 */
function escapeAll(value: Bindings, key?: string): Bindings {
  if (typeof value === 'string') return key === 'command' ? value : clipEscaped(value, MAX_VALUE_LENGTH, escapeWebexMarkdown);
  if (isList(value)) return value.map((item) => escapeAll(item));
  const out: Record<string, Bindings> = {};
  for (const [name, item] of Object.entries(value)) {
    // Dropped, not bound: the templates' `$when: exists(…)` hides the row.
    if (item !== undefined) out[name] = escapeAll(item, name);
  }
  return out;
}

function isList(value: Bindings): value is readonly Bindings[] {
  return Array.isArray(value);
}

function expand(name: TemplateName, bindings: Bindings): AdaptiveCard {
  const card = template(name).expand({ $root: escapeAll(bindings) });
  if (!isAdaptiveCard(card)) throw new Error(`adaptive-cards/${name}.json did not expand to an Adaptive Card`);
  return card;
}

function isAdaptiveCard(value: unknown): value is AdaptiveCard {
  if (typeof value !== 'object' || value === null) return false;
  const card = value as Partial<Record<keyof AdaptiveCard, unknown>>;
  return card.type === 'AdaptiveCard' && typeof card.version === 'string' && Array.isArray(card.body);
}

/** Each template is read and prepared once; expanding is synchronous, so one instance is reused. */
const templates = new Map<TemplateName, Template>();

function template(name: TemplateName): Template {
  let prepared = templates.get(name);
  if (prepared === undefined) {
    const file = path.join(packageRoot(), 'adaptive-cards', `${name}.json`);
    prepared = new Template(JSON.parse(readFileSync(file, 'utf8')));
    templates.set(name, prepared);
  }
  return prepared;
}
