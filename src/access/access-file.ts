import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BotError } from '../errors.js';

/**
 * The access file (README, "Who sees what"): who is an admin, who is a compliance officer, and
 * which Slack user is which email. Emails are compared lower-cased, so they are stored that way.
 */
const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be an email address' }));

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

export const accessFileSchema = z
  .object({
    admins: z.array(email).default([]),
    complianceOfficers: z.array(email).default([]),
    slackUsers: z
      .record(z.string(), email)
      .superRefine((users, ctx) => {
        // Checked here rather than as the record's key schema, whose message zod replaces.
        for (const id of Object.keys(users)) {
          if (!SLACK_USER_ID.test(id)) {
            ctx.addIssue({ code: 'custom', path: [id], message: 'must be a Slack user id such as U0123ABCD' });
          }
        }
      })
      .default({}),
  })
  .strict();

export type AccessList = z.infer<typeof accessFileSchema>;

export class AccessFileError extends BotError {
  override readonly name = 'AccessFileError';
  constructor(code: 'access_file_unreadable' | 'access_file_invalid', message: string) {
    super(code, message);
  }
}

/** Parses the text of an access file; `source` names it in every error. */
export function parseAccessFile(text: string, source: string): AccessList {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AccessFileError('access_file_invalid', `${source} is not valid JSON: ${(e as Error).message}`);
  }
  const result = accessFileSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
      return `${field}: ${issue.message}`;
    });
    throw new AccessFileError('access_file_invalid', `${source} is not a valid access file: ${problems.join('; ')}`);
  }
  return result.data;
}

export async function loadAccessFile(path: string): Promise<AccessList> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'unknown error'})`;
    throw new AccessFileError('access_file_unreadable', `The access file ${path} (ACCESS_FILE) ${why}.`);
  }
  return parseAccessFile(text, path);
}
