// Merge and unmerge through the API: every row pointing at the merged contact (found from the
// catalog, so a new contact foreign key the setup does not cover fails here) moves to the
// survivor; unmerge leaves the tenant's contacts and every related table exactly as before.
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';
import { rowsOf } from '../db/sql.ts';
import { inTenant } from '../platform/context.ts';


function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

/** The tenant's audit entries of these actions, oldest first: action, record and changes. */
async function auditOf(t: TestTenant, actions: string[]) {
  return inTenant(t.ctx, (tx) => rowsOf<{ action: string; entity: string; entityId: string; actorId: string | null; changes: Record<string, { before?: unknown; after?: unknown }> }>(tx, sql`
    select action, entity, entity_id as "entityId", actor_id as "actorId", changes from audit_log
    where tenant_id = ${t.id}::uuid and action = any(${`{${actions.join(',')}}`}::text[]) order by seq`));
}

/** Tables and columns with a foreign key to contacts, straight from the catalog. */
async function contactForeignKeys(t: TestTenant) {
  return inTenant(t.ctx, (tx) => rowsOf<{ table: string; column: string }>(tx, sql`
    select c.conrelid::regclass::text as "table", a.attname as "column"
    from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
    where c.contype = 'f' and c.confrelid = 'contacts'::regclass and a.attname <> 'tenant_id' order by 1, 2`));
}

/** Every row of the tenant in contacts, record_shares and each table referencing contacts, as sorted JSON. */
async function dump(t: TestTenant): Promise<Record<string, string[]>> {
  const tables = [...new Set(['contacts', 'record_shares', ...(await contactForeignKeys(t)).map((f) => f.table)])];
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await inTenant(t.ctx, (tx) => rowsOf<{ row: string }>(tx, sql`select to_jsonb(x)::text as row from ${sql.raw(`"${table}"`)} x
      where x.tenant_id = ${t.id}::uuid order by 1`));
    out[table] = rows.map((r) => r.row);
  }
  return out;
}

// Rows for tables no API writes yet (or that derived jobs fill), planted in SQL. Cadence statuses
// for both contacts under one policy exercise the twin rule: B's is dropped, A's kept.
const plants: Record<string, (a: string, b: string) => ReturnType<typeof sql>> = {
  account_owners: (_a, b) => sql`with acc as (insert into accounts (tenant_id, id, external_id, number_masked, number_hash)
    values (current_setting('app.tenant_id')::uuid, gen_random_uuid(), 'ACC-1', '****1234', 'hash-1') returning tenant_id, id)
    insert into account_owners (tenant_id, id, account_id, contact_id) select tenant_id, gen_random_uuid(), id, ${b}::uuid from acc`,
  campaign_touches: (_a, b) => sql`with c as (insert into campaigns (tenant_id, id, name, type)
    values (current_setting('app.tenant_id')::uuid, gen_random_uuid(), 'Spring event', 'event') returning tenant_id, id)
    insert into campaign_touches (tenant_id, id, campaign_id, contact_id, kind, touched_at) select tenant_id, gen_random_uuid(), id, ${b}::uuid, 'attended', now() from c`,
  cadence_statuses: (a, b) => sql`with p as (insert into cadence_policies (tenant_id, id, name, scope_kind, max_interval_days)
    values (current_setting('app.tenant_id')::uuid, gen_random_uuid(), 'Quarterly', 'all', 90) returning tenant_id, id)
    insert into cadence_statuses (tenant_id, policy_id, contact_id, status, time_zone, run_id, evaluated_at)
    select tenant_id, id, x, 'ok', 'UTC', gen_random_uuid(), now() from p, unnest(array[${a}::uuid, ${b}::uuid]) x`,
};

