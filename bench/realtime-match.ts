// `tsx bench/realtime-match.ts [--pg-url URL] [--probes 300] [--load N]`: the real-time duplicate
// check (src/matching/realtime.ts check()) against a large PostgreSQL database, as the app role in
// the 'bench' tenant. Probes are stored contacts re-typed the way duplicates arrive, so every probe
// has a true match to find, in three sets:
//   email    a typo in the family name (two letters swapped), the email in capitals;
//   typo     contacts with a birth date; no email or phone: given name, birth date and the family
//            name with one letter wrong, missing or doubled;
//   script   Ukrainian contacts with a birth date; no email or phone: given and family name in
//            Cyrillic (the stored contact has them in Latin), birth date.
// --load N first builds a fresh database at --pg-url (dropped if it exists) with N generated
// contacts (bench/load-data.ts). A database loaded without the contact services (the bench loader
// writes raw INSERTs) gets its blocking keys here, committed, before measuring. --pad-keys N: see
// below. Prints the
// blocking query's plan, p50/p95/p99, candidates per probe and how often the true contact was
// blocked and ranked first.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql as sqlTag } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Ctx } from '../src/platform/context.ts';
import type { Queryable } from '../src/db/client.ts';
import { createDb } from '../src/db/client.ts';
import { contactKeys, refreshContactKeys } from '../src/matching/blocking-keys.ts';
import { contactBlockingKeys } from '../src/contacts/tables.ts';
import { insertUnnest } from '../src/db/sql.ts';
import { uuidv7 } from '../src/platform/ids.ts';
import { createGenerator } from '../src/seed/generate.ts';
import { blockingIds, check, draftRecord, keyParams } from '../src/matching/realtime.ts';
import { createRandom } from '../src/seed/random.ts';
import { freshTarget, loadFixture } from './load-data.ts';

const { values: args } = parseArgs({
  options: {
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/rapport_bench1m' },
    probes: { type: 'string', default: '300' },
    load: { type: 'string' },
    /**
     * Pads the tenant's blocking keys with those of N more generated contacts (key rows only, no
     * contact rows; committed and vacuumed, so index-only scans stay index-only as in a settled
     * table; removed again at the end): the blocking query against the key volume of a larger
     * book when loading one would take too long. Candidates found only through padded keys have no
     * record to load or score, so the whole check is understated; the blocking query is not.
     */
    'pad-keys': { type: 'string' },
  },
});
const url = args['pg-url'];

if (args.load) {
  const size = Number(args.load);
  await freshTarget('postgres', size, url);
  const database = await createDb({ databaseUrl: url, poolSize: 4 });
  await loadFixture(database, size, (s) => console.log(s));
  await database.close();
}

const client = new pg.Client({ connectionString: url });
await client.connect();
const q = drizzle(client) as unknown as Queryable;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const { rows: [tenant] } = await client.query<{ id: string; n: string }>(`select t.id, (select count(*) from contacts c where c.tenant_id = t.id) as n from tenants t where slug = 'bench'`);
if (!tenant) throw new Error('no tenant "bench" in this database');

// Blocking keys for contacts the loader wrote around the services, in pages of 5,000.
const { rows: [unkeyed] } = await client.query<{ n: string }>(`select count(*) as n from contacts c where c.tenant_id = $1
  and not exists (select 1 from contact_blocking_keys k where k.tenant_id = c.tenant_id and k.contact_id = c.id)`, [tenant.id]);
