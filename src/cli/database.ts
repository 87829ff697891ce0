// Opens the database a command works on (PostgreSQL from DATABASE_URL, else PGlite under DATA_DIR)
// and brings its schema up to date, so every command works on a fresh install.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { createDb, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { tenantBySlug } from '../tenants/service.ts';
import { CliError } from './io.ts';

export interface Opened {
  database: Database;
  /** An embedded data directory created just now (the first start of a fresh install). */
  fresh: boolean;
  /** Where the data lives, for messages (never the password). */
  where: string;
}

export const embeddedDir = (config: Config) => resolve(join(config.DATA_DIR, 'pgdata'));

export async function openDatabase(config: Config): Promise<Opened> {
  if (config.DATABASE_URL) {
    const url = new URL(config.DATABASE_URL);
    const database = await createDb({ databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
    await migrateOrClose(database);
    return { database, fresh: false, where: `postgresql at ${url.host}${url.pathname}` };
  }
  const dir = embeddedDir(config);
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  const database = await createDb({ dataDir: dir });
  await migrateOrClose(database);
  return { database, fresh, where: `embedded PGlite at ${dir}` };
}

async function migrateOrClose(database: Database) {
  try {
    await migrate(database);
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** Runs fn with an open, migrated database and always closes it. */
export async function withDatabase<T>(config: Config, fn: (opened: Opened) => Promise<T>): Promise<T> {
  const opened = await openDatabase(config);
  try {
    return await fn(opened);
  } finally {
    await opened.database.close();
  }
}

export async function requireTenant(database: Database, slug: string) {
  const tenant = await tenantBySlug(database, slug);
  if (!tenant) throw new CliError(`no tenant with slug ${slug}`);
  return tenant;
}
