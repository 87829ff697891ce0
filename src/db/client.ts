// createDb picks the driver once: embedded PGlite under DATA_DIR, or a node-postgres pool when
// DATABASE_URL is set. Nothing above this file knows which one it talks to.
import { mkdirSync, writeSync } from 'node:fs';
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
  /**
   * Runs read-only fn as rapport_app in the tenant, without a transaction where the driver allows
   * it (PostgreSQL): one round trip per query on the hot read paths. Never write in fn.
   */
  readTenant<T>(tenantId: string, fn: (q: Queryable) => Promise<T>): Promise<T>;
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
  // Two pools. The owner pool (migrations, tenants, cross-tenant tools) keeps the login role. The
  // app pool's connections are switched once to rapport_app for their whole life, and each keeps
  // the tenant it last served in a session setting that is re-set only when the next request is
  // for another tenant: a tenant-scoped read costs one round trip, not BEGIN + SET + query + COMMIT.
  const ownerPool = new pg.default.Pool({ connectionString: url, max: 2 });
  const appPool = new pg.default.Pool({ connectionString: url, max: poolSize });
  for (const pool of [ownerPool, appPool]) pool.on('error', (err) => console.error('postgres pool error', err));
  const owner = drizzle(ownerPool, { schema }) as unknown as Db;
  const sessions = new WeakMap<object, { db: Db; tenant: string | null }>();

  async function pinned<T>(tenantId: string, fn: (db: Db) => Promise<T>): Promise<T> {
    if (!uuidPattern.test(tenantId)) throw new Error('tenant id must be a UUID');
    const client = await appPool.connect();
    let failure: Error | undefined;
    try {
      let session = sessions.get(client);
      if (!session) {
        await client.query(`select set_config('role', 'rapport_app', false)`);
        session = { db: drizzle(client, { schema }) as unknown as Db, tenant: null };
        sessions.set(client, session);
      }
      if (session.tenant !== tenantId) {
        session.tenant = null; // unknown until the setting is confirmed
        await client.query(`select set_config('app.tenant_id', $1, false)`, [tenantId]);
        session.tenant = tenantId;
      }
      return await fn(session.db);
    } catch (err) {
      // A connection-level failure must not go back to the pool; a query error leaves it usable.
      if (err instanceof Error && !('code' in err && typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code))) failure = err;
      throw err;
    } finally {
      client.release(failure);
    }
  }

  return {
    kind: 'postgres',
    db: owner,
    withTenant: (tenantId, fn) => pinned(tenantId, (db) => db.transaction(fn)),
    readTenant: (tenantId, fn) => pinned(tenantId, fn),
    async withConnection(fn) {
      const client = await ownerPool.connect();
      try {
        return await fn(drizzle(client, { schema }) as unknown as Db);
      } finally {
        client.release();
      }
    },
    async query(text, params = []) {
      const res = await ownerPool.query(text, params);
      return res.rows;
    },
    close: async () => {
      await Promise.all([ownerPool.end(), appPool.end()]);
    },
  };
}

async function createPglite(options: DbOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { fuzzystrmatch } = await import('@electric-sql/pglite/contrib/fuzzystrmatch');
  const { citext } = await import('@electric-sql/pglite/contrib/citext');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    // Not pgcrypto: nothing uses it, and loaded beside pg_trgm it makes pg_trgm's operators crash the
    // WASM backend about half the time on PGlite 0.5 (see drizzle/0000_roles_and_extensions.sql).
    extensions: { pg_trgm, unaccent, fuzzystrmatch, citext },
  });
  stopOnBackendExit(client);
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    withTenant: tenantScoped(db),
    // One connection shared by concurrent requests: the tenant must be transaction-local here.
    readTenant: tenantScoped(db),
    // PGlite is one connection; its own queue serialises callers.
    withConnection: (fn) => fn(db),
    async query(text, params = []) {
      const res = await client.query(text, params);
      return res.rows as never[];
    },
    close: () => client.close(),
  };
}

/**
 * PGlite runs PostgreSQL's backend synchronously on this thread. When that backend exits (a FATAL
 * error, e.g. protocol synchronisation lost), PGlite 0.5's protocol loop swallows the exit and
 * spins forever at 100% CPU: no timer, request or signal handler runs again
 * (electric-sql/pglite#1058). The database is gone either way, so fail fast and loudly instead: the
 * process exits with status 70, naming the cause, and a supervisor (or the test runner) sees it.
 * PGlite replays its WAL on the next start.
 */
function stopOnBackendExit(client: object) {
  const pglite = client as {
    mod?: Record<string, unknown>;
    POSTGRES_MAIN_LONGJMP?: unknown;
  };
  const mod = pglite.mod;
  const loopOnce = mod?.['_PostgresMainLoopOnce'];
  if (!mod || typeof loopOnce !== 'function') return; // another PGlite build: nothing to guard
  mod['_PostgresMainLoopOnce'] = function guardedLoopOnce(this: unknown, ...args: unknown[]) {
    try {
      return (loopOnce as (...a: unknown[]) => unknown).apply(this, args);
    } catch (err) {
      const status = (err as { status?: unknown } | null)?.status;
      if (status !== pglite.POSTGRES_MAIN_LONGJMP) {
        const e = err as { name?: unknown; message?: unknown } | null;
        const what = e && typeof e === 'object' ? `${String(e.name ?? 'Error')}: ${String(e.message ?? '')}` : String(err);
        // Synchronous write: the event loop will not run again.
        const stack = err instanceof Error && err.stack ? `\n${err.stack.split('\n').slice(1, 16).join('\n')}` : '';
        writeSync(2, `rapport: the embedded PostgreSQL (PGlite) backend stopped (${what}); exiting${stack}\n`);
        process.exit(70);
      }
      throw err;
    }
  };
}

/** The PGlite client behind a Database, for snapshotting (tests only). */
export async function dumpPglite(database: Database): Promise<Blob> {
  const client = (database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
  return client.dumpDataDir('none');
}
