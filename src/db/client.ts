// createDb picks the driver once: embedded PGlite under DATA_DIR, or a node-postgres pool when
// DATABASE_URL is set. Nothing above this file knows which one it talks to.
import { mkdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or a transaction: what data-access functions take. */
export type Queryable = Db | Tx;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** The owner connection: migrations, tenant creation and other work across tenants. */
  readonly db: Db;
  /** Runs fn in a transaction as rapport_app with app.tenant_id set, so RLS applies. */
  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn on one dedicated connection (for session-level locks). */
  withConnection<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Rows of a raw SQL query (for tools and tests). */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl?: string | undefined;
  /** Directory for PGlite; omit (with no databaseUrl) for an in-memory database. */
  dataDir?: string | undefined;
  poolSize?: number;
  /** A PGlite data dir tarball to start from (test snapshots). */
  loadDataDir?: Blob | File;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tenantScoped(db: Db) {
  return <T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    if (!uuidPattern.test(tenantId)) throw new Error('withTenant: tenant id must be a UUID');
    return db.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', 'rapport_app', true)`,
      );
      return fn(tx);
    });
  };
}

export async function createDb(options: DbOptions): Promise<Database> {
  if (options.databaseUrl) return createPostgres(options.databaseUrl, options.poolSize ?? 10);
  return createPglite(options);
}

async function createPostgres(url: string, poolSize: number): Promise<Database> {
  const pg = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // Dates and numerics come back as strings; the presenters decide how to show them.
  const pool = new pg.default.Pool({ connectionString: url, max: poolSize });
  pool.on('error', (err) => console.error('postgres pool error', err));
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    withTenant: tenantScoped(db),
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn(drizzle(client, { schema }) as unknown as Db);
      } finally {
        client.release();
      }
    },
    async query(text, params = []) {
      const res = await pool.query(text, params);
      return res.rows;
    },
    close: () => pool.end(),
  };
}

async function createPglite(options: DbOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { fuzzystrmatch } = await import('@electric-sql/pglite/contrib/fuzzystrmatch');
  const { citext } = await import('@electric-sql/pglite/contrib/citext');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm, unaccent, fuzzystrmatch, citext, pgcrypto },
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    withTenant: tenantScoped(db),
    // PGlite is one connection; its own queue serialises callers.
    withConnection: (fn) => fn(db),
    async query(text, params = []) {
      const res = await client.query(text, params);
      return res.rows as never[];
    },
    close: () => client.close(),
  };
}

/** The PGlite client behind a Database, for snapshotting (tests only). */
export async function dumpPglite(database: Database): Promise<Blob> {
  const client = (database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
  return client.dumpDataDir('none');
}
