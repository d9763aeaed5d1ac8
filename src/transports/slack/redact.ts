import { redactTokens } from '../../logger.js';

/**
 * What of an unknown error is worth repeating, tokens removed: never the request that carried it.
 * (The logger's `err` serializer keeps the same out of every logged error.)
 */
export function describeError(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: 'NonError', message: redactTokens(String(error)) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: redactTokens(error.message),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
