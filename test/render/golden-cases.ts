import type { Reply } from '../../src/replies/reply.js';
import { participant, renderAll, viewOf } from './support.js';

/**
 * What the golden files hold: the seed example body (Webex's own documentation example) rendered
 * for a compliance officer and for its host, and the two "busy" replies (Webex asked us to wait;
 * our own queue is full), each in every renderer. The test compares; `npm run golden:update`
 * (test/render/update-golden.ts) rewrites them after an intended change: read the diff before
 * committing it.
 */
const cases: Array<{ name: string; reply: Reply }> = [
  { name: 'seed-compliance-officer', reply: participant(viewOf({}, true)) },
  { name: 'seed-host', reply: participant(viewOf({}, false)) },
  {
    name: 'busy-webex',
    reply: { kind: 'error', error: { code: 'busy', busyBecause: 'webex', retryAfterSeconds: 600, trackingId: 'ROUTER_5F1B' } },
  },
  { name: 'busy-queue', reply: { kind: 'error', error: { code: 'busy', busyBecause: 'queue', retryAfterSeconds: 20 } } },
];

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export interface GoldenFile {
  /** Below test/render/golden/. */
  file: string;
  text: string;
}

export function goldenFiles(): GoldenFile[] {
  return cases.flatMap(({ name, reply }) => {
    const rendered = renderAll(reply);
    return [
      { file: `${name}.card.json`, text: json(rendered.card) },
      { file: `${name}.block-kit.json`, text: json(rendered.slack) },
      { file: `${name}.md`, text: `${rendered.markdown}\n` },
      { file: `${name}.txt`, text: `${rendered.plain}\n` },
    ];
  });
}

export const goldenUrl = (file: string): URL => new URL(`golden/${file}`, import.meta.url);
