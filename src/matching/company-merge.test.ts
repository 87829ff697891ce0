// Companies through the API: merge moves contact links, notes, tasks, interactions, source
// identifiers and shares to the survivor (every company foreign key from the catalog must be covered
// by the setup) and unmerge restores every row exactly; the dedupe job finds re-entered firms; the
// real-time check answers within the caller's visibility and tenant.
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';
import { rowsOf } from '../db/sql.ts';
import { inTenant } from '../platform/context.ts';
import { createWorker } from '../platform/jobs/worker.ts';
import { createGenerator } from '../seed/generate.ts';
import { matchingJobs } from './dedupe.ts';

const ok = (res: LightMyRequestResponse, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

async function companyForeignKeys(t: TestTenant) {
  return inTenant(t.ctx, (tx) => rowsOf<{ table: string; column: string }>(tx, sql`
    select c.conrelid::regclass::text as "table", a.attname as "column"
    from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
    where c.contype = 'f' and c.confrelid = 'companies'::regclass and a.attname <> 'tenant_id' order by 1, 2`));
}

async function dump(t: TestTenant): Promise<Record<string, string[]>> {
  const tables = [...new Set(['companies', 'contacts', 'record_shares', ...(await companyForeignKeys(t)).map((f) => f.table)])];
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    out[table] = (await inTenant(t.ctx, (tx) => rowsOf<{ row: string }>(tx, sql`select to_jsonb(x)::text as row from ${sql.raw(`"${table}"`)} x
      where x.tenant_id = ${t.id}::uuid order by 1`))).map((r) => r.row);
  }
  return out;
}

