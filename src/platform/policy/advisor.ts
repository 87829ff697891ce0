// Access rules for the advisor features: campaigns, outcomes, accounts and transactions. Role-level
// rules like the admin resources, plus actions beyond CRUD: claim (record an outcome), verify
// (decide on someone's claim), lapse (run the pledge lapse) and import (load accounts and
// transactions from the system of record). Separation of duties on verify is not a role rule: it
// depends on who claimed, and outcomes/decisions.ts decides it with the reporting line.
import type { Principal, Role } from './index.ts';

export const advisorResources = ['campaign', 'outcome', 'account', 'transaction'] as const;
export type AdvisorResource = (typeof advisorResources)[number];
export const advisorActions = ['read', 'create', 'update', 'delete', 'claim', 'verify', 'lapse', 'import'] as const;
export type AdvisorAction = (typeof advisorActions)[number];

const everyone: readonly Role[] = ['admin', 'manager', 'rep', 'controller', 'service', 'read_only'];

// Accounts and transactions are the evidence controllers verify against, so only admins (the
// system-of-record integration) load them; controllers only read.
const rules: Record<AdvisorResource, Partial<Record<AdvisorAction, readonly Role[]>>> = {
  campaign: { read: everyone, create: ['admin', 'manager'], update: ['admin', 'manager'], delete: ['admin', 'manager'] },
  // Reps and managers claim on interactions they own (the service checks the interaction's owner);
  // only controllers and admins decide.
  outcome: { read: everyone, claim: ['admin', 'manager', 'rep'], verify: ['admin', 'controller'], lapse: ['admin', 'controller'] },
  account: { read: ['admin', 'controller', 'manager', 'rep'], create: ['admin'], update: ['admin'], import: ['admin'] },
  transaction: { read: ['admin', 'controller', 'manager', 'rep'], create: ['admin'], import: ['admin'] },
};

export function canAdvisor(p: Principal, action: AdvisorAction, resource: AdvisorResource): boolean {
  return rules[resource][action]?.includes(p.role) ?? false;
}

/**
 * Who sees which accounts: admins and controllers all of them; managers and reps only accounts
 * owned by a contact (or a household) they can see, which the accounts data layer turns into SQL.
 */
export const seesAllAccounts = (p: Principal) => p.role === 'admin' || p.role === 'controller';
