// Applies drizzle/ migrations on start. One set of files serves PGlite and PostgreSQL; an advisory
// lock keeps two app servers starting at once from racing.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';

/** The folder holding package.json, found from this module (works from src/ and from dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

const MIGRATION_LOCK = 7_202_611; // any constant; shared by every Rapport server on the database

export async function migrate(database: Database): Promise<void> {
  const migrationsFolder = join(packageRoot(), 'drizzle');
  if (database.kind === 'pglite') {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(database.db as never, { migrationsFolder });
    return;
  }
  const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
  await database.withConnection(async (conn) => {
    await conn.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await run(conn as never, { migrationsFolder });
    } finally {
      await conn.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
}
