/**
 * Slack tokens have fixed prefixes (xoxb-, xoxp-, xapp-, ...). Bolt and its clients log free-form
 * strings, which pino's path-based redaction cannot reach, so every string bound for the log from
 * the Slack side passes through here first.
 */
const TOKEN_PATTERN = /\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+/g;

export function redactTokens(text: string): string {
  return text.replace(TOKEN_PATTERN, '[redacted]');
}

/** What of an unknown error is worth logging, tokens removed: never the request that carried it. */
export function describeError(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: 'NonError', message: redactTokens(String(error)) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: redactTokens(error.message),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
