// The advisor rules as a role x action x resource table written out by hand.
import { describe, expect, it } from 'vitest';
import { roles, type Role } from './index.ts';
import { advisorActions, advisorResources, canAdvisor, seesAllAccounts, type AdvisorAction } from './advisor.ts';

const letter: Record<AdvisorAction, string> = { read: 'r', create: 'c', update: 'u', delete: 'd', claim: 'C', verify: 'V', lapse: 'L', import: 'I' };

const expected: Record<string, Record<Role, string>> = {
  campaign: { admin: 'rcud', manager: 'rcud', rep: 'r', controller: 'r', service: 'r', read_only: 'r' },
  outcome: { admin: 'rCVL', manager: 'rC', rep: 'rC', controller: 'rVL', service: 'r', read_only: 'r' },
  account: { admin: 'rcuI', manager: 'r', rep: 'r', controller: 'r', service: '', read_only: '' },
  transaction: { admin: 'rcI', manager: 'r', rep: 'r', controller: 'r', service: '', read_only: '' },
};

describe('advisor policy matrix', () => {
  for (const resource of advisorResources) {
    for (const role of roles) {
      it(`${role} on ${resource}`, () => {
        const p = { userId: 'u', role, teamIds: [] };
        expect(advisorActions.filter((a) => canAdvisor(p, a, resource)).map((a) => letter[a]).join('')).toBe(expected[resource]![role]);
      });
    }
  }
  it('only admins and controllers see every account', () => {
    expect(roles.filter((role) => seesAllAccounts({ userId: 'u', role, teamIds: [] }))).toEqual(['admin', 'controller']);
  });
});
