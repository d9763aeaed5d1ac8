import { escapeRegExp } from '../../reg-exp.js';

/**
 * Removes the bot's own mention, `<@U123>` or `<@U123|name>`, wherever it stands, so that
 * `@bot participant …` reads as `participant …`. Other people's mentions stay: they are part of
 * what the user typed, and the parser treats them as such.
 */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  if (botUserId === undefined) return text.trim();
  const mention = new RegExp(`<@${escapeRegExp(botUserId)}(?:\\|[^>]*)?>`, 'g');
  return text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}
