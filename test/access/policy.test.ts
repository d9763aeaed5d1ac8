import assert from 'node:assert/strict';
import { AccessPolicy } from '../../src/access/policy.js';

const policy = new AccessPolicy({
  admins: ['ada.admin@example.com'],
  complianceOfficers: ['olga.officer@example.com'],
  slackUsers: { U0123ABCD: 'jane.doe@example.com' },
});

describe('access policy', () => {
  it('knows the roles, whatever the case of the email', () => {
    assert.equal(policy.roleOf('ADA.ADMIN@example.com'), 'admin');
    assert.equal(policy.roleOf('olga.officer@EXAMPLE.com'), 'complianceOfficer');
    assert.equal(policy.roleOf('someone@example.com'), 'host');
  });

  it('asks Webex with a host\u2019s own email, ignoring any host they name', () => {
    assert.equal(policy.hostFilter('Jane.Doe@example.com', 'ceo@example.com'), 'jane.doe@example.com');
  });

  it('lets admins and compliance officers name the host, or ask without one', () => {
    assert.equal(policy.hostFilter('ada.admin@example.com', 'Jane.Doe@example.com'), 'jane.doe@example.com');
    assert.equal(policy.hostFilter('olga.officer@example.com', undefined), undefined);
  });

  it('shows a host only their own meetings, checking the answer itself', () => {
    assert.equal(policy.maySee('jane.doe@example.com', 'JANE.DOE@example.com'), true);
    assert.equal(policy.maySee('jane.doe@example.com', 'someone.else@example.com'), false);
    assert.equal(policy.maySee('jane.doe@example.com', undefined), false);
  });

  it('lets admins and compliance officers see any meeting', () => {
    assert.equal(policy.maySee('ada.admin@example.com', 'someone.else@example.com'), true);
    assert.equal(policy.maySee('olga.officer@example.com', undefined), true);
  });

  it('shows phone numbers to compliance officers only', () => {
    assert.equal(policy.maySeePhoneNumbers('olga.officer@example.com'), true);
    assert.equal(policy.maySeePhoneNumbers('ada.admin@example.com'), false);
    assert.equal(policy.maySeePhoneNumbers('jane.doe@example.com'), false);
  });

  it('maps Slack users from the access file', () => {
    assert.equal(policy.slackUserEmail('U0123ABCD'), 'jane.doe@example.com');
    assert.equal(policy.slackUserEmail('U9999'), undefined);
  });
});
