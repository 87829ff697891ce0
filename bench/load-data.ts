// Builds a benchmark database: a fresh PostgreSQL database or PGlite directory, the schema, one
// tenant with an admin and four reps in two teams, and N contacts from the seed generators written
// in multi-row INSERT batches (not through the API). Then samples the ids, keyset positions and
// typo'd names the load generators ask for.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, type Database } from '../src/db/client.ts';
import { migrate, packageRoot } from '../src/db/migrate.ts';
import { encodeCursor } from '../src/platform/list.ts';
import { systemCtx } from '../src/platform/context.ts';
import { createApiToken } from '../src/platform/auth/service.ts';
import { addSearchTerms } from '../src/search/terms.ts';
import { createTenant } from '../src/tenants/service.ts';
import { createTeam, createUser } from '../src/users/service.ts';
import { companies } from '../src/companies/tables.ts';
import { contactCompanies, contacts } from '../src/contacts/tables.ts';
import { createGenerator, type GeneratedContact, type Generator } from '../src/seed/generate.ts';
import { insertRows } from '../src/seed/insert.ts';
import { arrayLiteral } from '../src/db/sql.ts';
import { insertRaw, type RunSql } from './raw-insert.ts';
import { typo } from '../src/seed/duplicates.ts';
import { createRandom } from '../src/seed/random.ts';

export type DbKind = 'postgres' | 'pglite';

export interface Target {
  kind: DbKind;
  /** PostgreSQL URL, for postgres. */
  url?: string;
  /** DATA_DIR for the server (PGlite lives in DATA_DIR/pgdata), for pglite. */
  dataDir?: string;
}

export async function freshTarget(kind: DbKind, size: number, pgUrl: string): Promise<Target> {
  if (kind === 'pglite') {
    const dataDir = join(packageRoot(), '.bench-data', `pglite-${size}`);
    rmSync(dataDir, { recursive: true, force: true });
    return { kind, dataDir };
  }
  const url = new URL(pgUrl);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(pgUrl), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
  return { kind, url: pgUrl };
}

export const openTarget = (t: Target, poolSize = 10): Promise<Database> =>
  t.kind === 'postgres' ? createDb({ databaseUrl: t.url, poolSize }) : createDb({ dataDir: join(t.dataDir!, 'pgdata') });

export interface Fixture {
  tenantId: string;
  adminToken: string;
  repToken: string;
  repUserId: string;
  repTeamIds: string[];
  /** Continues where loading stopped: new contacts for the bulk-create runs. */
  generator: Generator;
  companyCount: number;
}

const BATCH = 5000;

/** One batch as raw multi-row INSERTs on the owner connection: Drizzle's per-row mapping would
 * cost more CPU than generating the rows. */
async function writeContacts(database: Database, tenantId: string, batch: GeneratedContact[]) {
  const run: RunSql = (text, params) => database.query(text, params);
  await insertRaw(run, contacts, batch.map((c) => c.row), 1000, 2);
  await insertRaw(run, contactCompanies, batch.flatMap((c) => c.companyLinks), 1000, 2);
  const terms = [...new Set(batch.flatMap((c) => c.row.searchTokens ?? []))].sort();
  await run('insert into search_terms (tenant_id, term) select $1::uuid, t from unnest($2::text[]) t on conflict do nothing', [tenantId, arrayLiteral(terms)]);
}

const GENERATOR_SEED = 'rapport-bench-v1';
/** A fixed "now" for the generated dates, so a later run can replay the generator (--reuse). */
export const GENERATOR_NOW = Date.UTC(2026, 10, 1);
const companiesFor = (size: number) => Math.max(50, Math.round(size / 200));

/**
 * A database loaded by an earlier run with the same size (`--reuse`): new API tokens, and the
 * generator replayed over what was loaded, so the bulk-create rows that follow are new contacts
 * linked to the stored companies. Null when the database does not hold such a fixture.
 */
