// Quality through the API: correction and issues on create and update, completeness, the
// summary, confirmation, recompute, and enrichment that never replaces what a person typed.
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { forEachDatabase } from '../../test/harness.ts';
import { inTenant } from '../platform/context.ts';
import { createWorker } from '../platform/jobs/worker.ts';
import { qualityJobs } from './recompute.ts';
import { contactCreate, contactImportRow } from '../contacts/schemas.ts';
import { createContacts } from '../contacts/service.ts';

const messy = {
  givenName: 'JOHN', familyName: 'mcdonald', jobTitle: 'Trader',
  emails: [{ address: ' John.McDonald@Acme-Capital.co.uk ' }],
  phones: [{ number: '(512) 555-0100' }, { number: '555' }],
  addresses: [{ city: 'Austin', region: 'texas', postalCode: '787011', country: 'United States of America' }],
};

forEachDatabase('data quality', (h) => {
  it('corrects on create and keeps what fails, flagged, with a completeness score', async () => {
    const t = await h.tenant();
    const res = await t.request('POST', '/api/v1/contacts', t.admin, messy);
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ givenName: 'John', familyName: 'McDonald', displayName: 'John McDonald' });
    expect(c.emails[0].address).toBe('john.mcdonald@acme-capital.co.uk');
    expect(c.phones).toMatchObject([{ number: '(512) 555-0100', e164: '+15125550100' }, { number: '555', e164: null }]);
    expect(c.addresses[0]).toMatchObject({ country: 'US', region: 'US-TX', postalCode: '787011' });
    expect(c.qualityIssues).toEqual([
      { code: 'phone_invalid', field: 'phones.1.number', message: expect.stringContaining('555') },
      { code: 'postal_code_invalid', field: 'addresses.0.postalCode', message: expect.stringContaining('787011') },
    ]);
    // given 15 + family 20 + email 20 + phone 15 + address 15 + job title 5 + owner 5
    expect(c.completeness).toBe(95);
    expect(c.confirmedAt).toBeNull();

    const fixed = await t.request('PATCH', `/api/v1/contacts/${c.id}`, t.admin, { addresses: [{ city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' }], phones: [{ number: '+1 512 555 0100' }] });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({ qualityIssues: [], completeness: 95 });
    const unknown = await t.request('PATCH', `/api/v1/contacts/${c.id}`, t.admin, { addresses: [{ region: 'Gondor', country: 'Narnia' }] });
    expect(unknown.json().addresses[0]).toMatchObject({ region: 'Gondor', country: 'Narnia' });
    expect(unknown.json().qualityIssues.map((i: { code: string }) => i.code)).toEqual(['country_unknown']);
    expect(unknown.json().completeness).toBe(80);
  });

  it('leaves names typed in mixed case alone and corrects companies too', async () => {
    const t = await h.tenant();
    const c = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'DeShawn', familyName: 'van der Berg' })).json();
    expect(c).toMatchObject({ givenName: 'DeShawn', familyName: 'van der Berg' });
    const co = await t.request('POST', '/api/v1/companies', t.admin, { name: 'ACME GmbH', phones: [{ number: '030 23125 000' }], addresses: [{ city: 'Berlin', region: 'Berlin', postalCode: '1011', country: 'Deutschland' }] });
    expect(co.statusCode).toBe(201);
    expect(co.json()).toMatchObject({ name: 'ACME GmbH', addresses: [{ country: 'DE', region: 'DE-BE', postalCode: '1011' }], phones: [{ e164: '+493023125000' }] });
    expect(co.json().qualityIssues).toEqual([expect.objectContaining({ code: 'postal_code_invalid' })]);
    expect(co.json().completeness).toBe(25 + 15 + 10);
  });

  it('derives enrichment with provenance and never over a typed value', async () => {
    const t = await h.tenant();
    const c = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Ann', emails: [{ address: 'ann@northwind-traders.com' }], phones: [{ number: '+44 20 7946 0000' }], birthDate: '1980-06-01' })).json();
    expect(c.enrichment).toMatchObject({
      companyName: { value: 'Northwind Traders', source: 'derived', from: 'email domain', confidence: 0.5 },
      country: { value: 'GB', source: 'derived', from: 'phone number' },
      timeZone: { value: 'Europe/London', from: 'phone number' },
      ageBand: { source: 'derived', from: 'birth date' },
    });
    expect(c.addresses).toEqual([]);
    // The person types a country: the typed value stands, no derived country is kept beside it.
    const typed = (await t.request('PATCH', `/api/v1/contacts/${c.id}`, t.admin, { addresses: [{ country: 'FR', city: 'Paris' }] })).json();
    expect(typed.addresses[0].country).toBe('FR');
    expect(typed.enrichment.country).toBeUndefined();
    expect(typed.enrichment.timeZone).toMatchObject({ value: 'Europe/Paris', from: 'address country' });
    expect(typed.enrichment.companyName.at).toBe(c.enrichment.companyName.at);
    // Free mail says nothing about an employer.
    const free = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Bo', emails: [{ address: 'bo@gmail.com' }] })).json();
    expect(free.enrichment.companyName).toBeUndefined();
    // A role that may not see birth dates does not see the age band either.
    const service = await t.user('service');
    const seen = (await t.request('GET', `/api/v1/contacts/${c.id}`, service.token)).json();
    expect(seen.birthDate).toBeUndefined();
    expect(seen.enrichment.ageBand).toBeUndefined();
    expect(seen.enrichment.companyName.value).toBe('Northwind Traders');
  });

  it('confirms a record and counts stale ones in the summary', async () => {
    const t = await h.tenant();
    const a = (await t.request('POST', '/api/v1/contacts', t.admin, messy)).json();
    const b = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Eve', emails: [{ address: 'eve@example.org' }] })).json();
    await inTenant(t.ctx, (tx) => tx.execute(sql`update contacts set created_at = now() - interval '14 months' where tenant_id = ${t.id}`));
    const before = (await t.request('GET', '/api/v1/quality/summary', t.admin)).json();
    expect(before.contacts).toMatchObject({
      total: 2, unassessed: 0, stale: 2, staleMonths: 12, withIssues: 1, suspectedDuplicates: 0,
      validEmails: { count: 2, total: 2, share: 1 }, validPhones: { count: 1, total: 2, share: 0.5 },
      issuesByCode: { phone_invalid: 1, postal_code_invalid: 1 },
      missing: { givenName: 0, familyName: 1, email: 0, phone: 1, address: 1, owner: 0 },
    });
    const confirmed = await t.request('POST', `/api/v1/contacts/${a.id}/confirm`, t.admin);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().version).toBe(2);
    expect((await t.request('GET', `/api/v1/contacts/${a.id}`, t.admin)).json().confirmedAt).toBe(confirmed.json().confirmedAt);
    const after = (await t.request('GET', '/api/v1/quality/summary', t.admin)).json();
    expect(after.contacts.stale).toBe(1);
    expect((await t.request('GET', '/api/v1/quality/summary?staleMonths=24', t.admin)).json().contacts.stale).toBe(0);
    const history = (await t.request('GET', `/api/v1/contacts/${a.id}/history`, t.admin)).json();
    expect(JSON.stringify(history)).toContain('confirmedAt');
    // A read-only user may not confirm; the summary covers only what a rep may see.
    const ro = await t.user('read_only');
    expect((await t.request('POST', `/api/v1/contacts/${b.id}/confirm`, ro.token)).statusCode).toBe(404);
    const rep = await t.user('rep');
    expect((await t.request('GET', '/api/v1/quality/summary', rep.token)).json().contacts.total).toBe(0);
    expect((await t.request('GET', '/api/v1/quality/summary?staleMonths=0', t.admin)).statusCode).toBe(422);
  });

  it('counts suspected duplicates the matching engine records', async () => {
    const t = await h.tenant();
    const ids: string[] = [];
    for (const n of ['Al', 'Alan', 'Bea']) ids.push((await t.request('POST', '/api/v1/contacts', t.admin, { givenName: n })).json().id);
    await inTenant(t.ctx, (tx) => tx.execute(sql`insert into duplicate_suspects (tenant_id, entity, record_id, other_id, score)
      values (${t.id}, 'contact', ${ids[0]}, ${ids[1]}, 0.9)`));
    expect((await t.request('GET', '/api/v1/quality/summary', t.admin)).json().contacts.suspectedDuplicates).toBe(2);
  });

  it('backfills rows written before quality existed, admin only, and isolates tenants', async () => {
    const t = await h.tenant();
    const other = await h.tenant();
    const c = (await t.request('POST', '/api/v1/contacts', t.admin, messy)).json();
    await t.request('POST', '/api/v1/companies', t.admin, { name: 'Initech', domain: 'initech.test' });
    const o = (await other.request('POST', '/api/v1/contacts', other.admin, messy)).json();
    for (const tenant of [t, other]) {
      await inTenant(tenant.ctx, (tx) => tx.execute(sql`update contacts set quality_issues = '[]', completeness = null, enrichment = '{}' where tenant_id = ${tenant.id}`));
    }
    expect((await t.request('GET', '/api/v1/quality/summary', t.admin)).json().contacts.unassessed).toBe(1);
    const rep = await t.user('rep');
    expect((await t.request('POST', '/api/v1/quality/recompute', rep.token)).statusCode).toBe(403);
    const res = await t.request('POST', '/api/v1/quality/recompute', t.admin);
    expect(res.statusCode).toBe(202);
    expect(await createWorker(h.database, qualityJobs).runOnce(res.json().jobId)).toBe(true);
    const job = (await t.request('GET', `/api/v1/jobs/${res.json().jobId}`, t.admin)).json();
    expect(job).toMatchObject({ status: 'succeeded', result: { contacts: 1, companies: 1, batches: 2 }, progress: { done: 2, total: 2 } });
    const again = (await t.request('GET', `/api/v1/contacts/${c.id}`, t.admin)).json();
    expect(again.completeness).toBe(95);
    expect(again.qualityIssues).toHaveLength(2);
    expect(again.enrichment.companyName.value).toBe('Acme Capital');
    expect((await other.request('GET', `/api/v1/contacts/${o.id}`, other.admin)).json().completeness).toBeNull();
  });

  it('lists records by completeness, quality issue and confirmation', async () => {
    const t = await h.tenant();
    const a = (await t.request('POST', '/api/v1/contacts', t.admin, messy)).json();
    const b = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Eve' })).json();
    const ids = async (q: string) => (await t.request('GET', `/api/v1/contacts?${q}`, t.admin)).json().data.map((c: { id: string }) => c.id);
    expect(await ids('filter[completeness][lt]=50')).toEqual([b.id]);
    expect(await ids('filter[qualityIssue][eq]=phone_invalid')).toEqual([a.id]);
    await t.request('POST', `/api/v1/contacts/${b.id}/confirm`, t.admin);
    expect(await ids('filter[confirmedAt][isNull]=true')).toEqual([a.id]);
    const co = (await t.request('POST', '/api/v1/companies', t.admin, { name: 'Initech', phones: [{ number: '123' }] })).json();
    expect((await t.request('GET', '/api/v1/companies?filter[qualityIssue][eq]=phone_invalid', t.admin)).json().data.map((c: { id: string }) => c.id)).toEqual([co.id]);
  });

  it('keeps and flags an invalid email from an import row (the API refuses it with 422)', async () => {
    const t = await h.tenant();
    const row = contactImportRow.parse({ givenName: 'Ivy', emails: [{ address: 'ivy at example dot com' }] });
    const [result] = await createContacts(t.ctx, [row], 'perRow');
    expect(result).toMatchObject({ status: 201, contact: { emails: [{ address: 'ivy at example dot com' }], qualityIssues: [{ code: 'email_invalid', field: 'emails.0.address' }] } });
    expect(contactCreate.safeParse(row).success).toBe(false);
    expect((await t.request('POST', '/api/v1/contacts', t.admin, row)).statusCode).toBe(422);
    const summary = (await t.request('GET', '/api/v1/quality/summary', t.admin)).json();
    expect(summary.contacts.validEmails).toEqual({ count: 0, total: 1, share: 0 });
  });
});
