// Reads the PostgreSQL catalog and fails on any table that breaks the Citus-ready rules: tenant_id
// in every table, leading every primary key and every foreign key, and row-level security on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { databaseKinds, openTestDatabase } from './harness.ts';

const referenceTables = new Set(['tenants']);

describe.each(databaseKinds())('schema catalog [%s]', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  it('has the tables it should', async () => {
    const rows = await db.query<{ relname: string }>(`select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'`);
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.map((r) => r.relname)).toContain('contacts');
  });

  it('leads every primary key with tenant_id', async () => {
    const rows = await db.query<{ table: string; first: string | null }>(`
      select c.relname as table,
        (select a.attname from pg_constraint k join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
          where k.conrelid = c.oid and k.contype = 'p') as first
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'`);
    const bad = rows.filter((r) => !referenceTables.has(r.table) && r.first !== 'tenant_id').map((r) => `${r.table} (pk starts with ${r.first})`);
    expect(bad).toEqual([]);
  });

  it('includes tenant_id in every foreign key, on both sides', async () => {
    const rows = await db.query<{ name: string; table: string; cols: string; refcols: string }>(`
      select k.conname as name, c.relname as table,
        (select string_agg(a.attname, ',' order by a.attnum) from pg_attribute a where a.attrelid = k.conrelid and a.attnum = any(k.conkey)) as cols,
        (select string_agg(a.attname, ',' order by a.attnum) from pg_attribute a where a.attrelid = k.confrelid and a.attnum = any(k.confkey)) as refcols
      from pg_constraint k join pg_class c on c.oid = k.conrelid
      where k.contype = 'f' and c.relnamespace = 'public'::regnamespace`);
    expect(rows.length).toBeGreaterThan(10);
    const bad = rows.filter((r) => !r.cols.split(',').includes('tenant_id') || !r.refcols.split(',').includes('tenant_id')).map((r) => `${r.table}.${r.name}`);
    expect(bad).toEqual([]);
  });

  it('turns on row-level security with a tenant policy on every tenant table', async () => {
    const rows = await db.query<{ table: string; rls: boolean; policies: number }>(`
      select c.relname as table, c.relrowsecurity as rls,
        (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'`);
    const bad = rows.filter((r) => !referenceTables.has(r.table) && (!r.rls || r.policies < 1)).map((r) => r.table);
    expect(bad).toEqual([]);
  });

  it('runs tenant work as a role that cannot bypass row-level security', async () => {
    const [role] = await db.query<{ rolsuper: boolean; rolbypassrls: boolean }>(`select rolsuper, rolbypassrls from pg_roles where rolname = 'rapport_app'`);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });
});
