// Source records and the golden record end to end: two systems' files for the same person with
// conflicting values, the golden value per survivorship rule, lineage naming the source and time,
// the tenant's settings changing the outcome, raw payloads kept as received, the identities lookup,
// edits typed in Rapport as source "rapport", and tenancy.
import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';
import { runImportJob, upload } from '../imports/test-helpers.ts';

const hubspot = [
  'Record ID,First Name,Last Name,Email,Job Title',
  '101,Ada,Lovelace,ada@example.com,Mathematician',
].join('\n');
// The CRM names the same person by her HubSpot id too, and says otherwise about her.
const salesforce = [
  'Contact ID,FirstName,LastName,Title,Birthdate,Source Identifiers',
  '003A,Augusta Ada,King,Countess of Lovelace,1815-12-10,hubspot:101',
].join('\n');

type Lineage = {
  fields: Record<string, { system: string; externalId: string; at: string; receivedAt: string; importId: string | null }>;
  sources: Array<{ system: string; externalId: string; receivedAt: string; importId: string | null; provides: string[]; payload?: unknown; fields: Record<string, { value: unknown; at: string }> }>;
  identifiers: Array<{ system: string; externalId: string }>;
};

async function importFile(h: Parameters<Parameters<typeof forEachDatabase>[1]>[0], t: TestTenant, csv: string, source: string) {
  const up = await upload(t, csv, `source=${source}&fileName=${source}.csv`);
  const run = await runImportJob(h, t, up.import.id, 'run');
  return { id: up.import.id, result: run.result };
}
const lineage = async (t: TestTenant, id: string, token = t.admin) => (await t.request('GET', `/api/v1/contacts/${id}/lineage`, token));

