// `rapport import`, run in-process through run() against PGlite in a temporary DATA_DIR (and
// PostgreSQL when TEST_DATABASE_URL is set).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseKinds } from '../../test/harness.ts';
import { run } from './main.ts';

describe.each(databaseKinds())('rapport import [%s]', (kind) => {
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  const slug = `imp-${kind}-${process.pid}`;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-import-'));
    env = kind === 'postgres' ? { DATABASE_URL: inject('postgresUrl'), DATA_DIR: dir } : { DATA_DIR: dir };
    const made = await cli(['tenants', 'create', slug, '--name', 'Importers', '--admin-email', 'a@imp.test', '--admin-password', 'a-long-password']);
    expect(made.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env, signal: new AbortController().signal });
    return { code, out, err };
  }

  it('dry-runs and imports a CSV with a mapping file, printing progress and a summary', async () => {
    const file = join(dir, 'people.csv');
    writeFileSync(file, 'Kundennummer;Vorname;Nachname;E-Mail\nk1;Zoë;Müller;zoe@example.com\nk2;;;\nk3;Ida;Berg;ida@example.com\n');
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ Kundennummer: 'externalId', Vorname: 'givenName', Nachname: 'familyName', 'E-Mail': 'email' }));
    const dry = await cli(['import', 'contacts', file, '--source', 'erp', '--tenant', slug, '--mapping', mapping, '--dry-run']);
    expect(dry.code, dry.err.join('\n')).toBe(0);
    expect(dry.out[0]).toMatch(/^dry run: would import 3 rows in [\d.]+ s: 2 created, 0 updated, 0 unchanged, 1 failed$/);

    const errors = join(dir, 'errors.csv');
    const real = await cli(['import', 'contacts', file, '--source', 'erp', '--tenant', slug, '--mapping', mapping, '--errors', errors, '--batch', '2']);
    expect(real.code, real.err.join('\n')).toBe(0);
    expect(real.err).toContain('  Vorname -> givenName');
    expect(real.err.some((l) => /^ {2}3 \/ 3 rows/.test(l))).toBe(true);
    expect(real.out[0]).toMatch(/^imported 3 rows in [\d.]+ s: 2 created, 0 updated, 0 unchanged, 1 failed$/);
    const report = readFileSync(errors, 'utf8');
    expect(report).toContain('3,k2,,,,');
    expect(report).toContain('needs a given name, a family name or an email');

    const again = await cli(['import', 'contacts', file, '--source', 'erp', '--tenant', slug, '--mapping', mapping]);
    expect(again.out[0]).toMatch(/: 0 created, 0 updated, 2 unchanged, 1 failed$/);
  });

  it('fails with a message and a non-zero code on a missing file or tenant, or a bad mapping', async () => {
    expect((await cli(['import', 'contacts', join(dir, 'nope.csv'), '--source', 's', '--tenant', slug])).code).toBe(1);
    expect((await cli(['import', 'contacts', join(dir, 'nope.csv'), '--source', 's', '--tenant', 'no-such-tenant'])).err[0]).toMatch(/no tenant/);
    const file = join(dir, 'one.csv');
    writeFileSync(file, 'Name\nSolo\n');
    const mapping = join(dir, 'bad.json');
    writeFileSync(mapping, JSON.stringify({ Name: 'shoeSize' }));
    const bad = await cli(['import', 'contacts', file, '--source', 's', '--tenant', slug, '--mapping', mapping]);
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toMatch(/mapping\.Name: unknown field shoeSize/);
    expect((await cli(['import', 'widgets', file])).code).toBe(2);
  });

  it('imports interactions, resolving participants by source id and email, with a time zone', async () => {
    const people = join(dir, 'crm-people.csv');
    writeFileSync(people, 'Record ID,First Name,Last Name,Email\np1,Ada,Lovelace,ada@cli.example\np2,Alan,Turing,alan@cli.example\n');
    expect((await cli(['import', 'contacts', people, '--source', 'crm', '--tenant', slug])).code).toBe(0);
    const calls = join(dir, 'calls.csv');
    writeFileSync(calls, [
      'Record ID,Activity type,Activity date,Subject,Associated Contact IDs,Associated contact email',
      'a1,Call,2024-01-10 09:00,Kick-off,p1,alan@cli.example',
      'a2,Meeting,2024-01-11 15:00,Lunch,,nobody@cli.example',
      'a3,Email,2024-01-12T08:00:00Z,Proposal,p2,',
    ].join('\n') + '\n');
    const args = ['import', 'interactions', calls, '--source', 'crm', '--tenant', slug, '--time-zone', 'America/New_York'];
    const dry = await cli([...args, '--dry-run']);
    expect(dry.code, dry.err.join('\n')).toBe(0);
    expect(dry.err).toContain('  @timeZone -> America/New_York');
    expect(dry.out[0]).toMatch(/^dry run: would import 3 rows in [\d.]+ s: 2 created, 0 updated, 0 unchanged, 1 failed$/);
    const errors = join(dir, 'interaction-errors.csv');
    const real = await cli([...args, '--errors', errors]);
    expect(real.out[0]).toMatch(/^imported 3 rows in [\d.]+ s: 2 created, 0 updated, 0 unchanged, 1 failed$/);
    expect(readFileSync(errors, 'utf8')).toContain('Associated contact email: no contact with email ""nobody@cli.example""');
    const again = await cli(args);
    expect(again.out[0]).toMatch(/: 0 created, 0 updated, 2 unchanged, 1 failed$/);
    expect((await cli(['import', 'contacts', people, '--source', 'crm', '--tenant', slug, '--time-zone', 'UTC'])).code).toBe(2);
  }, 120_000); // five runs of the command, each opening the database
});
