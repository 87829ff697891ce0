// Who sees, changes and shares saved views. Pure functions over a principal, tested as a matrix.
import { can, type OwnedResource, type Principal } from '../platform/policy/index.ts';
import type { ViewResource } from './schemas.ts';

type ViewAccessRow = { ownerId: string; visibility: string; teamId: string | null };

const recordKind: Record<ViewResource, OwnedResource> = { contacts: 'contact', companies: 'company', interactions: 'interaction' };

/** A view over records one may not list is of no use: saving one needs read on the resource. */
export const canUseViews = (p: Principal, resource: ViewResource) => can(p, 'read', recordKind[resource]);

/** Owner, members of its team, everyone for tenant views; admins see every view. */
export function canSeeView(p: Principal, row: ViewAccessRow): boolean {
  if (p.role === 'admin' || row.ownerId === p.userId || row.visibility === 'tenant') return true;
  return row.visibility === 'team' && row.teamId !== null && p.teamIds.includes(row.teamId);
}

/** Only the owner or an admin changes or deletes a view, whoever else may see it. */
export const canEditView = (p: Principal, row: Pick<ViewAccessRow, 'ownerId'>) => p.role === 'admin' || row.ownerId === p.userId;

/** Sharing with the whole tenant puts a view in everyone's picker: admins and managers only. */
export const canShareWithTenant = (p: Principal) => p.role === 'admin' || p.role === 'manager';

/** A view is shared with a team its owner belongs to (admins may share with any team). */
export const canShareWithTeam = (p: Principal, teamId: string) => p.role === 'admin' || p.teamIds.includes(teamId);
