import { describe, expect, it } from 'vitest';
import { roles, type Principal } from '../platform/policy/index.ts';
import { canEditView, canSeeView, canShareWithTeam, canShareWithTenant } from './access.ts';

const me = (role: Principal['role']): Principal => ({ userId: 'me', role, teamIds: ['t1'] });
const views = {
  ownPrivate: { ownerId: 'me', visibility: 'private', teamId: null },
  otherPrivate: { ownerId: 'other', visibility: 'private', teamId: null },
  myTeam: { ownerId: 'other', visibility: 'team', teamId: 't1' },
  otherTeam: { ownerId: 'other', visibility: 'team', teamId: 't2' },
  tenant: { ownerId: 'other', visibility: 'tenant', teamId: null },
};

describe('saved view access', () => {
  it.each(roles)('%s sees and edits by ownership, team and visibility', (role) => {
    const p = me(role);
    const admin = role === 'admin';
    expect(canSeeView(p, views.ownPrivate)).toBe(true);
    expect(canSeeView(p, views.otherPrivate)).toBe(admin);
    expect(canSeeView(p, views.myTeam)).toBe(true);
    expect(canSeeView(p, views.otherTeam)).toBe(admin);
    expect(canSeeView(p, views.tenant)).toBe(true);
    expect(canEditView(p, views.ownPrivate)).toBe(true);
    for (const v of [views.otherPrivate, views.myTeam, views.tenant]) expect(canEditView(p, v)).toBe(admin);
    expect(canShareWithTeam(p, 't1')).toBe(true);
    expect(canShareWithTeam(p, 't2')).toBe(admin);
    expect(canShareWithTenant(p)).toBe(admin || role === 'manager');
  });
});
