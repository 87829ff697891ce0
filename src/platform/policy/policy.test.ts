// Walks the whole role x action x resource x relationship matrix against a table written out by
// hand, so a change to the policy shows up as a failing line here.
import { describe, expect, it } from 'vitest';
import {
  actions, adminResources, can, canOnRecord, canViewField, canWriteField, ownedResources, peopleReach, roles, visibilityOf,
  type Action, type OwnedResource, type Principal, type RecordRelation, type Role,
} from './index.ts';

const me = '00000000-0000-7000-8000-000000000001';
const other = '00000000-0000-7000-8000-000000000002';
const myTeam = '00000000-0000-7000-8000-0000000000a1';
const otherTeam = '00000000-0000-7000-8000-0000000000a2';

// O: I own it. T: my team owns it. R / W: someone else's, shared with me to read / write. X: someone else's.
const relations: Record<string, RecordRelation> = {
  O: { ownerId: me, teamId: otherTeam, shared: null },
  T: { ownerId: other, teamId: myTeam, shared: null },
  R: { ownerId: other, teamId: otherTeam, shared: 'read' },
  W: { ownerId: other, teamId: otherTeam, shared: 'write' },
  X: { ownerId: other, teamId: otherTeam, shared: null },
};

const all = 'OTRWX';
type Row = { read: string; update: string; delete: string; create: boolean };
const row = (read: string, update: string, del: string, create: boolean): Row => ({ read, update, delete: del, create });

// Expected access on business records, by role then resource.
const base: Record<Role, Row> = {
  admin: row(all, all, all, true),
  controller: row(all, '', '', false),
  manager: row('OTRW', 'OTW', 'OTW', true),
  rep: row('OTRW', 'OTW', 'O', true),
  service: row(all, 'OTW', '', true),
  read_only: row('OTRW', '', '', false),
};
const expected = (role: Role, resource: OwnedResource): Row => {
  if (role === 'controller' && (resource === 'note' || resource === 'task')) return row(all, 'O', '', true);
  if (role === 'service' && (resource === 'company' || resource === 'household')) return { ...base.service, create: false };
  return base[role];
};

const adminExpected: Record<string, Partial<Record<Role, string>>> = {
  // r c u d
  user: { admin: 'rcud', manager: 'r', controller: 'r', rep: 'r', service: 'r', read_only: 'r' },
  team: { admin: 'rcud', manager: 'r', controller: 'r', rep: 'r', service: 'r', read_only: 'r' },
  custom_field: { admin: 'rcud', manager: 'r', controller: 'r', rep: 'r', service: 'r', read_only: 'r' },
  category: { admin: 'rcud', manager: 'rcu', controller: 'r', rep: 'r', service: 'r', read_only: 'r' },
  audit: { admin: 'r', controller: 'r' },
  share: { admin: 'rcd', manager: 'rcd', rep: 'rcd' },
  cadence_policy: { admin: 'rcud', manager: 'rcu', controller: 'r', rep: 'r', service: 'r', read_only: 'r' },
  compensation_plan: { admin: 'rcud', controller: 'rcu', manager: 'r', rep: 'r' },
  scorecard: { admin: 'ru', controller: 'r', manager: 'ru', rep: 'r' },
  report: { admin: 'r', controller: 'r', manager: 'r', rep: 'r' },
};
const letter: Record<Action, string> = { read: 'r', create: 'c', update: 'u', delete: 'd' };

describe('policy matrix', () => {
  for (const role of roles) {
    const p: Principal = { userId: me, role, teamIds: [myTeam] };
    for (const resource of ownedResources) {
      it(`${role} on ${resource}`, () => {
        const want = expected(role, resource);
        expect(can(p, 'create', resource)).toBe(want.create);
        for (const action of ['read', 'update', 'delete'] as const) {
          const allowed = Object.entries(relations).filter(([, rel]) => canOnRecord(p, action, resource, rel)).map(([k]) => k).join('');
          expect(allowed, `${role} ${action} ${resource}`).toBe(want[action]);
        }
        const v = visibilityOf(p, resource);
        expect(v?.kind).toBe(want.read === all ? 'all' : 'scoped');
      });
    }
    for (const resource of adminResources) {
      it(`${role} on ${resource}`, () => {
        const got = actions.filter((a) => can(p, a, resource)).map((a) => letter[a]).join('');
        const want = [...'rcud'].filter((c) => (adminExpected[resource]![role] ?? '').includes(c)).join('');
        expect(got).toBe(want);
      });
    }
  }

  it('reaches people: all for admins and controllers, teams for managers, self for reps', () => {
    const reach = roles.map((role) => peopleReach({ userId: me, role, teamIds: [myTeam] }));
    expect(reach).toEqual(['all', 'team', 'own', 'all', 'none', 'none']);
  });

  it('hides sensitive contact fields from service and read-only roles', () => {
    const visible = roles.filter((role) => canViewField({ userId: me, role, teamIds: [] }, 'contact', 'netWorth'));
    expect(visible).toEqual(['admin', 'manager', 'rep', 'controller']);
    const writers = roles.filter((role) => canWriteField({ userId: me, role, teamIds: [] }, 'contact', 'birthDate'));
    expect(writers).toEqual(['admin', 'manager', 'rep']);
    for (const role of roles) expect(canViewField({ userId: me, role, teamIds: [] }, 'contact', 'givenName')).toBe(true);
  });
});