export async function reuseFixture(database: Database, size: number, log: (s: string) => void): Promise<Fixture | null> {
  const found = await database.query<{ tenant_id: string; admin_id: string; n: string }>(
    `select t.id::text tenant_id, (select id::text from users u where u.tenant_id = t.id and u.email = 'admin@bench.test') admin_id,
       (select count(*) from contacts c where c.tenant_id = t.id)::text n
     from tenants t where t.slug = 'bench'`).catch(() => []);
  const row = found[0];
  if (!row || Number(row.n) < size || !row.admin_id) return null;
  const { tenant_id: tenantId, admin_id: adminId } = row;
  const reps = await database.query<{ user_id: string; team_id: string }>(
    `select u.id::text user_id, m.team_id::text team_id from users u join team_members m on m.tenant_id = u.tenant_id and m.user_id = u.id
     where u.tenant_id = $1 and u.email like 'rep%@bench.test' order by u.email`, [tenantId]);
  const owners = reps.map((r) => ({ userId: r.user_id, teamId: r.team_id }));
  const [adminToken, repToken] = await database.withTenant(tenantId, async (tx) => [
    (await createApiToken(tx, tenantId, adminId, 'bench', null)).token,
    (await createApiToken(tx, tenantId, owners[0]!.userId, 'bench', null)).token,
  ]);
  const started = Date.now();
  const generator = createGenerator({ seed: GENERATOR_SEED, tenantId, now: GENERATOR_NOW, owners, createdBy: adminId });
  const companyCount = companiesFor(size);
  generator.companies(companyCount);
  for (let done = 0; done < size; done += BATCH) generator.contacts(Math.min(BATCH, size - done));
  log(`  reusing the loaded ${Number(row.n).toLocaleString('en-US')} contacts (generator replayed in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { tenantId, adminToken, repToken, repUserId: owners[0]!.userId, repTeamIds: [owners[0]!.teamId], generator, companyCount };
}

export async function loadFixture(database: Database, size: number, log: (s: string) => void): Promise<Fixture> {
  await migrate(database);
  const { tenantId, adminId } = await createTenant(database, { slug: 'bench', name: 'Bench Capital', adminEmail: 'admin@bench.test', adminPassword: 'bench-password' });
  const ctx = systemCtx(database, tenantId, 'bench');
  const teams = [await createTeam(ctx, 'Team A'), await createTeam(ctx, 'Team B')];
  const reps: Array<{ userId: string; teamId: string }> = [];
  for (let i = 0; i < 4; i++) {
    const teamId = teams[i % 2]!.id;
    const user = await createUser(ctx, { email: `rep${i + 1}@bench.test`, name: `Rep ${i + 1}`, role: 'rep', teamIds: [teamId] });
    reps.push({ userId: user.id, teamId });
  }
  const [adminToken, repToken] = await database.withTenant(tenantId, async (tx) => [
    (await createApiToken(tx, tenantId, adminId, 'bench', null)).token,
    (await createApiToken(tx, tenantId, reps[0]!.userId, 'bench', null)).token,
  ]);
  const generator = createGenerator({ seed: GENERATOR_SEED, tenantId, now: GENERATOR_NOW, owners: reps, createdBy: adminId });
  const companyCount = companiesFor(size);
  const companyRows = generator.companies(companyCount).map((c) => c.row);
  await database.withTenant(tenantId, async (tx) => {
    await insertRows(tx, companies, companyRows);
    await addSearchTerms(tx, tenantId, companyRows.flatMap((c) => c.searchTokens ?? []));
  });

  // Generating is CPU work in this process and inserting is mostly the database's: overlap them.
  const started = Date.now();
  let pending: Promise<void> = Promise.resolve();
  for (let done = 0; done < size; done += BATCH) {
    const batch = generator.contacts(Math.min(BATCH, size - done));
    await pending;
    pending = writeContacts(database, tenantId, batch);
    if ((done / BATCH) % 20 === 0 && done > 0) log(`  loaded ${done.toLocaleString('en-US')} contacts (${Math.round(done / ((Date.now() - started) / 1000))}/s)`);
  }
  await pending;
  const seconds = (Date.now() - started) / 1000;
  log(`  loaded ${size.toLocaleString('en-US')} contacts and ${companyCount} companies in ${seconds.toFixed(1)} s (${Math.round(size / seconds)} contacts/s incl. generation)`);
  // This machine's PostgreSQL runs with autovacuum off: do what it would have done after a load
  // (statistics, visibility map, GIN pending lists), or every read is measured on a cold table.
  await database.query('vacuum analyze');
  return { tenantId, adminToken, repToken, repUserId: reps[0]!.userId, repTeamIds: [reps[0]!.teamId], generator, companyCount };
}

export interface Samples {
  ids: string[];
  /** API list cursors (display name order) at random depths, for the admin. */
  cursors: string[];
  /** The same for rows rep1 can see (its own and its team's). */
  repCursors: string[];
  /** An owner (rep1) and cursors at random depths among that owner's contacts: the "my contacts" list, an indexed filter. */
  ownerId: string;
  ownerCursors: string[];
  /** "Given Family" with one slip in the family name. */
  typoNames: string[];
}

export async function sample(database: Database, tenantId: string): Promise<Samples> {
  const ids = await database.query<{ id: string }>('select id::text from contacts where tenant_id = $1 order by random() limit 5000', [tenantId]);
  const keys = await database.query<{ d: string; id: string }>('select display_name d, id::text from contacts where tenant_id = $1 order by random() limit 2000', [tenantId]);
  const repKeys = await database.query<{ d: string; id: string }>(
    `select display_name d, id::text from contacts c where tenant_id = $1 and team_id in
       (select team_id from team_members m join users u on u.tenant_id = m.tenant_id and u.id = m.user_id where u.email = 'rep1@bench.test')
     order by random() limit 2000`, [tenantId]);
  const [owner] = await database.query<{ id: string }>(`select id::text from users where tenant_id = $1 and email = 'rep1@bench.test'`, [tenantId]);
  const ownerKeys = await database.query<{ d: string; id: string }>(
    'select display_name d, id::text from contacts where tenant_id = $1 and owner_id = $2 order by random() limit 2000', [tenantId, owner!.id]);
  const names = await database.query<{ g: string; f: string }>(
    'select given_name g, family_name f from contacts where tenant_id = $1 and given_name is not null and family_name is not null order by random() limit 500', [tenantId]);
  const r = createRandom('typos');
  return {
    ids: ids.map((x) => x.id),
    cursors: keys.map((k) => encodeCursor(k.d, k.id)),
    repCursors: repKeys.map((k) => encodeCursor(k.d, k.id)),
    ownerId: owner!.id,
    ownerCursors: ownerKeys.map((k) => encodeCursor(k.d, k.id)),
    typoNames: names.map((n) => `${n.g} ${typo(r, n.f)}`),
  };
}