if (Number(unkeyed!.n) > 0) {
  const t0 = performance.now();
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await client.query<{ id: string }>('select id from contacts where tenant_id = $1 and id > $2 order by id limit 5000', [tenant.id, after]);
    if (rows.length === 0) break;
    await client.query('begin');
    await refreshContactKeys(q, tenant.id, rows.map((r) => r.id));
    await client.query('commit');
    after = rows[rows.length - 1]!.id;
  }
  await client.query('vacuum analyze contact_blocking_keys');
  console.log(`blocking keys written for ${Number(unkeyed!.n).toLocaleString('en')} contacts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const { rows: [size] } = await client.query<{ keys: string; bytes: string }>(`select (select count(*) from contact_blocking_keys where tenant_id = $1) as keys,
  pg_size_pretty(pg_total_relation_size('contact_blocking_keys')) as bytes`, [tenant.id]);
console.log(`${Number(size!.keys).toLocaleString('en')} blocking keys, table and indexes ${size!.bytes}`);

if (args['pad-keys']) {
  await client.query('begin');
  const t0 = performance.now();
  const pad = Number(args['pad-keys']);
  const generator = createGenerator({ seed: 'realtime-pad', tenantId: tenant.id, now: Date.UTC(2026, 10, 1), owners: [{ userId: '00000000-0000-0000-0000-000000000000', teamId: null }] });
  let keys = 0;
  for (let done = 0; done < pad; done += 5000) {
    const rows = generator.contacts(Math.min(5000, pad - done)).map((c) => ({ ...c.row, id: uuidv7() }));
    const keyRows = rows.flatMap((r) => contactKeys(r).map((key) => ({ tenantId: tenant.id, contactId: r.id, key })));
    await insertUnnest(q, contactBlockingKeys, keyRows);
    keys += keyRows.length;
  }
  await client.query('commit');
  await client.query('vacuum analyze contact_blocking_keys');
  console.log(`padded with the keys of ${pad.toLocaleString('en')} generated contacts (${keys.toLocaleString('en')} keys) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// Latin -> Cyrillic for the generator's Ukrainian names (src/seed/names.ts, culture 'slavic').
const CYRILLIC: Record<string, string> = {
  Shevchenko: 'Шевченко', Kovalenko: 'Коваленко', Bondarenko: 'Бондаренко', Tkachenko: 'Ткаченко', Kravchenko: 'Кравченко',
  Olena: 'Олена', Mykola: 'Микола', Oksana: 'Оксана', Taras: 'Тарас', Iryna: 'Ірина', Dmytro: 'Дмитро',
};

try {
  await client.query('begin');
  await client.query('set local role rapport_app');
  await client.query(`select set_config('app.tenant_id', $1, true)`, [tenant.id]);
  type Probe = { id: string; given_name: string | null; family_name: string | null; primary_email: string | null; addresses: unknown[]; birth_date: string | null };
  const n = Number(args.probes);
  const sampled = (await client.query<Probe>(`select id, given_name, family_name, primary_email, addresses, birth_date::text from contacts tablesample system (1) repeatable (7)
     where tenant_id = $1 and family_name is not null and length(family_name) >= 4 limit $2`, [tenant.id, n + 20])).rows;
  // The typo and script probes carry a birth date: with only a name that dozens of stored contacts
  // share, no check can tell which of them is meant.
  const dated = (await client.query<Probe>(`select id, given_name, family_name, primary_email, addresses, birth_date::text from contacts tablesample system (1) repeatable (7)
     where tenant_id = $1 and family_name is not null and length(family_name) >= 4 and birth_date is not null limit $2`, [tenant.id, n + 20])).rows;
  const ukrainian = (await client.query<Probe>(`select id, given_name, family_name, primary_email, addresses, birth_date::text from contacts
     where tenant_id = $1 and family_name = any($2) and given_name = any($2) and birth_date is not null order by id limit $3`, [tenant.id, Object.keys(CYRILLIC), n + 20])).rows;
  const random = createRandom('realtime-match');
  const swap = (s: string) => s.slice(0, 2) + s[3] + s[2] + s.slice(4);
  const slip = (s: string) => {
    const i = random.between(1, s.length - 2);
    const letters = 'abcdefghiklmnoprstuvwyz'.replace(s[i]!.toLowerCase(), '');
    switch (random.int(3)) {
      case 0: return s.slice(0, i) + letters[random.int(letters.length)] + s.slice(i + 1);
      case 1: return s.slice(0, i) + s.slice(i + 1);
      default: return s.slice(0, i) + s[i] + s.slice(i);
    }
  };
  const address = (p: Probe) => (p.addresses as Array<Record<string, string | null>>).slice(0, 1).map((a) => ({ postalCode: a['postalCode'] ?? null, city: a['city'] ?? null, country: a['country'] ?? null }));
  const sets = {
    email: sampled.map((p) => ({ id: p.id, draft: { givenName: p.given_name, familyName: swap(p.family_name!), birthDate: p.birth_date, emails: p.primary_email ? [{ address: p.primary_email.toUpperCase() }] : [], addresses: address(p) } })),
    typo: dated.map((p) => ({ id: p.id, draft: { givenName: p.given_name, familyName: slip(p.family_name!), birthDate: p.birth_date } })),
    script: ukrainian.map((p) => ({ id: p.id, draft: { givenName: CYRILLIC[p.given_name!]!, familyName: CYRILLIC[p.family_name!]!, birthDate: p.birth_date } })),
  };
  const ctx = { tenantId: tenant.id, principal: { userId: '00000000-0000-0000-0000-000000000000', role: 'admin', teamIds: [] }, actor: { id: null, label: 'bench' } } as unknown as Ctx;

  const first = draftRecord(sets.typo[0]!.draft);
  console.log(`\n${Number(tenant.n).toLocaleString('en')} contacts in tenant bench; plan of one typo probe's blocking query (${first.keys.keys.size} keys):`);
  const params = keyParams(first.keys.keys);
  const explain = await q.execute(drizzleExplain(params, tenant.id));
  for (const r of (explain as unknown as { rows: Array<{ 'QUERY PLAN': string }> }).rows) console.log(`  ${r['QUERY PLAN']}`);

  for (const [name, drafts] of Object.entries(sets)) {
    const times: number[] = [];
    const blockTimes: number[] = [];
    let blocked = 0;
    let ranked = 0;
    let candidates = 0;
    const places: number[] = [];
    for (const [i, d] of drafts.entries()) {
      const { record, keys } = draftRecord(d.draft);
      const b0 = performance.now();
      const ids = await blockingIds(q, tenant.id, keys);
      const b1 = performance.now();
      const result = await check(ctx, q, record, keys, 5);
      const t1 = performance.now();
      if (i < 20) continue; // warm-up
      times.push(t1 - b1);
      blockTimes.push(b1 - b0);
      candidates += ids.length;
      if (ids.includes(d.id)) {
        blocked++;
        places.push(ids.indexOf(d.id) + 1);
      }
      if (result.candidates[0]?.contact.id === d.id) ranked++;
    }
    const m = times.length;
    const fmt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms`;
    console.log(`\n${name}: ${m} probes, untrained default model`);
    console.log(`  whole check (blocking + load + score): ${fmt(times)}`);
    console.log(`  blocking query alone:                  ${fmt(blockTimes)}`);
    console.log(`  blocked candidates per probe: ${(candidates / m).toFixed(1)}; true contact blocked ${blocked}/${m} (place among them: median ${percentile(places, 50)}, p99 ${percentile(places, 99)}, worst ${Math.max(...places)}), ranked first by the check ${ranked}/${m}`);
  }
} finally {
  await client.query('rollback').catch(() => undefined);
  if (args['pad-keys']) {
    await client.query(`delete from contact_blocking_keys k where k.tenant_id = $1
      and not exists (select 1 from contacts c where c.tenant_id = k.tenant_id and c.id = k.contact_id)`, [tenant.id]);
    await client.query('vacuum analyze contact_blocking_keys');
  }
  await client.end();
}

function drizzleExplain(params: ReturnType<typeof keyParams>, tenantId: string) {
  return sqlTag`explain (analyze, costs off, timing on) select s.contact_id from (
      select b.contact_id, sum(p.weight) as shared from unnest(${params.keys}, ${params.weights}) as p(key, weight)
      cross join lateral (select k.contact_id from contact_blocking_keys k where k.tenant_id = ${tenantId}::uuid and k.key = p.key
        order by k.contact_id limit 2000) b group by b.contact_id) s
    order by s.shared desc, s.contact_id limit 100`;
}
