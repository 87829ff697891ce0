// The real-time duplicate check's blocking keys (blocking-keys.ts): candidates that share a family
// name only after folding, transliteration or one typo are found through contact_blocking_keys'
// index; any email or phone leads to the contact, not only the primary one; among many namesakes
// the one sharing the most keys comes first; keys follow every write (create, update, bulk update,
// delete, merge and unmerge, the backfill job) and never cross tenants. On both databases.
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';
import { rowsOf } from '../db/sql.ts';
import { inTenant, readInTenant } from '../platform/context.ts';
import { createWorker } from '../platform/jobs/worker.ts';
import { enqueueJob } from '../platform/jobs/service.ts';
import { updateContactsBatch } from '../contacts/update-batch.ts';
import { inBatch } from '../platform/jobs/in-batch.ts';
import { contactKeys, probeKeys } from './blocking-keys.ts';
import { keyJobs, KEYS_JOB } from './blocking-keys-job.ts';
import { blockingIds, draftRecord } from './realtime.ts';
import { companyBlockingIds } from './company-realtime.ts';
import { getImport, runImportJob, upload } from '../imports/test-helpers.ts';

const ok = (res: LightMyRequestResponse, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

type Hit = { contact: { id: string } };
const create = async (t: TestTenant, body: Record<string, unknown>) => ok(await t.request('POST', '/api/v1/contacts', t.admin, body), 201).id as string;
const check = async (t: TestTenant, body: Record<string, unknown>) => (ok(await t.request('POST', '/api/v1/matching/check', t.admin, body)).candidates as Hit[]).map((c) => c.contact.id);
const keysOf = (t: TestTenant, id: string) => readInTenant(t.ctx, async (q) => (await rowsOf<{ key: string }>(q, sql`select key from contact_blocking_keys
  where tenant_id = ${t.id}::uuid and contact_id = ${id}::uuid order by key`)).map((r) => r.key));
const blocked = (t: TestTenant, draft: Record<string, unknown>) => readInTenant(t.ctx, (q) => blockingIds(q, t.id, draftRecord(draft).keys));

describe('blocking keys (pure)', () => {
  it('fold scripts, accents and romanisations into one key, and widen a probe by one typo', () => {
    const keys = (givenName: string, familyName: string) => contactKeys({ id: '', givenName, familyName, birthDate: '1814-03-09' });
    const latin = keys('Taras', 'Shevchenko');
    expect(keys('Тарас', 'Шевченко')).toEqual(latin);
    expect(keys('Taras', 'Schewtschenko').filter((k) => latin.includes(k)).length).toBeGreaterThan(0);
    expect(keys('Jürgen', 'Müller')).toEqual(keys('Jurgen', 'Muller'));
    expect(keys('Jurgen', 'Mueller').filter((k) => keys('Jurgen', 'Muller').includes(k)).length).toBeGreaterThan(0);
    // Lovelake shares no stored key with Lovelace but asks with one of its neighbours.
    const stored = contactKeys({ id: '', givenName: 'Ada', familyName: 'Lovelace', birthDate: '1815-12-10' });
    const own = contactKeys({ id: '', givenName: 'Ada', familyName: 'Lovelake', birthDate: '1815-01-01' });
    expect(own.filter((k) => stored.includes(k))).toEqual([]);
    expect([...probeKeys(own, { givenName: 'Ada', familyName: 'Lovelake', birthDate: '1815-01-01' }).keys()].filter((k) => stored.includes(k)).sort())
      .toEqual(['fs:lovelace/a', 'ys:lovelace/1815']);
  });
});

forEachDatabase('real-time check: blocking keys', (h) => {
  it('finds a family name written in another script, without accents or with one typo', async () => {
    const t = await h.tenant();
    const taras = await create(t, { givenName: 'Тарас', familyName: 'Шевченко', birthDate: '1814-03-09' });
    const jurgen = await create(t, { givenName: 'Jürgen', familyName: 'Müller', birthDate: '1961-07-02' });
    const ada = await create(t, { givenName: 'Ada', familyName: 'Lovelace', birthDate: '1815-12-10' });
    await create(t, { givenName: 'Grace', familyName: 'Hopper', birthDate: '1906-12-09' });
    expect(await check(t, { givenName: 'Taras', familyName: 'Shevchenko', birthDate: '1814-03-09' })).toEqual([taras]);
    expect(await check(t, { givenName: 'Jurgen', familyName: 'Muller', birthDate: '1961-07-02' })).toEqual([jurgen]);
    expect(await check(t, { givenName: 'Juergen', familyName: 'Mueller', birthDate: '1961-07-02' })).toEqual([jurgen]);
    expect(await check(t, { givenName: 'Ada', familyName: 'Lovelake', birthDate: '1815-12-10' })).toEqual([ada]);
    // Blocking alone: a typo'd family name and the birth year (not the date) or the given initial.
    expect(await blocked(t, { givenName: 'Ada', familyName: 'Lovelake', birthDate: '1815-01-01' })).toEqual([ada]);
    expect(await blocked(t, { givenName: 'Augusta', familyName: 'Lvelace' })).toEqual([ada]);
    expect(await blocked(t, { givenName: 'Шевченко', familyName: 'Тарас' })).toEqual([taras]); // swapped
  });

  it('finds a contact by a secondary email or phone and scores the shared one', async () => {
    const t = await h.tenant();
    const ada = await create(t, {
      givenName: 'Ada', familyName: 'Lovelace',
      emails: [{ address: 'ada@analytical.org', primary: true }, { address: 'countess@lovelace.example' }],
      phones: [{ number: '+44 20 7946 0001', primary: true }, { number: '+44 20 7946 0777' }],
    });
    const hit = ok(await t.request('POST', '/api/v1/matching/check', t.admin, { givenName: 'Ada', familyName: 'King', emails: [{ address: 'Countess@Lovelace.example' }] }));
    expect(hit.candidates.map((c: Hit) => c.contact.id)).toEqual([ada]);
    expect(hit.candidates[0].waterfall.steps.find((s: { column: string }) => s.column === 'email').level).toBe('exact');
    expect(await blocked(t, { givenName: 'A', familyName: 'King', phones: [{ number: '020 7946 0777' }], addresses: [{ country: 'GB' }] })).toEqual([ada]);
  });

  it('ranks the namesake sharing birth date and phone first among 60, deterministically', async () => {
    const t = await h.tenant();
    const namesakes = Array.from({ length: 60 }, (_, i) => ({
      givenName: 'Ivan', familyName: 'Petrenko', birthDate: `1980-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`,
      phones: [{ number: `+380 44 ${String(2000000 + i * 7919).slice(0, 7)}` }],
    }));
    const bulk = ok(await t.request('POST', '/api/v1/contacts/bulk', t.admin, { mode: 'atomic', items: namesakes }));
    expect(bulk.results).toHaveLength(60);
    const ivan = await create(t, { givenName: 'Ivan', familyName: 'Petrenko', birthDate: '1980-05-17', phones: [{ number: '+380 44 555 1234' }] });
    const probe = { givenName: 'Іван', familyName: 'Петренко', birthDate: '1980-05-17', phones: [{ number: '+380445551234' }] };
    const ids = await blocked(t, probe);
    expect(ids[0]).toBe(ivan);
    expect(ids).toHaveLength(61);
    expect(await blocked(t, probe)).toEqual(ids);
    expect((await check(t, probe))[0]).toBe(ivan);
  });

  it('keeps keys on update, bulk update, delete, merge, unmerge and the backfill job; never across tenants', async () => {
    const t = await h.tenant();
    const id = await create(t, { givenName: 'Olha', familyName: 'Kovalenko', birthDate: '1990-01-02', emails: [{ address: 'olha@example.org' }] });
    expect(await keysOf(t, id)).toContain('fs:kovalenko/o');
    // An edit that changes no key leaves the rows alone (same row versions).
    const versions = () => readInTenant(t.ctx, async (q) => (await rowsOf<{ v: string }>(q, sql`select xmin::text as v from contact_blocking_keys
      where tenant_id = ${t.id}::uuid and contact_id = ${id}::uuid order by key`)).map((r) => r.v));
    const unchanged = await versions();
    ok(await t.request('PATCH', `/api/v1/contacts/${id}`, t.admin, { jobTitle: 'Engineer', tags: ['vip'] }));
    expect(await versions()).toEqual(unchanged);
    const patched = ok(await t.request('PATCH', `/api/v1/contacts/${id}`, t.admin, { familyName: 'Bondarenko' }));
    expect(patched.familyName).toBe('Bondarenko');
    const after = await keysOf(t, id);
    expect(after).toContain('fs:bondarenko/o');
    expect(after.some((k) => k.includes('kovalenko'))).toBe(false);
    expect(await check(t, { givenName: 'Olha', familyName: 'Bondarenko', birthDate: '1990-01-02' })).toEqual([id]);

    // The batch writer (imports' updates, the survivorship recompute).
    await inTenant(t.ctx, (tx) => updateContactsBatch(inBatch(t.ctx, tx), [{ id, patch: { familyName: 'Melnyk' } }]));
    expect(await keysOf(t, id)).toContain('fs:melnik/o');

    // Merge: the merged contact's keys go; unmerge: both contacts' keys are back.
    const twin = await create(t, { givenName: 'Olga', familyName: 'Melnik', birthDate: '1990-01-02' });
    const twinKeys = await keysOf(t, twin);
    const merge = ok(await t.request('POST', `/api/v1/contacts/${id}/merge`, t.admin, { mergedId: twin }), 201);
    expect(await keysOf(t, twin)).toEqual([]);
    ok(await t.request('POST', `/api/v1/merges/${merge.id}/undo`, t.admin));
    expect(await keysOf(t, twin)).toEqual(twinKeys);

    // The backfill job keys contacts that have none (stored before the keys existed).
    const before = await keysOf(t, id);
    await inTenant(t.ctx, (tx) => tx.execute(sql`delete from contact_blocking_keys where tenant_id = ${t.id}::uuid`));
    const job = await inTenant(t.ctx, (tx) => enqueueJob(tx, t.ctx, KEYS_JOB, {}));
    expect(await createWorker(h.database, keyJobs).runOnce(job.id)).toBe(true);
    expect(await keysOf(t, id)).toEqual(before);
    expect(await keysOf(t, twin)).toEqual(twinKeys);

    // Another tenant's namesake is never a candidate.
    const other = await h.tenant();
    await create(other, { givenName: 'Olha', familyName: 'Melnyk', birthDate: '1990-01-02' });
    expect(await check(other, { givenName: 'Olga', familyName: 'Melnik', birthDate: '1990-01-02', emails: [{ address: 'olha@example.org' }] })).toHaveLength(1);
    expect(await blocked(other, { givenName: 'Olha', familyName: 'Melnyk', emails: [{ address: 'olha@example.org' }] })).not.toContain(id);

    expect((await t.request('DELETE', `/api/v1/contacts/${id}`, t.admin)).statusCode).toBe(204);
    expect(await keysOf(t, id)).toEqual([]);
  });

  it('blocks a company whose name differs only in its legal form', async () => {
    const t = await h.tenant();
    const steel = ok(await t.request('POST', '/api/v1/companies', t.admin, { name: 'Dnipro Steel LLC' }), 201).id as string;
    ok(await t.request('POST', '/api/v1/companies', t.admin, { name: 'Dnipro Bank' }), 201);
    const probe = (name: string) => ({ id: '00000000-0000-0000-0000-000000000000', name, domain: null, phone: null, postcode: null, city: null });
    for (const name of ['DNIPRO STEEL TOV', 'The Dnipro Steel Company', 'Dnipro-Steel']) {
      expect(await readInTenant(t.ctx, (q) => companyBlockingIds(q, t.id, probe(name), null)), name).toEqual([steel]);
    }
    const other = await h.tenant();
    expect(await readInTenant(other.ctx, (q) => companyBlockingIds(q, other.id, probe('Dnipro Steel Ltd'), null))).toEqual([]);
  });

  it('flags an import row whose family name is the stored one in another script (dry run)', async () => {
    const t = await h.tenant();
    const taras = await create(t, { givenName: 'Taras', familyName: 'Shevchenko', birthDate: '1814-03-09' });
    const file = ['Record ID,First Name,Last Name,Birthdate', 'U1,Тарас,Шевченко,1814-03-09', 'U2,Lesya,Ukrainka,1871-02-25'].join('\n');
    const up = await upload(t, file, 'source=hubspot&fileName=people.csv');
    await runImportJob(h, t, up.import.id, 'dry-run');
    const dry = (await getImport(t, up.import.id)).dryRun as { duplicates: { rows: Array<{ rowNo: number; candidates: Array<{ contactId: string | null }> }> } };
    expect(dry.duplicates.rows.map((r) => [r.rowNo, r.candidates.map((c) => c.contactId)])).toEqual([[2, [taras]]]);
  });
});
