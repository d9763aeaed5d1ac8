import { normalizeEmail, type AccessPolicy, type Role } from '../access/policy.js';
import type { AuditRecord, AuditTrail } from '../audit/audit-trail.js';
import { readingZone } from '../replies/time-zone.js';
import type { Reading } from '../replies/times.js';
import type { Requester } from './handle-command.js';

/**
 * The person a command is answered for, with what the access file says of them: every command
 * asks Webex and shows its answer through this, so the rules are applied one way everywhere
 * (README, "Who sees what").
 */
export interface Asker {
  email: string;
  role: Role;
  /** For the fair queue: the same person, however they wrote their address. */
  requesterKey: string;
  /** The `hostEmail` to ask Webex with: their own for a host; the one they named, if any, otherwise. */
  hostFilter(named: string | undefined): string | undefined;
  /** The host they named, kept only when they may name one: what a button repeats. */
  namedHost(named: string | undefined): string | undefined;
  maySee(meetingHostEmail: string | undefined): boolean;
  showPhoneNumbers: boolean;
  /** Their time zone and the time now: what every time in their reply is read against. */
  reading(): Reading;
  /** One audit record for this command, who asked and how filled in. */
  audit(entry: AuditEntry): void;
}

export type AuditEntry = Omit<AuditRecord, 'at' | 'platform' | 'via' | 'requester' | 'role'>;

export function askerFor(requester: Requester & { email: string }, access: AccessPolicy, trail: AuditTrail, now: () => Date): Asker {
  const { email } = requester;
  const role = access.roleOf(email);
  const zone = readingZone(requester.timeZone);
  return {
    email,
    role,
    requesterKey: normalizeEmail(email),
    hostFilter: (named) => access.hostFilter(email, named),
    namedHost: (named) => (role === 'host' ? undefined : access.hostFilter(email, named)),
    maySee: (meetingHostEmail) => access.maySee(email, meetingHostEmail),
    showPhoneNumbers: access.maySeePhoneNumbers(email),
    reading: () => ({ zone, now: now() }),
    audit: (entry) => {
      trail.record({ platform: requester.platform, via: requester.via ?? 'typed', requester: email, role, ...entry });
    },
  };
}