forEachDatabase('company merge', (h) => {
  it('moves contact links, activity and identifiers to the survivor, and unmerge restores every row', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const post = async (url: string, body: object) => ok(await t.request('POST', url, t.admin, body), 201);
    const a = await post('/api/v1/companies', { name: 'Analytical Engines Ltd', domain: 'engines.example', tags: ['steam'] });
    const b = await post('/api/v1/companies', {
      name: 'Analytical Engines Limited', website: 'https://engines.example/about', industry: 'Machinery', phones: [{ number: '+44 20 7946 0000' }],
      tags: ['steam', 'looms'], sourceIdentifiers: [{ system: 'erp', externalId: 'C-9' }],
    });
    const both = await post('/api/v1/contacts', { givenName: 'Ada', familyName: 'Lovelace', companies: [{ companyId: a.id }, { companyId: b.id, role: 'Analyst' }] });
    const onlyB = await post('/api/v1/contacts', { givenName: 'Charles', familyName: 'Babbage', companies: [{ companyId: b.id, role: 'Founder' }] });
    await post('/api/v1/notes', { body: 'Board meeting', companyId: b.id });
    await post('/api/v1/tasks', { title: 'Renew contract', companyId: b.id });
    await post('/api/v1/deals', { name: 'Loom contract', companyId: b.id });
    await post('/api/v1/interactions', { kind: 'in_person', subject: 'Visit', companyId: b.id, participants: [{ contactId: onlyB.id }] });
    await post('/api/v1/shares', { entity: 'company', recordId: b.id, userId: rep.id, access: 'read' });
    for (const fk of await companyForeignKeys(t)) {
      const [n] = await inTenant(t.ctx, (tx) => rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(`"${fk.table}"`)}
        where tenant_id = ${t.id}::uuid and ${sql.raw(`"${fk.column}"`)} = ${b.id}::uuid`));
      expect(n!.n, `${fk.table}.${fk.column} needs a row in this test's setup`).toBeGreaterThan(0);
    }
    const before = await dump(t);

    const merged = ok(await t.request('POST', `/api/v1/companies/${a.id}/merge`, t.admin, { mergedId: b.id, fields: { name: 'merged' } }), 201);
    expect(merged.survivor).toMatchObject({ name: 'Analytical Engines Limited', domain: 'engines.example', industry: 'Machinery' });
    expect(merged.survivor.tags.sort()).toEqual(['looms', 'steam']);
    expect(merged.survivor.sourceIdentifiers).toEqual([{ system: 'erp', externalId: 'C-9' }]);
    expect(merged.lineage.fields.name).toMatchObject({ from: 'merged', recordId: b.id });
    expect(merged.lineage.moved).toMatchObject({ contact_companies: 1, notes: 1, tasks: 1, interactions: 1, source_identifiers: 1, record_shares: 1 });
    expect((await t.request('GET', `/api/v1/companies/${b.id}`, t.admin)).statusCode).toBe(404);
    const ada = ok(await t.request('GET', `/api/v1/contacts/${both.id}`, t.admin));
    expect(ada.companies.map((l: { companyId: string }) => l.companyId)).toEqual([a.id]);
    const charles = ok(await t.request('GET', `/api/v1/contacts/${onlyB.id}`, t.admin));
    expect(charles.companies).toMatchObject([{ companyId: a.id, role: 'Founder' }]);
    expect(ok(await t.request('GET', `/api/v1/companies/${a.id}/merges`, t.admin)).data).toHaveLength(1);
    expect((await t.request('POST', `/api/v1/companies/${a.id}/merge`, t.admin, { mergedId: both.id })).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/companies/${a.id}/merge`, t.admin, { mergedId: b.id, fields: { givenName: 'merged' } })).statusCode).toBe(422);

    ok(await t.request('POST', `/api/v1/merges/${merged.id}/undo`, t.admin));
    expect(await dump(t)).toEqual(before);
    // The trail on both companies: merged into / from, then undone and restored, naming the merge.
    const trail = await inTenant(t.ctx, (tx) => rowsOf<{ action: string; entity: string; entity_id: string; actor_id: string; changes: unknown }>(tx, sql`
      select action, entity, entity_id, actor_id, changes from audit_log where tenant_id = ${t.id}::uuid
        and action in ('company.merged', 'company.merged_into', 'company.unmerged', 'company.restored') order by seq`));
    const entry = (action: string, id: string, changes: unknown) => ({ action, entity: 'company', entity_id: id, actor_id: t.adminId, changes });
    expect(trail).toEqual([
      entry('company.merged', a.id, { mergedFrom: { before: null, after: b.id }, merge: { before: null, after: merged.id } }),
      entry('company.merged_into', b.id, { mergedInto: { before: null, after: a.id }, merge: { before: null, after: merged.id } }),
      entry('company.unmerged', a.id, { mergedFrom: { before: b.id, after: null }, merge: { before: merged.id, after: null } }),
      entry('company.restored', b.id, { mergedInto: { before: a.id, after: null } }),
    ]);
  });

  it("chooses a company's values by the tenant's survivorship settings and unmerges exactly", async () => {
    const t = await h.tenant();
    const post = async (url: string, body: object) => ok(await t.request('POST', url, t.admin, body), 201);
    ok(await t.request('PUT', '/api/v1/sources/settings', t.admin, { trustedSystems: ['erp'], rules: ['trusted', 'recent', 'complete'], fieldRules: { industry: ['recent'] } }));
    const a = await post('/api/v1/companies', { name: 'Analytical Engines Ltd', industry: 'Engineering', source: { system: 'erp', externalId: 'C-1' } });
    const b = await post('/api/v1/companies', { name: 'Analytical Engines', industry: 'Machinery', website: 'https://engines.example', source: { system: 'web', externalId: 'W-1' } });
    const before = await dump(t);
    const merged = ok(await t.request('POST', `/api/v1/companies/${a.id}/merge`, t.admin, { mergedId: b.id }), 201);
    expect(merged.survivor).toMatchObject({ name: 'Analytical Engines Ltd', industry: 'Machinery', website: b.website });
    expect(merged.lineage.fields.name).toMatchObject({ from: 'survivor', recordId: a.id, rule: 'trusted' });
    expect(merged.lineage.fields.industry).toMatchObject({ from: 'merged', recordId: b.id, rule: 'recent' });
    expect(merged.lineage.fields.website).toMatchObject({ from: 'merged', rule: 'only value' });
    // A choice the trusted ERP would hide is refused by field; one it does not claim is written.
    const merged2 = await post('/api/v1/companies', { name: 'Engines', source: { system: 'web', externalId: 'W-2' } });
    const refused = await t.request('POST', `/api/v1/companies/${a.id}/merge`, t.admin, { mergedId: merged2.id, fields: { name: 'merged' } });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().errors[0].field).toBe('fields.name');
    await t.request('DELETE', `/api/v1/companies/${merged2.id}`, t.admin);
    ok(await t.request('POST', `/api/v1/merges/${merged.id}/undo`, t.admin));
    expect(await dump(t)).toEqual(before);
  });

  it('dedupes companies: re-entered firms (name written another way, same domain or phone) reach the review queue and merge from it', async () => {
    const t = await h.tenant();
    const gen = createGenerator({ seed: 'companies', tenantId: t.id, now: Date.UTC(2026, 0, 15), owners: [{ userId: t.adminId, teamId: null }] });
    const originals = gen.companies(60).map(({ row }) => ({
      name: row.name, domain: row.domain ?? null, website: row.website ?? null, industry: row.industry ?? null, size: row.size ?? null,
      phones: (row.phones ?? []).map((p) => ({ number: p.number, type: p.type })), addresses: row.addresses ?? [], tags: row.tags ?? [],
    }));
    // Re-entered the way it happens: suffix and case changed with the same domain, or only the phone kept.
    const again = originals.slice(0, 6).map((c, i) => (i % 2 === 0
      ? { name: `${c.name.toUpperCase()} LIMITED`, domain: c.domain, addresses: c.addresses }
      : { name: c.name.slice(0, 1) + c.name.charAt(2) + c.name.charAt(1) + c.name.slice(3), phones: c.phones, addresses: c.addresses }));
    const res = ok(await t.request('POST', '/api/v1/companies/bulk', t.admin, { mode: 'atomic', items: [...originals, ...again] }));
    const ids = res.results.map((r: { company: { id: string } }) => r.company.id);
    const planted = again.map((_, i) => [ids[i], ids[originals.length + i]].sort().join('|'));

    const job = ok(await t.request('POST', '/api/v1/matching/dedupe?entity=company', t.admin), 202);
    expect(await createWorker(h.database, matchingJobs).runOnce(job.id)).toBe(true);
    const done = ok(await t.request('GET', `/api/v1/jobs/${job.id}`, t.admin));
    expect(done.status, done.error).toBe('succeeded');
    expect(done.result).toMatchObject({ entity: 'company', records: 66 });
    const queue = ok(await t.request('GET', '/api/v1/matching/candidates?entity=company&limit=200', t.admin)).data as Array<{ id: string; entity: string; left: { id: string; name: string }; right: { id: string } }>;
    const found = new Set(queue.map((c) => [c.left.id, c.right.id].sort().join('|')));
    expect(planted.filter((p) => found.has(p)).length, JSON.stringify(queue.map((c) => c.left.name))).toBeGreaterThanOrEqual(5);
    expect(ok(await t.request('GET', '/api/v1/matching/candidates', t.admin)).data).toEqual([]);

    const pair = queue.find((c) => planted.includes([c.left.id, c.right.id].sort().join('|')))!;
    const decided = ok(await t.request('POST', `/api/v1/matching/candidates/${pair.id}/decision`, t.admin, { decision: 'merge', survivorId: pair.left.id }));
    expect(decided.merge.survivorId).toBe(pair.left.id);
    expect((await t.request('GET', `/api/v1/companies/${pair.right.id}`, t.admin)).statusCode).toBe(404);
  });

  it('checks a company draft or a stored company in real time, within what the caller may see', async () => {
    const t = await h.tenant();
    const post = async (url: string, body: object) => ok(await t.request('POST', url, t.admin, body), 201);
    const a = await post('/api/v1/companies', { name: 'Analytical Engines Ltd', domain: 'engines.example', addresses: [{ postalCode: 'SW1Y 4JH', country: 'GB' }] });
    await post('/api/v1/companies', { name: 'Difference Works', domain: 'difference.example' });
    const draft = { name: 'Analytical Engines Limited', website: 'https://www.engines.example/contact' };
    const res = ok(await t.request('POST', '/api/v1/matching/check-company', t.admin, draft));
    expect(res.model).toBe('default');
    expect(res.candidates.map((c: { company: { id: string } }) => c.company.id)).toEqual([a.id]);
    expect(res.candidates[0].probability).toBeGreaterThan(0.9);
    expect(res.candidates[0].waterfall.steps.find((s: { column: string }) => s.column === 'domain').level).toBe('exact');
    // Another domain, but the same postcode and first word: still found, less sure.
    const nearby = ok(await t.request('POST', '/api/v1/matching/check-company', t.admin, { name: 'Analytical Engine Company', addresses: [{ postalCode: 'sw1y 4jh', country: 'GB' }] }));
    expect(nearby.candidates.map((c: { company: { id: string } }) => c.company.id)).toEqual([a.id]);
    expect(ok(await t.request('POST', `/api/v1/matching/check-company?excludeId=${a.id}`, t.admin, draft)).candidates).toEqual([]);

    const twin = await post('/api/v1/companies', { name: 'ANALYTICAL ENGINES LTD', domain: 'engines.example' });
    const dups = ok(await t.request('GET', `/api/v1/companies/${twin.id}/duplicates`, t.admin));
    expect(dups.candidates.map((c: { company: { id: string } }) => c.company.id)).toEqual([a.id]);

    const team = await t.team('East');
    const rep = await t.user('rep', { teamIds: [team] });
    expect(ok(await t.request('POST', '/api/v1/matching/check-company', rep.token, draft)).candidates).toEqual([]);
    expect((await t.request('GET', `/api/v1/companies/${twin.id}/duplicates`, rep.token)).statusCode).toBe(404);
    const other = await h.tenant();
    expect(ok(await other.request('POST', '/api/v1/matching/check-company', other.admin, draft)).candidates).toEqual([]);
    expect((await other.request('GET', `/api/v1/companies/${twin.id}/duplicates`, other.admin)).statusCode).toBe(404);
  });
});
