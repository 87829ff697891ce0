// Runs a suite once per database: embedded PGlite always, PostgreSQL too when TEST_DATABASE_URL
// is set. Each suite gets a migrated database and an app; each test makes its own tenant.
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { configFrom } from '../src/config.ts';
import { createDb, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createTenant } from '../src/tenants/service.ts';
import { createUser } from '../src/users/service.ts';
import { createTeam } from '../src/users/service.ts';
import { systemCtx, type Ctx } from '../src/platform/context.ts';
import type { Role } from '../src/platform/policy/index.ts';
import type { App } from '../src/platform/http.ts';

export type DbKind = 'pglite' | 'postgres';

export function databaseKinds(): DbKind[] {
  return inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

export async function openTestDatabase(kind: DbKind): Promise<Database> {
  if (kind === 'postgres') return createDb({ databaseUrl: inject('postgresUrl'), poolSize: 5 });
  const database = await createDb({});
  await migrate(database);
  return database;
}

export interface Harness {
  readonly kind: DbKind;
  readonly database: Database;
  readonly app: App;
  /** A fresh tenant with an admin signed in. */
  tenant(): Promise<TestTenant>;
}

let counter = 0;
const PASSWORD = 'correct horse battery';

export interface TestTenant {
  id: string;
  slug: string;
  adminId: string;
  admin: string;
  ctx: Ctx;
  /** Creates a user with this role (and teams) and returns its id and a session token. */
  user(role: Role, opts?: { teamIds?: string[] }): Promise<{ id: string; token: string; email: string }>;
  team(name: string): Promise<string>;
  request(method: string, url: string, token: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export function forEachDatabase(name: string, suite: (h: Harness) => void) {
  describe.each(databaseKinds())(`${name} [%s]`, (kind) => {
    const h = { kind } as { kind: DbKind; database: Database; app: App; tenant: Harness['tenant'] };
    beforeAll(async () => {
      h.database = await openTestDatabase(kind);
      h.app = await buildApp({ database: h.database, config: configFrom({ LOGIN_RATE_LIMIT: '1000' }) });
      await h.app.ready();
    });
    afterAll(async () => {
      await h.app?.close();
      await h.database?.close();
    });
    h.tenant = () => makeTenant(h.database, h.app);
    suite(h);
  });
}

async function login(app: App, slug: string, email: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: slug, email, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

async function makeTenant(database: Database, app: App): Promise<TestTenant> {
  const slug = `t${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const adminEmail = `admin@${slug}.test`;
  const { tenantId, adminId } = await createTenant(database, { slug, name: `Tenant ${slug}`, adminEmail, adminPassword: PASSWORD });
  const ctx = systemCtx(database, tenantId, 'test');
  const admin = await login(app, slug, adminEmail);
  let n = 0;
  return {
    id: tenantId, slug, adminId, admin, ctx,
    async user(role, opts = {}) {
      const email = `${role}${n++}@${slug}.test`;
      const u = await createUser(ctx, { email, name: `${role} ${n}`, role, password: PASSWORD, teamIds: opts.teamIds });
      return { id: u.id, email, token: await login(app, slug, email) };
    },
    async team(name) {
      return (await createTeam(ctx, name)).id;
    },
    request(method, url, token, body, headers = {}) {
      return app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
      });
    },
  };
}
