/**
 * How people paste things into chat: an id in code quotes or brackets (`id`, ```id```, <id>, "id"),
 * or at the end of a sentence. Slack also wraps what it recognises: a link as `<https://…|shown>`,
 * an address as `<mailto:a@b.c|a@b.c>`.
 */
export function unwrap(word: string): string {
  return word.replace(/^[`'"<([]+/, '').replace(/[`'">)\].,;:!?]+$/, '');
}

/** The target of Slack's `<target|shown text>` or `<target>`; any other word unwrapped as above. */
export function unwrapSlack(word: string): string {
  const slack = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(word);
  return slack ? (slack[1] ?? '') : unwrap(word);
}
