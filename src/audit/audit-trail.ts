import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Logger } from 'pino';
import { BotError } from '../errors.js';

/**
 * The audit trail: one record per participant lookup, saying who asked for whom and what came of
 * it. It names people by email and participants by id, and holds nothing of what Webex answered,
 * so no phone number or other detail of a participant can end up in it.
 */
export interface AuditRecord {
  /** ISO 8601, when the lookup ended. */
  at: string;
  platform: string;
  /** `typed`, `button` when the command came from a button the requester clicked, or `watch` for what a watch did on its own. */
  via: 'typed' | 'button' | 'watch';
  /** The requester's email. */
  requester: string;
  role: string;
  /**
   * What was asked: one participant by id, by email in a meeting, or a meeting's roster (as a card,
   * or a CSV file); or what became of a watch: started, ended, an alert (README, "Watches").
   */
  command: 'participant' | 'participantByEmail' | 'roster' | 'rosterCsv' | 'watchStart' | 'watchEnd' | 'watchAlert';
  participantId?: string;
  meetingId?: string;
  /** Whose records a `participantByEmail` asked for. */
  participantEmail?: string;
  /** How many records a roster, its CSV or an email query showed the requester. */
  shown?: number;
  /** Whether the requester was shown the participant; `denied` only when Webex found one they may not see. */
  decision: 'allowed' | 'denied';
  /** `found`, `notHost`, a failure kind such as `notFound` or `timeout`, or `internal`. */
  outcome: string;
  /** Webex's HTTP status, when the lookup failed with one. */
  status?: number;
  trackingId?: string;
}

export interface AuditTrail {
  /** Returns the record as written, its time added. */
  record(entry: Omit<AuditRecord, 'at'>): AuditRecord;
  /** Writes out what is buffered and closes the file; records after this go to the log only. */
  close(): Promise<void>;
}

export interface AuditTrailOptions {
  logger: Logger;
  /** AUDIT_FILE: when given, each record is also appended there as one JSON line. */
  file?: string;
}

/**
 * Records go to the log (as `audit: true` lines) and, with a file, to that file too. The file is
 * opened once, for appending, before the bot takes any work, so that a path that cannot be written
 * stops start-up instead of losing the trail silently.
 */
export async function openAuditTrail({ logger, file }: AuditTrailOptions): Promise<AuditTrail> {
  const toLog = logAuditTrail(logger);
  if (file === undefined) return toLog;
  const stream = await openAppending(file);
  let writable = true;
  stream.on('error', (error) => {
    writable = false;
    logger.error({ err: error, file }, 'The audit file cannot be written any more: lookups are audited in the log only');
  });

  return {
    record(entry) {
      const record = toLog.record(entry);
      if (writable) stream.write(`${JSON.stringify(record)}\n`);
      return record;
    },
    async close() {
      if (!writable) return;
      writable = false;
      await new Promise<void>((resolve) => stream.end(resolve));
    },
  };
}

/** The trail in the log alone, as `audit: true` lines: what the CLI and tests use. */
export function logAuditTrail(logger: Logger): AuditTrail {
  return {
    record(entry) {
      const record: AuditRecord = { at: new Date().toISOString(), ...entry };
      logger.info({ audit: true, ...record }, 'lookup');
      return record;
    },
    close: async () => undefined,
  };
}

async function openAppending(file: string): Promise<WriteStream> {
  // Owner-only: the trail says who looked at whom.
  const stream = createWriteStream(file, { flags: 'a', mode: 0o600 });
  try {
    await once(stream, 'open');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new BotError('audit_file_unwritable', `The audit file ${file} (AUDIT_FILE) cannot be opened for appending (${code})`, {
      cause: error,
    });
  }
  return stream;
}