forEachDatabase('sources and the golden record', (h) => {
  it('keeps each system\'s record as received and shows the most recent value per field, with its lineage', async () => {
    const t = await h.tenant();
    const first = await importFile(h, t, hubspot, 'hubspot');
    expect(first.result).toMatchObject({ created: 1 });
    const between = new Date().toISOString();
    const second = await importFile(h, t, salesforce, 'salesforce');
    expect(second.result).toMatchObject({ created: 0, updated: 1 });

    const [ada] = (await t.request('GET', '/api/v1/contacts', t.admin)).json().data;
    // Default rules: trusted (no list yet), then most recent: the CRM's later file wins where it speaks.
    expect(ada).toMatchObject({ givenName: 'Augusta Ada', familyName: 'King', jobTitle: 'Countess of Lovelace', birthDate: '1815-12-10' });
    expect(ada.emails.map((e: { address: string }) => e.address)).toEqual(['ada@example.com']); // only HubSpot has one
    expect(ada.sourceIdentifiers).toEqual([{ system: 'hubspot', externalId: '101' }, { system: 'salesforce', externalId: '003A' }]);

    const res = await lineage(t, ada.id);
    expect(res.statusCode).toBe(200);
    const l = res.json() as Lineage;
    expect(l.fields['jobTitle']).toMatchObject({ system: 'salesforce', externalId: '003A', importId: second.id });
    expect(l.fields['jobTitle']!.at >= between).toBe(true);
    expect(l.fields['emails']).toMatchObject({ system: 'hubspot', externalId: '101', importId: first.id });
    expect(l.fields['emails']!.at < between).toBe(true);
    expect(l.identifiers).toEqual(ada.sourceIdentifiers);
    // Each source's raw row, as received: the file's own headers and cells.
    const bySystem = Object.fromEntries(l.sources.map((s) => [s.system, s]));
    expect(bySystem['hubspot']!.payload).toEqual({ format: 'csv', record: { 'Record ID': '101', 'First Name': 'Ada', 'Last Name': 'Lovelace', Email: 'ada@example.com', 'Job Title': 'Mathematician' } });
    expect(bySystem['salesforce']!.payload).toEqual({ format: 'csv', record: { 'Contact ID': '003A', FirstName: 'Augusta Ada', LastName: 'King', Title: 'Countess of Lovelace', Birthdate: '1815-12-10', 'Source Identifiers': 'hubspot:101' } });
    expect(bySystem['hubspot']!.fields['jobTitle']!.value).toBe('Mathematician'); // the losing claim is kept
    expect(bySystem['hubspot']!.provides).toEqual(['emails']);
    expect(bySystem['salesforce']!.provides.sort()).toEqual(['birthDate', 'familyName', 'givenName', 'jobTitle']);

    // The identities lookup answers the golden record, under either system's id.
    const byHubspot = (await t.request('GET', '/api/v1/identities/hubspot/101', t.admin)).json();
    expect(byHubspot).toMatchObject({ type: 'contact', id: ada.id, contact: { jobTitle: 'Countess of Lovelace', givenName: 'Augusta Ada' } });
    expect((await t.request('GET', '/api/v1/identities/salesforce/003A', t.admin)).json().contact.sourceIdentifiers).toHaveLength(2);
  });

  it('lets the tenant rank its systems and choose the criteria per field; admins only, audited', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const defaults = (await t.request('GET', '/api/v1/sources/settings', t.admin)).json();
    expect(defaults).toEqual({ trustedSystems: [], rules: ['trusted', 'recent', 'complete'], fieldRules: {} });
    const settings = { trustedSystems: ['hubspot', 'salesforce'], rules: ['trusted', 'recent'], fieldRules: { givenName: ['complete'] } };
    expect((await t.request('PUT', '/api/v1/sources/settings', rep.token, settings)).statusCode).toBe(403);
    const bad = await t.request('PUT', '/api/v1/sources/settings', t.admin, { ...settings, rules: ['newest'] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('rules.0');
    const put = await t.request('PUT', '/api/v1/sources/settings', t.admin, settings);
    expect(put.statusCode, put.body).toBe(200);
    const audit = (await t.request('GET', '/api/v1/audit?limit=5', t.admin)).json().data as Array<{ action: string; changes: Record<string, unknown> }>;
    expect(audit.find((e) => e.action === 'sources.settings_changed')?.changes).toEqual({
      trustedSystems: { before: [], after: ['hubspot', 'salesforce'] }, rules: { before: ['trusted', 'recent', 'complete'], after: ['trusted', 'recent'] },
      fieldRules: { before: {}, after: { givenName: ['complete'] } },
    });
    expect((await t.request('GET', '/api/v1/sources/settings', rep.token)).json()).toEqual(settings);

    await importFile(h, t, hubspot, 'hubspot');
    await importFile(h, t, salesforce, 'salesforce');
    const [ada] = (await t.request('GET', '/api/v1/contacts', t.admin)).json().data;
    // HubSpot is trusted over the CRM, so its title stays although the CRM's came later;
    // the given name goes by completeness: the longer one wins.
    expect(ada).toMatchObject({ jobTitle: 'Mathematician', familyName: 'Lovelace', givenName: 'Augusta Ada', birthDate: '1815-12-10' });
    const l = (await lineage(t, ada.id)).json() as Lineage;
    expect(l.fields['jobTitle']).toMatchObject({ system: 'hubspot', externalId: '101' });
    expect(l.fields['givenName']).toMatchObject({ system: 'salesforce', externalId: '003A' });
    expect(l.fields['birthDate']).toMatchObject({ system: 'salesforce' }); // only the CRM has it

    // Other settings, next write: the CRM first now.
    await t.request('PUT', '/api/v1/sources/settings', t.admin, { trustedSystems: ['salesforce'], rules: ['trusted'], fieldRules: {} });
    const again = await importFile(h, t, salesforce.replace('Countess of Lovelace', 'Countess'), 'salesforce');
    expect(again.result).toMatchObject({ updated: 1 });
    const after = (await t.request('GET', `/api/v1/contacts/${ada.id}`, t.admin)).json();
    expect(after).toMatchObject({ jobTitle: 'Countess', familyName: 'King' });
  });

  it('records API writes under the source they name, and edits typed in Rapport as source "rapport"', async () => {
    const t = await h.tenant();
    const created = await t.request('POST', '/api/v1/contacts', t.admin, {
      givenName: 'Grace', familyName: 'Hopper', jobTitle: 'Programmer', source: { system: 'erp', externalId: 'E-1', payload: { FNAME: 'Grace', LNAME: 'Hopper', POS: 'Programmer' } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const grace = created.json();
    expect(grace.sourceIdentifiers).toEqual([{ system: 'erp', externalId: 'E-1' }]);
    // A person corrects the title in Rapport: the most recent claim wins.
    const edited = await t.request('PATCH', `/api/v1/contacts/${grace.id}`, t.admin, { jobTitle: 'Rear Admiral' });
    expect(edited.json().jobTitle).toBe('Rear Admiral');
    // The ERP sends its record again without a title change: the person's value stays.
    const resent = await t.request('PATCH', `/api/v1/contacts/${grace.id}`, t.admin, { middleName: 'Brewster', source: { system: 'erp', externalId: 'E-1' } });
    expect(resent.json()).toMatchObject({ jobTitle: 'Rear Admiral', middleName: 'Brewster' });
    const l = (await lineage(t, grace.id)).json() as Lineage;
    expect(l.fields['jobTitle']).toMatchObject({ system: 'rapport', externalId: grace.id });
    expect(l.fields['middleName']).toMatchObject({ system: 'erp', externalId: 'E-1' });
    expect(l.fields['familyName']).toMatchObject({ system: 'erp', externalId: 'E-1' });
    const erp = l.sources.find((s) => s.system === 'erp')!;
    expect(erp.payload).toEqual({ middleName: 'Brewster' }); // no payload given: the request body as received
    expect(erp.fields['jobTitle']!.value).toBe('Programmer');
    // A source must not name another record's identifier, and "rapport" is not a system callers name.
    const other = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Other' })).json();
    const taken = await t.request('PATCH', `/api/v1/contacts/${other.id}`, t.admin, { givenName: 'X', source: { system: 'erp', externalId: 'E-1' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0].field).toBe('source.externalId');
    const reserved = await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Y', source: { system: 'rapport' } });
    expect(reserved.statusCode).toBe(422);
    expect(reserved.json().errors[0].field).toBe('source.system');
  });

  it('answers 404 for another tenant\'s contact, and hides payloads from roles without sensitive fields', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const service = await a.user('service');
    const mine = (await a.request('POST', '/api/v1/contacts', a.admin, { givenName: 'Mine', birthDate: '1980-02-03', source: { system: 'erp', externalId: 'E-9' } })).json();
    expect((await lineage(b, mine.id, b.admin)).statusCode).toBe(404);
    expect((await lineage(a, '00000000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    const asAdmin = (await lineage(a, mine.id)).json() as Lineage;
    expect(asAdmin.sources[0]!.payload).toMatchObject({ givenName: 'Mine', birthDate: '1980-02-03' });
    expect(asAdmin.fields['birthDate']).toMatchObject({ system: 'erp' });
    const seen = await lineage(a, mine.id, service.token);
    expect(seen.statusCode).toBe(200);
    const l = seen.json() as Lineage;
    expect(l.sources[0]).not.toHaveProperty('payload');
    expect(l.fields).not.toHaveProperty('birthDate');
    expect(l.sources[0]!.fields).not.toHaveProperty('birthDate');
    expect(l.fields['givenName']).toMatchObject({ system: 'erp', externalId: 'E-9' });
  });
  it('does the same for companies: sources, golden values by the tenant\'s ranking, lineage', async () => {
    const t = await h.tenant();
    const made = await t.request('POST', '/api/v1/companies', t.admin, { name: 'Analytical Engines Ltd', industry: 'Machinery', source: { system: 'registry', externalId: 'GB-001' } });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id;
    await t.request('PATCH', `/api/v1/companies/${id}`, t.admin, { name: 'Analytical Engines', industry: 'Computing', source: { system: 'crm', externalId: 'C-7' } });
    let company = (await t.request('GET', `/api/v1/companies/${id}`, t.admin)).json();
    expect(company).toMatchObject({ name: 'Analytical Engines', industry: 'Computing' }); // most recent
    expect(company.sourceIdentifiers).toEqual([{ system: 'crm', externalId: 'C-7' }, { system: 'registry', externalId: 'GB-001' }]);
    await t.request('PUT', '/api/v1/sources/settings', t.admin, { trustedSystems: ['registry'], rules: ['trusted', 'recent'], fieldRules: { industry: ['recent'] } });
    // The next write recomputes: the registry's name wins, the industry stays by recency.
    await t.request('PATCH', `/api/v1/companies/${id}`, t.admin, { description: 'Engines', source: { system: 'crm', externalId: 'C-7' } });
    company = (await t.request('GET', `/api/v1/companies/${id}`, t.admin)).json();
    expect(company).toMatchObject({ name: 'Analytical Engines Ltd', industry: 'Computing', description: 'Engines' });
    const l = (await t.request('GET', `/api/v1/companies/${id}/lineage`, t.admin)).json() as Lineage;
    expect(l.fields['name']).toMatchObject({ system: 'registry', externalId: 'GB-001' });
    expect(l.fields['industry']).toMatchObject({ system: 'crm', externalId: 'C-7' });
    expect((await t.request('GET', '/api/v1/identities/crm/C-7', t.admin)).json().company.name).toBe('Analytical Engines Ltd');
    const other = await h.tenant();
    expect((await other.request('GET', `/api/v1/companies/${id}/lineage`, other.admin)).statusCode).toBe(404);
  });
  it('keeps a vCard as received, keyed by its UID under the import\'s system', async () => {
    const t = await h.tenant();
    const card = ['BEGIN:VCARD', 'VERSION:4.0', 'UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1', 'FN:Mary Somerville', 'N:Somerville;Mary;;;', 'TITLE:Polymath', 'END:VCARD'].join('\r\n');
    const up = await upload(t, `${card}\r\n`, 'source=apple&fileName=people.vcf', t.admin, 'text/vcard');
    expect((await runImportJob(h, t, up.import.id, 'run')).result).toMatchObject({ created: 1 });
    const [mary] = (await t.request('GET', '/api/v1/contacts', t.admin)).json().data;
    const l = (await lineage(t, mary.id)).json() as Lineage;
    expect(l.sources).toHaveLength(1);
    expect(l.sources[0]).toMatchObject({ system: 'apple', externalId: '4fbe8971-0bc3-424c-9c26-36c3e1eff6b1', importId: up.import.id, payload: { format: 'vcard', card } });
    expect(l.fields['jobTitle']).toMatchObject({ system: 'apple', importId: up.import.id });
  });
});
