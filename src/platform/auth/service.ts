// Logging in, resolving a bearer token or cookie to a principal, sessions and API tokens.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { tenants } from '../../tenants/tables.ts';
import { teamMembers, users } from '../../users/tables.ts';
import { AppError, notFound } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import { appendAudit } from '../audit/service.ts';
import type { Principal, Role } from '../policy/index.ts';
import { apiTokens, sessions } from './tables.ts';
import { newToken, parseToken, randomToken, secretMatches, verifyPassword } from './secrets.ts';

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface Authenticated {
  tenantId: string;
  tenantSlug?: string;
  user: AuthUser;
  principal: Principal;
  via: 'session' | 'api';
  sessionId: string | null;
  csrfToken: string | null;
}

export const invalidCredentials = () => new AppError('invalid_credentials', 401, 'Invalid tenant, email or password');

export async function teamIdsOf(tx: Tx, tenantId: string, userId: string): Promise<string[]> {
  const rows = await tx
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.tenantId, tenantId), eq(teamMembers.userId, userId)));
  return rows.map((r) => r.teamId);
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  auth: Authenticated;
}

export async function login(
  database: Database,
  input: { tenant: string; email: string; password: string; userAgent?: string | undefined; ip?: string | undefined },
  ttlHours: number,
): Promise<LoginResult> {
  const [tenant] = await database.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.tenant));
  // Unknown tenant, unknown user and wrong password all answer the same, after the same work.
  if (!tenant) {
    await verifyPassword(null, input.password);
    throw invalidCredentials();
  }
  // The failed attempt is audited in a committed transaction, then refused outside it.
  const result = await database.withTenant(tenant.id, async (tx): Promise<LoginResult | null> => {
    const [user] = await tx.select().from(users).where(and(eq(users.tenantId, tenant.id), eq(users.email, input.email)));
    const ok = await verifyPassword(user?.active ? user.passwordHash : null, input.password);
    if (!user || !ok) {
      await appendAudit(tx, tenant.id, { id: user?.id ?? null, label: input.email }, [
        { action: 'login.failed', entity: 'user', entityId: user?.id ?? null },
      ]);
      return null;
    }
    const id = uuidv7();
    const { token, secretHash } = newToken('session', tenant.id, id);
    const csrfToken = randomToken();
    const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
    await tx.insert(sessions).values({
      tenantId: tenant.id, id, userId: user.id, secretHash, csrfToken, expiresAt,
      userAgent: input.userAgent ?? null, ip: input.ip ?? null,
    });
    await tx.update(users).set({ lastLoginAt: new Date() }).where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)));
    await appendAudit(tx, tenant.id, { id: user.id, label: user.email }, [{ action: 'login', entity: 'user', entityId: user.id }]);
    const principal: Principal = { userId: user.id, role: user.role as Role, teamIds: await teamIdsOf(tx, tenant.id, user.id) };
    return {
      token, csrfToken, expiresAt,
      auth: {
        tenantId: tenant.id, tenantSlug: input.tenant,
        user: { id: user.id, email: user.email, name: user.name, role: user.role as Role },
        principal, via: 'session' as const, sessionId: id, csrfToken,
      },
    };
  });
  if (!result) throw invalidCredentials();
  return result;
}

// Resolved tokens are remembered for a few seconds so a burst of requests costs one lookup. This
// server forgets a token at once on logout, revocation and user changes; another server may honour
// a revoked token for at most AUTH_CACHE_MS.
const AUTH_CACHE_MS = 5_000;
const AUTH_CACHE_MAX = 10_000;
const resolved = new Map<string, { auth: Authenticated; credentialId: string; until: number }>();

/** Drops cached resolutions of one session or API token (by its id), or of every token of a user. */
export function forgetAuth(match: { userId?: string; credentialId?: string }) {
  for (const [key, entry] of resolved) {
    if ((match.userId && entry.auth.user.id === match.userId) || (match.credentialId && entry.credentialId === match.credentialId)) resolved.delete(key);
  }
}

/** Resolves a token to who it acts for, or null when it is malformed, unknown, revoked or expired. */
export async function authenticate(database: Database, token: string): Promise<Authenticated | null> {
  const hit = resolved.get(token);
  if (hit && hit.until > Date.now()) return hit.auth;
  if (hit) resolved.delete(token);
  const auth = await lookup(database, token);
  if (auth) {
    if (resolved.size >= AUTH_CACHE_MAX) resolved.delete(resolved.keys().next().value!);
    resolved.set(token, { auth: auth.auth, credentialId: auth.credentialId, until: Math.min(Date.now() + AUTH_CACHE_MS, auth.expiresAt ?? Infinity) });
  }
  return auth?.auth ?? null;
}

async function lookup(database: Database, token: string): Promise<{ auth: Authenticated; credentialId: string; expiresAt: number | null } | null> {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const table = parsed.kind === 'session' ? sessions : apiTokens;
  return database.readTenant(parsed.tenantId, async (tx) => {
    const [row] = await tx
      .select({
        secretHash: table.secretHash, expiresAt: table.expiresAt, revokedAt: table.revokedAt,
        csrfToken: parsed.kind === 'session' ? sessions.csrfToken : sql<null>`null`,
        user: { id: users.id, email: users.email, name: users.name, role: users.role, active: users.active },
        teamIds: sql<string[]>`array(select tm.team_id from team_members tm where tm.tenant_id = ${users.tenantId} and tm.user_id = ${users.id})`,
      })
      .from(table)
      .innerJoin(users, and(eq(users.tenantId, table.tenantId), eq(users.id, table.userId)))
      .where(and(eq(table.tenantId, parsed.tenantId), eq(table.id, parsed.id)));
    if (!row || !row.user.active || row.revokedAt) return null;
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return null;
    if (!secretMatches(parsed.secret, row.secretHash)) return null;
    const role = row.user.role as Role;
    const auth: Authenticated = {
      tenantId: parsed.tenantId,
      user: { id: row.user.id, email: row.user.email, name: row.user.name, role },
      principal: { userId: row.user.id, role, teamIds: row.teamIds },
      via: parsed.kind,
      sessionId: parsed.kind === 'session' ? parsed.id : null,
      csrfToken: row.csrfToken,
    };
    return { auth, credentialId: parsed.id, expiresAt: row.expiresAt?.getTime() ?? null };
  });
}

export async function revokeSession(database: Database, auth: Authenticated, sessionId: string): Promise<void> {
  await database.withTenant(auth.tenantId, async (tx) => {
    const own = auth.principal.role === 'admin' ? undefined : eq(sessions.userId, auth.user.id);
    const res = await tx
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.tenantId, auth.tenantId), eq(sessions.id, sessionId), isNull(sessions.revokedAt), own))
      .returning({ id: sessions.id, userId: sessions.userId });
    if (res.length === 0) throw notFound('Session');
    forgetAuth({ credentialId: sessionId });
    await appendAudit(tx, auth.tenantId, { id: auth.user.id, label: auth.user.email }, [
      { action: 'session.revoked', entity: 'session', entityId: sessionId, changes: { userId: { after: res[0]!.userId } } },
    ]);
  });
}

export async function createApiToken(
  tx: Tx, tenantId: string, userId: string, name: string, expiresAt: Date | null,
): Promise<{ id: string; token: string }> {
  const id = uuidv7();
  const { token, secretHash } = newToken('api', tenantId, id);
  await tx.insert(apiTokens).values({ tenantId, id, userId, name, secretHash, expiresAt });
  return { id, token };
}
