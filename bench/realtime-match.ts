// `tsx bench/realtime-match.ts [--pg-url URL] [--probes 300] [--migrated]`: the real-time duplicate
// check (src/matching/realtime.ts check()) against a large PostgreSQL database, as the app role in
// the 'bench' tenant. Probes are stored contacts re-typed the way duplicates arrive (a typo in the
// family name, the email in capitals), so every probe has a true match to find.
// Without --migrated the matching migrations (tables, view, blocking indexes) are applied inside one
// transaction that is rolled back at the end: the database is left exactly as it was (writers to
// contacts wait while it runs). Prints the blocking query's plan, p50/p95/p99 and the hit rate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { packageRoot } from '../src/db/migrate.ts';
import type { Ctx } from '../src/platform/context.ts';
import type { Queryable } from '../src/db/client.ts';
import { blockingIds, check, draftRecord } from '../src/matching/realtime.ts';

const { values: args } = parseArgs({
  options: {
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/rapport_bench1m' },
    probes: { type: 'string', default: '300' },
    migrated: { type: 'boolean', default: false },
    /** Probes without their email: only names, birth date and postcode lead to the contact. */
    'without-email': { type: 'boolean', default: false },
  },
});

const client = new pg.Client({ connectionString: args['pg-url'] });
await client.connect();
const q = drizzle(client) as unknown as Queryable;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

try {
  await client.query('begin');
  if (!args.migrated) {
    const t0 = performance.now();
    for (const file of ['0013_matching.sql', '0014_match_blocking_indexes.sql']) {
      for (const statement of readFileSync(join(packageRoot(), 'drizzle', file), 'utf8').split('--> statement-breakpoint')) {
        if (statement.trim()) await client.query(statement);
      }
    }
    await client.query('analyze contacts');
    console.log(`matching migrations applied in the transaction: ${Math.round(performance.now() - t0)} ms`);
  }
  const { rows: [tenant] } = await client.query<{ id: string; n: string }>(`select t.id, (select count(*) from contacts c where c.tenant_id = t.id) as n from tenants t where slug = 'bench'`);
  if (!tenant) throw new Error('no tenant "bench" in this database');
  await client.query('set local role rapport_app');
  await client.query(`select set_config('app.tenant_id', $1, true)`, [tenant.id]);

  const probes = (await client.query<{ id: string; given_name: string | null; family_name: string | null; primary_email: string | null; phones: unknown[]; addresses: unknown[]; birth_date: string | null }>(
    `select id, given_name, family_name, primary_email, phones, addresses, birth_date::text from contacts tablesample system (1) repeatable (7)
     where tenant_id = $1 and family_name is not null and length(family_name) >= 4 limit $2`, [tenant.id, Number(args.probes) + 20])).rows;
  const typo = (s: string) => s.slice(0, 2) + s[3] + s[2] + s.slice(4);
  const drafts = probes.map((p) => ({
    id: p.id,
    draft: {
      givenName: p.given_name, familyName: typo(p.family_name!), birthDate: p.birth_date,
      emails: p.primary_email && !args['without-email'] ? [{ address: p.primary_email.toUpperCase() }] : [],
      addresses: (p.addresses as Array<Record<string, string | null>>).slice(0, 1).map((a) => ({ postalCode: a['postalCode'] ?? null, city: a['city'] ?? null, country: a['country'] ?? null })),
    },
  }));
  const ctx = { tenantId: tenant.id, principal: { userId: '00000000-0000-0000-0000-000000000000', role: 'admin', teamIds: [] }, actor: { id: null, label: 'bench' } } as unknown as Ctx;

  const first = draftRecord(drafts[0]!.draft);
  console.log(`\n${Number(tenant.n).toLocaleString('en')} contacts in tenant bench; plan of one probe's blocking query:`);
  const explain = await client.query(`explain (analyze, costs off, timing on) select distinct id from (
    (select id from contact_match_keys where tenant_id = $1 and primary_email = any($2) limit 50) union all
    (select id from contact_match_keys where tenant_id = $1 and lower(family_name) = lower($3) and lower(left(given_name, 1)) = lower(left($4, 1)) limit 50) union all
    (select id from contact_match_keys where tenant_id = $1 and lower(given_name) = lower($3) and lower(left(family_name, 1)) = lower(left($4, 1)) limit 50) union all
    (select id from contact_match_keys where tenant_id = $1 and lower(family_name) = lower($3) and birth_date = $5::date limit 50) union all
    (select id from contact_match_keys where tenant_id = $1 and (addresses -> 0 ->> 'postalCode') = $6 and lower(left(family_name, 1)) = lower(left($3, 1)) limit 50)) k`,
  [tenant.id, first.keys.emails, first.keys.family, first.keys.given, first.keys.birthDate ?? '1900-01-01', first.keys.postcode]);
  for (const r of explain.rows as Array<{ 'QUERY PLAN': string }>) console.log(`  ${r['QUERY PLAN']}`);

  const times: number[] = [];
  const blockTimes: number[] = [];
  let found = 0;
  let candidates = 0;
  for (const [i, d] of drafts.entries()) {
    const { record, keys } = draftRecord(d.draft);
    const b0 = performance.now();
    const ids = await blockingIds(q, tenant.id, keys);
    const b1 = performance.now();
    const t0 = performance.now();
    const result = await check(ctx, q, record, keys, 5);
    const t1 = performance.now();
    if (i < 20) continue; // warm-up
    times.push(t1 - t0);
    blockTimes.push(b1 - b0);
    candidates += ids.length;
    if (result.candidates[0]?.contact.id === d.id) found++;
  }
  const n = times.length;
  const fmt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms`;
  console.log(`\n${n} probes (a typo in the family name, ${args['without-email'] ? 'no email' : 'email in capitals'}), untrained default model:`);
  console.log(`  whole check (blocking + load + score): ${fmt(times)}`);
  console.log(`  blocking query alone:                  ${fmt(blockTimes)}`);
  console.log(`  blocked candidates per probe: ${(candidates / n).toFixed(1)}; true contact ranked first: ${found}/${n}`);
} finally {
  await client.query('rollback').catch(() => undefined);
  await client.end();
}
