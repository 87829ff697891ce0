// The one place that decides access. Pure functions over a principal and a record; the data layer
// turns visibilityOf() into SQL and presenters ask canViewField() before showing a value.

export const roles = ['admin', 'manager', 'rep', 'controller', 'service', 'read_only'] as const;
export type Role = (typeof roles)[number];

export const actions = ['read', 'create', 'update', 'delete'] as const;
export type Action = (typeof actions)[number];

/** Business records: owned by a user and a team, visible by the ownership rules below. */
export const ownedResources = ['contact', 'company', 'interaction', 'note', 'task', 'household', 'deal'] as const;
export type OwnedResource = (typeof ownedResources)[number];
/** Tenant configuration and security objects: role-level rules only. */
export const adminResources = [
  'user', 'team', 'custom_field', 'category', 'audit', 'share', 'cadence_policy', 'compensation_plan', 'scorecard', 'report',
] as const;
export type AdminResource = (typeof adminResources)[number];
export type Resource = OwnedResource | AdminResource;

export interface Principal {
  userId: string;
  role: Role;
  teamIds: readonly string[];
}

/** How the principal stands to one record. */
export interface RecordRelation {
  ownerId: string | null;
  teamId: string | null;
  /** Access granted by record_shares to this principal (directly or through a team). */
  shared?: 'read' | 'write' | null;
}

type Reach = 'all' | 'scoped' | 'own' | 'none';

// What each role may do to business records: 'all' any record in the tenant, 'scoped' records it
// owns, its teams' records and records shared with it, 'own' only records it owns, 'none' nothing.
const ownedRules: Record<Role, Record<Action, Reach>> = {
  admin: { read: 'all', create: 'all', update: 'all', delete: 'all' },
  controller: { read: 'all', create: 'none', update: 'none', delete: 'none' },
  manager: { read: 'scoped', create: 'all', update: 'scoped', delete: 'scoped' },
  rep: { read: 'scoped', create: 'all', update: 'scoped', delete: 'own' },
  service: { read: 'all', create: 'all', update: 'scoped', delete: 'none' },
  read_only: { read: 'scoped', create: 'none', update: 'none', delete: 'none' },
};

// Controllers and service staff still write notes and tasks, and service staff log interactions.
const ownedOverrides: Partial<Record<Role, Partial<Record<OwnedResource, Partial<Record<Action, Reach>>>>>> = {
  controller: { note: { create: 'all', update: 'own' }, task: { create: 'all', update: 'own' } },
  service: { company: { create: 'none' }, household: { create: 'none' } },
};

const adminRules: Record<AdminResource, Partial<Record<Role, readonly Action[]>>> = {
  user: { admin: ['read', 'create', 'update', 'delete'], manager: ['read'], controller: ['read'], rep: ['read'], service: ['read'], read_only: ['read'] },
  team: { admin: ['read', 'create', 'update', 'delete'], manager: ['read'], controller: ['read'], rep: ['read'], service: ['read'], read_only: ['read'] },
  custom_field: { admin: ['read', 'create', 'update', 'delete'], manager: ['read'], controller: ['read'], rep: ['read'], service: ['read'], read_only: ['read'] },
  category: { admin: ['read', 'create', 'update', 'delete'], manager: ['read', 'create', 'update'], controller: ['read'], rep: ['read'], service: ['read'], read_only: ['read'] },
  audit: { admin: ['read'], controller: ['read'] },
  share: { admin: ['read', 'create', 'delete'], manager: ['read', 'create', 'delete'], rep: ['read', 'create', 'delete'] },
  cadence_policy: { admin: ['read', 'create', 'update', 'delete'], manager: ['read', 'create', 'update'], controller: ['read'], rep: ['read'], service: ['read'], read_only: ['read'] },
  compensation_plan: { admin: ['read', 'create', 'update', 'delete'], controller: ['read', 'create', 'update'], manager: ['read'], rep: ['read'] },
  // Statements and manager scores; how far a role reaches across people is peopleReach below.
  scorecard: { admin: ['read', 'update'], controller: ['read'], manager: ['read', 'update'], rep: ['read'] },
  report: { admin: ['read'], controller: ['read'], manager: ['read'], rep: ['read'] },
};

/**
 * Whose scorecards, statements and report rows a role sees: everyone's, its teams' members' (and
 * its own), or only its own.
 */
export function peopleReach(p: Principal): 'all' | 'team' | 'own' | 'none' {
  if (p.role === 'admin' || p.role === 'controller') return 'all';
  if (p.role === 'manager') return 'team';
  return p.role === 'rep' ? 'own' : 'none';
}

const isOwned = (r: Resource): r is OwnedResource => (ownedResources as readonly string[]).includes(r);

function reach(role: Role, action: Action, resource: OwnedResource): Reach {
  return ownedOverrides[role]?.[resource]?.[action] ?? ownedRules[role][action];
}

/** May the principal perform this action on this kind of resource at all? */
export function can(p: Principal, action: Action, resource: Resource): boolean {
  if (isOwned(resource)) return reach(p.role, action, resource) !== 'none';
  return adminRules[resource][p.role]?.includes(action) ?? false;
}

/** May the principal perform this action on this particular record? */
export function canOnRecord(p: Principal, action: Action, resource: OwnedResource, rec: RecordRelation): boolean {
  const r = reach(p.role, action, resource);
  switch (r) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'own':
      return rec.ownerId === p.userId;
    case 'scoped':
      if (rec.ownerId === p.userId) return true;
      if (rec.teamId !== null && p.teamIds.includes(rec.teamId)) return true;
      if (action === 'read') return rec.shared === 'read' || rec.shared === 'write';
      return rec.shared === 'write';
  }
}

export type Visibility = { kind: 'all' } | { kind: 'scoped'; userId: string; teamIds: readonly string[] };

/** Which records of a kind the principal can list; the data layer turns it into a WHERE clause. */
export function visibilityOf(p: Principal, resource: OwnedResource): Visibility | null {
  const r = reach(p.role, 'read', resource);
  if (r === 'none') return null;
  if (r === 'all') return { kind: 'all' };
  return { kind: 'scoped', userId: p.userId, teamIds: p.teamIds };
}

/** Fields that only some roles may see or write. Absent from responses for the others. */
export const sensitiveFields: Partial<Record<Resource, readonly string[]>> = {
  contact: ['birthDate', 'netWorth', 'accountNumbers', 'contractDocuments'],
};

const sensitiveReaders: readonly Role[] = ['admin', 'manager', 'rep', 'controller'];
const sensitiveWriters: readonly Role[] = ['admin', 'manager', 'rep'];

export function canViewField(p: Principal, resource: Resource, field: string): boolean {
  if (!sensitiveFields[resource]?.includes(field)) return true;
  return sensitiveReaders.includes(p.role);
}

export function canWriteField(p: Principal, resource: Resource, field: string): boolean {
  if (!sensitiveFields[resource]?.includes(field)) return true;
  return sensitiveWriters.includes(p.role);
}

/** Only admins change roles, teams and shares of others: a permission change. */
export const canManageUsers = (p: Principal) => p.role === 'admin';
