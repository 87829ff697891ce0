// The rapport commands, run in-process through run() against a real database: embedded PGlite in
// a temporary DATA_DIR, and PostgreSQL too when TEST_DATABASE_URL is set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Database } from '../db/client.ts';
import { authenticate } from '../platform/auth/service.ts';
import { databaseKinds } from '../../test/harness.ts';
import { embeddedDir } from './database.ts';
import { configFrom } from '../config.ts';
import { run } from './main.ts';

interface Result {
  code: number;
  out: string[];
  err: string[];
}

describe.each(databaseKinds())('rapport CLI [%s]', (kind) => {
  let dataDir = '';
  let env: NodeJS.ProcessEnv = {};
  // Tenants of other test files share the PostgreSQL database: make our slugs unique there.
  const slug = (s: string) => (kind === 'postgres' ? `${s}-${process.pid}` : s);

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
    env = kind === 'postgres' ? { DATABASE_URL: inject('postgresUrl'), DATA_DIR: dataDir } : { DATA_DIR: dataDir };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function cli(argv: string[], extraEnv: NodeJS.ProcessEnv = {}, signal = new AbortController().signal): Promise<Result> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { ...env, ...extraEnv }, signal });
    return { code, out, err };
  }

  /** The command's database, opened by the test itself after the command closed it. */
  async function openDb(): Promise<Database> {
    return kind === 'postgres' ? createDb({ databaseUrl: inject('postgresUrl') }) : createDb({ dataDir: embeddedDir(configFrom({ DATA_DIR: dataDir })) });
  }

  it('creates a tenant, a user with teams and an API token that authenticates as that user', async () => {
    const tenant = await cli(['tenants', 'create', slug('acme'), '--name', 'Acme Advisors', '--admin-email', 'boss@acme.test', '--admin-password', 'a-long-password']);
    expect(tenant.err).toEqual([`created tenant ${slug('acme')}; boss@acme.test can sign in as admin`]);
    expect(tenant.code).toBe(0);
    expect(tenant.out[0]).toMatch(/^[0-9a-f-]{36}$/);

    const again = await cli(['tenants', 'create', slug('acme'), '--name', 'Acme', '--admin-email', 'x@acme.test', '--admin-password', 'pw']);
    expect(again.code).toBe(1);
    expect(again.err[0]).toMatch(/already exists/);

    const user = await cli(['users', 'create', '--tenant', slug('acme'), '--email', 'rep@acme.test', '--name', 'Rae Rep', '--role', 'rep', '--password', 'pw-pw-pw-pw', '--team', 'East', '--team', 'West']);
    expect(user.code).toBe(0);
    expect(user.err).toContain('created team East');

    const token = await cli(['tokens', 'create', '--tenant', slug('acme'), '--email', 'rep@acme.test', '--name', 'ci', '--expires-days', '7']);
    expect(token.code).toBe(0);
    expect(token.out).toHaveLength(1);
    expect(token.out[0]).toMatch(/^rpa_[0-9a-f]{64}[A-Za-z0-9_-]{43}$/);

    const database = await openDb();
    try {
      const auth = await authenticate(database, token.out[0]!);
      expect(auth?.user).toMatchObject({ id: user.out[0], email: 'rep@acme.test', role: 'rep' });
      expect(auth?.principal.teamIds).toHaveLength(2);
    } finally {
      await database.close();
    }
  });

  it('answers bad usage with exit code 2 and a one-line message', async () => {
    const cases = [
      [],
      ['frobnicate'],
      ['tenants', 'create', slug('x1'), '--name', 'X'],
      ['tenants', 'list'],
      ['users', 'create', '--tenant', slug('acme'), '--email', 'a@b.test', '--name', 'A', '--role', 'wizard'],
      ['tokens', 'create', '--tenant', slug('acme'), '--email', 'rep@acme.test', '--expires-days', 'soon'],
      ['audit', 'verify', '--everything'],
    ];
    for (const argv of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out, argv.join(' ')).toEqual([]);
    }
    const missing = await cli(['tenants', 'create', slug('x2'), '--name', 'X', '--admin-email', 'a@x.test']);
    expect(missing.err).toEqual(['rapport tenants: missing --admin-password']);
  });

  it('fails with exit code 1 when the tenant or user does not exist', async () => {
    const noTenant = await cli(['tokens', 'create', '--tenant', slug('nope'), '--email', 'a@b.test']);
    expect([noTenant.code, noTenant.err]).toEqual([1, [`rapport tokens: no tenant with slug ${slug('nope')}`]]);
    const noUser = await cli(['tokens', 'create', '--tenant', slug('acme'), '--email', 'ghost@acme.test']);
    expect([noUser.code, noUser.err]).toEqual([1, [`rapport tokens: no user ghost@acme.test in tenant ${slug('acme')}`]]);
  });

  it('audit verify passes on intact chains and names the tenant and first broken entry otherwise', async () => {
    await cli(['tenants', 'create', slug('intact'), '--name', 'Intact', '--admin-email', 'a@intact.test', '--admin-password', 'pw']);
    const ok = await cli(['audit', 'verify', '--tenant', slug('acme')]);
    expect(ok.code).toBe(0);
    // tenant.created, user.created (admin), 2 x team.created, user.created (rep), api_token.created
    expect(ok.out).toEqual([`${slug('acme')}: ok: 6 entries`]);

    const database = await openDb();
    try {
      // Bypass the append-only trigger the way a superuser with database access could.
      await database.query('alter table audit_log disable trigger audit_log_append_only');
      await database.query(`update audit_log set actor_label = 'someone else' where seq = 3 and tenant_id = (select id from tenants where slug = $1)`, [slug('acme')]);
      await database.query('alter table audit_log enable trigger audit_log_append_only');
    } finally {
      await database.close();
    }
    const broken = await cli(['audit', 'verify', '--tenant', slug('acme')]);
    expect(broken.code).toBe(1);
    expect(broken.out[0]).toMatch(new RegExp(`^${slug('acme')}: BROKEN at entry 3: entry 3 was altered`));
    expect(broken.err).toEqual([`audit chain of tenant ${slug('acme')} is broken at entry 3`]);

    expect((await cli(['audit', 'verify', '--tenant', slug('intact')])).code).toBe(0);
    if (kind === 'pglite') {
      // Every tenant by default (on the shared PostgreSQL test database other files append concurrently).
      const all = await cli(['audit', 'verify']);
      expect(all.code).toBe(1);
      expect(all.out).toEqual([expect.stringMatching(/^acme: BROKEN at entry 3/), 'intact: ok: 2 entries']);
    }
  });

  it.runIf(kind === 'pglite')('serve seeds a fresh data dir, answers HTTP and shuts down on the stop signal', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'rapport-serve-'));
    const stop = new AbortController();
    const err: string[] = [];
    const serving = run(['serve'], {
      out: () => {}, err: (l) => err.push(l), signal: stop.signal,
      env: { DATA_DIR: fresh, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    });
    try {
      let address: string | undefined;
      for (let i = 0; i < 600 && !address; i++) {
        address = err.map((l) => /listening on (\S+)/.exec(l)?.[1]).find(Boolean);
        if (!address) await new Promise((r) => setTimeout(r, 100));
      }
      expect(err[0]).toMatch(/seeded the demo tenant/);
      const login = await fetch(`${address}/api/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'demo', email: 'admin@demo.test', password: 'rapport-demo' }),
      });
      expect(login.status).toBe(200);
    } finally {
      stop.abort();
      expect(await serving).toBe(0);
      rmSync(fresh, { recursive: true, force: true });
    }
    expect(err.at(-1)).toBe('rapport: shutting down');
  }, 120_000);
});