/** Two contacts, A and B, with a row of every kind pointing at B (and some twins on A). */
async function setup(t: TestTenant) {
  const rep = await t.user('rep');
  const post = async (url: string, body: object) => ok(await t.request('POST', url, t.admin, body), 201);
  const x = await post('/api/v1/companies', { name: 'Analytical Engines Ltd' });
  const y = await post('/api/v1/companies', { name: 'Difference Works' });
  const cat = await post('/api/v1/categories', { name: 'Mathematicians' });
  const cat2 = await post('/api/v1/categories', { name: 'Poets' });
  // A categorisation rule fires when the merge gives A B's job title: its link must go on unmerge.
  const nobility = await post('/api/v1/categories', { name: 'Nobility' });
  await post('/api/v1/rules', { name: 'Nobility', entity: 'contact', condition: { field: 'jobTitle', op: 'eq', value: 'Countess' }, actions: [{ type: 'addCategory', categoryId: nobility.id }] });
  const a = ok(await t.request('POST', '/api/v1/contacts', t.admin, {
    givenName: 'Ada', familyName: 'Lovelace', emails: [{ address: 'ada@example.org', primary: true }], tags: ['vip'],
    companies: [{ companyId: x.id, role: 'Analyst' }], categoryIds: [cat.id], sourceIdentifiers: [{ system: 'crm1', externalId: 'A-1' }],
  }), 201);
  const b = ok(await t.request('POST', '/api/v1/contacts', t.admin, {
    givenName: 'Augusta Ada', familyName: 'Lovelace', jobTitle: 'Countess', birthDate: '1815-12-10',
    emails: [{ address: 'augusta@example.org', primary: true }], phones: [{ number: '+44 20 7946 0018' }], tags: ['vip', 'poet'],
    netWorth: { amount: 1234567.5, currency: 'GBP' },
    companies: [{ companyId: x.id, role: 'Countess' }, { companyId: y.id, role: 'Patron' }], categoryIds: [cat.id, cat2.id],
    sourceIdentifiers: [{ system: 'crm2', externalId: 'B-1' }],
  }), 201);
  const c = ok(await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Charles', familyName: 'Babbage' }), 201);
  await post('/api/v1/interactions', { kind: 'phone_call', subject: 'Notes on the engine', participants: [{ contactId: b.id }, { contactId: c.id }] });
  await post('/api/v1/notes', { body: 'Wrote the first program', contactId: b.id });
  await post('/api/v1/tasks', { title: 'Send Menabrea translation', contactId: b.id });
  await post('/api/v1/deals', { name: 'Engine financing', contactId: b.id });
  await post('/api/v1/relationships', { fromContactId: b.id, toContactId: c.id, kind: 'colleague_of' });
  await post('/api/v1/relationships', { fromContactId: a.id, toContactId: b.id, kind: 'other' });
  await post('/api/v1/households', { name: 'Lovelace household', members: [{ contactId: b.id, role: 'head' }, { contactId: c.id }] });
  await post('/api/v1/shares', { entity: 'contact', recordId: b.id, userId: rep.id, access: 'read' });
  for (const fk of await contactForeignKeys(t)) {
    const plant = plants[fk.table];
    if (plant) await inTenant(t.ctx, (tx) => tx.execute(plant(a.id, b.id)));
  }
  return { a, b, c, x, y, rep };
}

forEachDatabase('merge and unmerge', (h) => {
  it('moves every related row to the survivor, then restores both contacts and every row exactly', async () => {
    const t = await h.tenant();
    const { a, b, y } = await setup(t);
    // Every table with a contact foreign key has a row pointing at B: a new one this setup misses fails here.
    for (const fk of await contactForeignKeys(t)) {
      const [n] = await inTenant(t.ctx, (tx) => rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(`"${fk.table}"`)}
        where tenant_id = ${t.id}::uuid and ${sql.raw(`"${fk.column}"`)} in (${b.id}::uuid, ${a.id}::uuid)`));
      expect(n!.n, `${fk.table}.${fk.column} needs a row in this test's setup`).toBeGreaterThan(0);
    }
    const before = await dump(t);

    const merged = ok(await t.request('POST', `/api/v1/contacts/${a.id}/merge`, t.admin, { mergedId: b.id, fields: { givenName: 'merged' } }), 201);
    expect(merged.survivor.givenName).toBe('Augusta Ada');
    expect(merged.survivor.jobTitle).toBe('Countess'); // empty on A, so B's
    expect(merged.survivor.familyName).toBe('Lovelace');
    // Emails on both: the tenant's default settings (no trusted systems: the latest received first)
    // put B's, written after A's, first; A's come along.
    expect(merged.survivor.emails.map((e: { address: string; primary: boolean }) => [e.address, e.primary])).toEqual([['augusta@example.org', true], ['ada@example.org', false]]);
    expect(merged.survivor.tags.sort()).toEqual(['poet', 'vip']);
    expect(merged.survivor.companies.map((l: { companyId: string }) => l.companyId)).toContain(y.id);
    expect(merged.survivor.categories.map((c: { path: string }) => c.path).sort()).toEqual(['Mathematicians', 'Nobility', 'Poets']);
    expect(merged.survivor.sourceIdentifiers.map((s: { system: string }) => s.system).sort()).toEqual(['crm1', 'crm2']);
    expect(merged.lineage.fields.givenName).toMatchObject({ from: 'merged', recordId: b.id, rule: 'choice' });
    expect(merged.lineage.fields.familyName).toMatchObject({ from: 'survivor', recordId: a.id, rule: 'same value' });
    expect(merged.lineage.fields.jobTitle).toMatchObject({ from: 'merged', rule: 'only value' });
    expect(merged.lineage.fields.emails).toMatchObject({ from: 'both', rule: 'recent' });
    expect(merged.lineage.fields.tags).toMatchObject({ from: 'both', rule: 'union' });
    expect(merged.lineage.moved).toMatchObject({ notes: 1, tasks: 1, interaction_participants: 1, household_members: 1, record_shares: 1 });

    expect((await t.request('GET', `/api/v1/contacts/${b.id}`, t.admin)).statusCode).toBe(404);
    const listed = ok(await t.request('GET', '/api/v1/contacts?limit=50', t.admin));
    expect(listed.data.map((c: { id: string }) => c.id)).not.toContain(b.id);
    for (const fk of await contactForeignKeys(t)) {
      const [n] = await inTenant(t.ctx, (tx) => rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(`"${fk.table}"`)}
        where tenant_id = ${t.id}::uuid and ${sql.raw(`"${fk.column}"`)} = ${b.id}::uuid`));
      expect(n!.n, `${fk.table}.${fk.column} still points at the merged contact`).toBe(0);
    }
    const timeline = ok(await t.request('GET', `/api/v1/contacts/${a.id}/timeline`, t.admin));
    expect(JSON.stringify(timeline)).toContain('Wrote the first program');
    // The trail: on the survivor, what merged into it; on the merged record, where it went; both
    // name the merge, and the admin who did it.
    expect(await auditOf(t, ['contact.merged', 'contact.merged_into'])).toEqual([
      { action: 'contact.merged', entity: 'contact', entityId: a.id, actorId: t.adminId, changes: { mergedFrom: { before: null, after: b.id }, merge: { before: null, after: merged.id } } },
      { action: 'contact.merged_into', entity: 'contact', entityId: b.id, actorId: t.adminId, changes: { mergedInto: { before: null, after: a.id }, merge: { before: null, after: merged.id } } },
    ]);
    // The survivor's field changes are audited as an update of the survivor.
    const updates = await auditOf(t, ['contact.updated']);
    expect(updates.filter((u) => u.entityId === a.id).at(-1)!.changes).toMatchObject({ givenName: { before: 'Ada', after: 'Augusta Ada' } });
    const events = await inTenant(t.ctx, (tx) => rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from outbox_events where tenant_id = ${t.id}::uuid and type = 'contact.merged'`));
    expect(events[0]!.n).toBe(1);
    expect(ok(await t.request('GET', `/api/v1/merges/${merged.id}`, t.admin)).lineage).toEqual(merged.lineage);
    expect(ok(await t.request('GET', `/api/v1/contacts/${a.id}/merges`, t.admin)).data.map((m: { id: string }) => m.id)).toEqual([merged.id]);

    const undone = ok(await t.request('POST', `/api/v1/merges/${merged.id}/undo`, t.admin));
    expect(undone.undoneAt).not.toBeNull();
    expect(await dump(t)).toEqual(before);
    expect(await auditOf(t, ['contact.unmerged', 'contact.restored'])).toEqual([
      { action: 'contact.unmerged', entity: 'contact', entityId: a.id, actorId: t.adminId, changes: { mergedFrom: { before: b.id, after: null }, merge: { before: merged.id, after: null } } },
      { action: 'contact.restored', entity: 'contact', entityId: b.id, actorId: t.adminId, changes: { mergedInto: { before: a.id, after: null } } },
    ]);
    expect((await t.request('POST', `/api/v1/merges/${merged.id}/undo`, t.admin)).statusCode).toBe(409);
  });

  it('refuses to undo once the survivor changed after the merge', async () => {
    const t = await h.tenant();
    const { a, b } = await setup(t);
    const merged = ok(await t.request('POST', `/api/v1/contacts/${a.id}/merge`, t.admin, { mergedId: b.id }), 201);
    ok(await t.request('PATCH', `/api/v1/contacts/${a.id}`, t.admin, { tier: 'Gold' }));
    const res = await t.request('POST', `/api/v1/merges/${merged.id}/undo`, t.admin);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().errors[0].field).toBe('survivorId');
  });

  it('needs update on both contacts, and hides other tenants\' contacts and merges', async () => {
    const t = await h.tenant();
    const team = await t.team('East');
    const rep = await t.user('rep', { teamIds: [team] });
    const reader = await t.user('controller'); // sees every contact, changes none
    const mine = ok(await t.request('POST', '/api/v1/contacts', rep.token, { givenName: 'Ada', familyName: 'King' }), 201);
    const west = await t.team('West');
    const theirs = ok(await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Ada', familyName: 'King', teamId: west }), 201);
    expect((await t.request('POST', `/api/v1/contacts/${mine.id}/merge`, rep.token, { mergedId: theirs.id })).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/contacts/${mine.id}/merge`, reader.token, { mergedId: theirs.id })).statusCode).toBe(403);
    const self = await t.request('POST', `/api/v1/contacts/${mine.id}/merge`, t.admin, { mergedId: mine.id });
    expect(self.statusCode).toBe(422);

    const merged = ok(await t.request('POST', `/api/v1/contacts/${theirs.id}/merge`, t.admin, { mergedId: mine.id }), 201);
    const other = await h.tenant();
    const stranger = ok(await other.request('POST', '/api/v1/contacts', other.admin, { givenName: 'Ada' }), 201);
    expect((await other.request('GET', `/api/v1/merges/${merged.id}`, other.admin)).statusCode).toBe(404);
    expect((await other.request('POST', `/api/v1/merges/${merged.id}/undo`, other.admin)).statusCode).toBe(404);
    expect((await other.request('POST', `/api/v1/contacts/${stranger.id}/merge`, other.admin, { mergedId: theirs.id })).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/merges/${merged.id}`, rep.token)).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/merges/${merged.id}/undo`, rep.token)).statusCode).toBe(404);

    // The survivor merged away in turn: its own merge must be undone first.
    const third = ok(await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Ada', familyName: 'King', teamId: west }), 201);
    const next = ok(await t.request('POST', `/api/v1/contacts/${third.id}/merge`, t.admin, { mergedId: theirs.id }), 201);
    expect((await t.request('POST', `/api/v1/merges/${merged.id}/undo`, t.admin)).statusCode).toBe(409);
    ok(await t.request('POST', `/api/v1/merges/${next.id}/undo`, t.admin));
    ok(await t.request('POST', `/api/v1/merges/${merged.id}/undo`, t.admin));
    expect(ok(await t.request('GET', `/api/v1/contacts/${mine.id}`, rep.token)).id).toBe(mine.id);
  });

  it('audits "same" and "not the same" decisions on both records, naming the other', async () => {
    const t = await h.tenant();
    const a = ok(await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Ada', familyName: 'King' }), 201);
    const b = ok(await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Ada', familyName: 'Lovelace' }), 201);
    const [low, high] = [a.id, b.id].sort() as [string, string];
    ok(await t.request('POST', '/api/v1/matching/decisions', t.admin, { entity: 'contact', leftId: b.id, rightId: a.id, decision: 'not_same' }));
    ok(await t.request('POST', '/api/v1/matching/decisions', t.admin, { entity: 'contact', leftId: a.id, rightId: b.id, decision: 'same' }));
    // Repeating a decision writes nothing, so it is not audited again.
    expect(ok(await t.request('POST', '/api/v1/matching/decisions', t.admin, { entity: 'contact', leftId: a.id, rightId: b.id, decision: 'same' })).changed).toBe(false);
    const entry = (id: string, other: string, before: string | null, after: string) => ({
      action: 'match.pair_decided', entity: 'contact', entityId: id, actorId: t.adminId, changes: { decision: { before, after }, otherId: { after: other } },
    });
    expect(await auditOf(t, ['match.pair_decided'])).toEqual([
      entry(low, high, null, 'not_same'), entry(high, low, null, 'not_same'),
      entry(low, high, 'not_same', 'same'), entry(high, low, 'not_same', 'same'),
    ]);
  });

  it("chooses each value by the tenant's survivorship settings unless the caller chose, records the rule, and unmerge restores exactly", async () => {
    const t = await h.tenant();
    const post = async (url: string, body: object) => ok(await t.request('POST', url, t.admin, body), 201);
    ok(await t.request('PUT', '/api/v1/sources/settings', t.admin, {
      trustedSystems: ['erp'], rules: ['trusted', 'recent', 'complete'], fieldRules: { jobTitle: ['recent'], addresses: ['complete'] },
    }));
    // A from the trusted ERP; B typed later into the web shop.
    const a = await post('/api/v1/contacts', {
      givenName: 'Ada', familyName: 'Lovelace', jobTitle: 'Analyst', middleName: 'Augusta', emails: [{ address: 'ada@example.org', primary: true }],
      addresses: [{ line1: '12 St James Square', city: 'London' }], source: { system: 'erp', externalId: 'E-1' },
    });
    const b = await post('/api/v1/contacts', {
      givenName: 'Augusta Ada', familyName: 'King', jobTitle: 'Countess', middleName: 'A.', birthDate: '1815-12-10',
      emails: [{ address: 'augusta@example.org', primary: true }],
      addresses: [{ line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' }],
      tags: ['poet'], source: { system: 'web', externalId: 'W-7' },
    });
    await post('/api/v1/notes', { body: 'Wrote the first program', contactId: b.id });
    const before = await dump(t);

    // A name chosen by the caller against the trusted source's: refused by field, nothing written.
    const refused = await t.request('POST', `/api/v1/contacts/${a.id}/merge`, t.admin, { mergedId: b.id, fields: { givenName: 'merged' } });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().errors[0].field).toBe('fields.givenName');
    expect(await dump(t)).toEqual(before);

    // Tags are no source's: the caller's choice there is written as chosen.
    const merged = ok(await t.request('POST', `/api/v1/contacts/${a.id}/merge`, t.admin, { mergedId: b.id, fields: { tags: 'survivor' } }), 201);
    const lineage = merged.lineage.fields;
    // Trusted ERP over the web shop, though the web's values came later.
    expect(merged.survivor).toMatchObject({ givenName: 'Ada', familyName: 'Lovelace', middleName: 'Augusta' });
    expect(lineage.givenName).toMatchObject({ from: 'survivor', recordId: a.id, rule: 'trusted' });
    expect(lineage.familyName).toMatchObject({ from: 'survivor', rule: 'trusted' });
    // The job title by recency alone (the field's own rule): the web's, later.
    expect(merged.survivor.jobTitle).toBe('Countess');
    expect(lineage.jobTitle).toMatchObject({ from: 'merged', recordId: b.id, rule: 'recent' });
    // Addresses by completeness (the field's rule): one address each, a tie, so recency decides.
    expect(lineage.addresses.rule).toBe('recent');
    // Emails: the trusted ERP's list is one claim, shown whole (B's stay in the web's source record).
    expect(merged.survivor.emails.map((e: { address: string; primary: boolean }) => [e.address, e.primary])).toEqual([['ada@example.org', true]]);
    expect(lineage.emails).toMatchObject({ from: 'survivor', recordId: a.id, rule: 'trusted' });
    expect(merged.survivor.birthDate).toBe('1815-12-10');
    expect(lineage.birthDate).toMatchObject({ from: 'merged', rule: 'only value' });
    expect(merged.survivor.tags).toEqual([]);
    expect(lineage.tags).toMatchObject({ from: 'survivor', rule: 'choice' });
    // The golden record's own lineage agrees: each field from the source the rules trusted.
    const sources = ok(await t.request('GET', `/api/v1/contacts/${a.id}/lineage`, t.admin));
    expect(sources.fields.givenName.system).toBe('erp');
    expect(sources.fields.jobTitle.system).not.toBe('erp');
    expect(sources.sources.map((s: { system: string }) => s.system).sort()).toEqual(['erp', 'rapport', 'web']);

    ok(await t.request('POST', `/api/v1/merges/${merged.id}/undo`, t.admin));
    expect(await dump(t)).toEqual(before);
  });

  it('a survivor older than source records (none of its own) merges by the same rules and unmerges exactly', async () => {
    const t = await h.tenant();
    const post = async (url: string, body: object) => ok(await t.request('POST', url, t.admin, body), 201);
    ok(await t.request('PUT', '/api/v1/sources/settings', t.admin, { trustedSystems: ['web'], rules: ['trusted', 'recent', 'complete'], fieldRules: {} }));
    const a = await post('/api/v1/contacts', { givenName: 'Ada', familyName: 'Lovelace', jobTitle: 'Analyst' });
    const b = await post('/api/v1/contacts', { givenName: 'Ada', familyName: 'King', jobTitle: 'Countess', source: { system: 'web', externalId: 'W-1' } });
    // A as written before source records existed: its values are Rapport's, as of its last change.
    await inTenant(t.ctx, (tx) => tx.execute(sql`delete from source_records where tenant_id = ${t.id}::uuid and contact_id = ${a.id}::uuid`));
    const before = await dump(t);
    const merged = ok(await t.request('POST', `/api/v1/contacts/${a.id}/merge`, t.admin, { mergedId: b.id }), 201);
    // The web is trusted, Rapport is not listed: B's values win where they differ.
    expect(merged.survivor).toMatchObject({ givenName: 'Ada', familyName: 'King', jobTitle: 'Countess' });
    expect(merged.lineage.fields.familyName).toMatchObject({ from: 'merged', recordId: b.id, rule: 'trusted' });
    expect(merged.lineage.fields.givenName).toMatchObject({ from: 'survivor', rule: 'same value' });
    ok(await t.request('POST', `/api/v1/merges/${merged.id}/undo`, t.admin));
    expect(await dump(t)).toEqual(before);
  });
});
