import type { AccessList } from './access-file.js';

export type Role = 'complianceOfficer' | 'admin' | 'host';

/**
 * Who may see what (README, "Who sees what": deny by default). Everyone who is neither an admin nor
 * a compliance officer is treated as a would-be host: Webex is asked with their email as
 * `hostEmail`, and the answer is shown only if its own `hostEmail` is theirs too.
 */
export class AccessPolicy {
  private rules: Rules;

  constructor(list: AccessList) {
    this.rules = rulesOf(list);
  }

  /**
   * Puts a new list in force, for every holder of this policy at once (the command handler and
   * Slack's identity): the access file is read again while the bot runs (README, "Operations").
   */
  replace(list: AccessList): void {
    this.rules = rulesOf(list);
  }

  roleOf(email: string): Role {
    const key = normalizeEmail(email);
    if (this.rules.officers.has(key)) return 'complianceOfficer';
    if (this.rules.admins.has(key)) return 'admin';
    return 'host';
  }

  /** The email the access file gives a Slack user, if any. */
  slackUserEmail(slackUserId: string): string | undefined {
    return this.rules.slackUsers.get(slackUserId);
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

/** One list, swapped as a whole, so that no question is answered half from the old list and half from the new. */
interface Rules {
  admins: ReadonlySet<string>;
  officers: ReadonlySet<string>;
  slackUsers: ReadonlyMap<string, string>;
}

function rulesOf(list: AccessList): Rules {
  return {
    admins: new Set(list.admins),
    officers: new Set(list.complianceOfficers),
    slackUsers: new Map(Object.entries(list.slackUsers)),
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
