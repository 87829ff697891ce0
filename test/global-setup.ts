// When TEST_DATABASE_URL is set, makes a fresh database beside it for this run and migrates it
// once; every data test then also runs there. Tests isolate by creating their own tenants.
import pg from 'pg';
import { createDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';

export async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const base = process.env['TEST_DATABASE_URL'];
  if (!base) return;
  const url = new URL(base);
  const name = `rapport_test_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  const database = await createDb({ databaseUrl: url.toString() });
  await migrate(database);
  await database.close();
  provide('postgresUrl', url.toString());
  return async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
