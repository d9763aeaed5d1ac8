/**
 * In a group space Webex only delivers messages that mention the bot, and the message text starts
 * with that mention as the sender's client wrote it: the bot's display name, or only its first
 * word. The HTML says exactly which words were the mention, so it is used when present; otherwise
 * the display name, then its first word, is removed from the start.
 */
export interface BotIdentity {
  id: string;
  displayName: string;
}

const MENTION = /<spark-mention\b([^>]*)>([\s\S]*?)<\/spark-mention>/gi;

export function withoutBotMention(message: { text: string; html?: string | undefined }, bot: BotIdentity): string {
  const mentioned = message.html === undefined ? [] : botMentionTexts(message.html, bot.id);
  for (const words of mentioned) {
    const at = message.text.indexOf(words);
    if (words !== '' && at !== -1) return (message.text.slice(0, at) + message.text.slice(at + words.length)).trim();
  }
  return withoutLeadingName(message.text, bot.displayName);
}

function botMentionTexts(html: string, botId: string): string[] {
  const ids = new Set([botId, uuidOf(botId)].filter((id): id is string => id !== undefined));
  const texts: string[] = [];
  for (const match of html.matchAll(MENTION)) {
    const attributes = match[1] ?? '';
    const type = /data-object-type\s*=\s*"([^"]*)"/i.exec(attributes)?.[1];
    const id = /data-object-id\s*=\s*"([^"]*)"/i.exec(attributes)?.[1];
    if (type === 'person' && id !== undefined && ids.has(decodeEntities(id))) {
      texts.push(decodeEntities((match[2] ?? '').replace(/<[^>]*>/g, '')));
    }
  }
  return texts;
}

function withoutLeadingName(text: string, displayName: string): string {
  const trimmed = text.trim();
  const name = displayName.trim();
  const firstWord = name.split(/\s+/)[0] ?? '';
  for (const candidate of [name, firstWord]) {
    if (candidate === '') continue;
    const head = trimmed.slice(0, candidate.length);
    const rest = trimmed.slice(candidate.length);
    if (head.toLowerCase() === candidate.toLowerCase() && (rest === '' || /^\s/.test(rest))) return rest.trim();
  }
  return trimmed;
}

/** Webex people ids are base64 of `ciscospark://us/PEOPLE/<uuid>`; mentions may carry either form. */
function uuidOf(personId: string): string | undefined {
  const decoded = Buffer.from(personId, 'base64').toString('utf8');
  return /^ciscospark:\/\/[^/]+\/PEOPLE\/([0-9a-f-]{36})$/i.exec(decoded)?.[1];
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}
