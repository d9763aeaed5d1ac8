import type { AccessList } from './access-file.js';

export type Role = 'complianceOfficer' | 'admin' | 'host';

/**
 * Who may see what (README, "Who sees what": deny by default). Everyone who is neither an admin nor
 * a compliance officer is treated as a would-be host: Webex is asked with their email as
 * `hostEmail`, and the answer is shown only if its own `hostEmail` is theirs too.
 */
export class AccessPolicy {
  private readonly admins: ReadonlySet<string>;
  private readonly officers: ReadonlySet<string>;
  private readonly slackUsers: ReadonlyMap<string, string>;

  constructor(list: AccessList) {
    this.admins = new Set(list.admins);
    this.officers = new Set(list.complianceOfficers);
    this.slackUsers = new Map(Object.entries(list.slackUsers));
  }

  roleOf(email: string): Role {
    const key = normalizeEmail(email);
    if (this.officers.has(key)) return 'complianceOfficer';
    if (this.admins.has(key)) return 'admin';
    return 'host';
  }

  /** The email the access file gives a Slack user, if any. */
  slackUserEmail(slackUserId: string): string | undefined {
    return this.slackUsers.get(slackUserId);
  }

  /** The `hostEmail` filter to ask Webex with: the requester's own unless they may name another. */
  hostFilter(requesterEmail: string, requestedHost: string | undefined): string | undefined {
    const role = this.roleOf(requesterEmail);
    if (role === 'host') return normalizeEmail(requesterEmail);
    return requestedHost === undefined ? undefined : normalizeEmail(requestedHost);
  }

  /** May this requester see this participant, whose meeting is hosted by `meetingHostEmail`? */
  maySee(requesterEmail: string, meetingHostEmail: string | undefined): boolean {
    if (this.roleOf(requesterEmail) !== 'host') return true;
    return meetingHostEmail !== undefined && normalizeEmail(meetingHostEmail) === normalizeEmail(requesterEmail);
  }

  maySeePhoneNumbers(requesterEmail: string): boolean {
    return this.roleOf(requesterEmail) === 'complianceOfficer';
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
