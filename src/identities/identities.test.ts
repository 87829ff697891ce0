// The cross-index: an outside system's identifier answers the record people use, within the
// caller's visibility and tenant, and keeps answering after a merge.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';

forEachDatabase('identities API', (h) => {
  it('answers the contact or company behind a (system, external id), and 404 for unknown ones', async () => {
    const t = await h.tenant();
    const contact = (await t.request('POST', '/api/v1/contacts', t.admin, {
      givenName: 'Ada', familyName: 'Lovelace', sourceIdentifiers: [{ system: 'core-banking', externalId: 'CB-0042' }, { system: 'hubspot', externalId: '101' }],
    })).json();
    const byBank = await t.request('GET', '/api/v1/identities/core-banking/CB-0042', t.admin);
    expect(byBank.statusCode).toBe(200);
    expect(byBank.json()).toMatchObject({ type: 'contact', id: contact.id, system: 'core-banking', externalId: 'CB-0042', contact: { displayName: 'Ada Lovelace' } });
    // The record lists every identifier it is known by.
    expect(byBank.json().contact.sourceIdentifiers).toEqual([{ system: 'core-banking', externalId: 'CB-0042' }, { system: 'hubspot', externalId: '101' }]);
    // Identifiers with characters that need escaping in a path.
    const odd = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Grace', sourceIdentifiers: [{ system: 'letters', externalId: 'A/7 #2' }] })).json();
    expect((await t.request('GET', `/api/v1/identities/letters/${encodeURIComponent('A/7 #2')}`, t.admin)).json().id).toBe(odd.id);

    const missing = await t.request('GET', '/api/v1/identities/core-banking/CB-9999', t.admin);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it('keeps to the caller: another tenant and a rep who may not see the record get 404', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const team = await a.team('Desk');
    const rep = await a.user('rep', { teamIds: [team] });
    await a.request('POST', '/api/v1/contacts', a.admin, { givenName: 'Hidden', sourceIdentifiers: [{ system: 'erp', externalId: 'E1' }] });
    expect((await b.request('GET', '/api/v1/identities/erp/E1', b.admin)).statusCode).toBe(404);
    expect((await a.request('GET', '/api/v1/identities/erp/E1', rep.token)).statusCode).toBe(404);
    const mine = (await a.request('POST', '/api/v1/contacts', rep.token, { givenName: 'Mine', sourceIdentifiers: [{ system: 'erp', externalId: 'E2' }] })).json();
    expect((await a.request('GET', '/api/v1/identities/erp/E2', rep.token)).json().id).toBe(mine.id);
  });

  it('finds companies, and after a merge finds the survivor by the merged record\'s identifier', async () => {
    const t = await h.tenant();
    const company = await t.request('POST', '/api/v1/companies', t.admin, { name: 'Analytical Engines', sourceIdentifiers: [{ system: 'salesforce', externalId: '001A' }] });
    expect(company.statusCode).toBe(201);
    expect((await t.request('GET', '/api/v1/identities/salesforce/001A', t.admin)).json()).toMatchObject({ type: 'company', id: company.json().id, company: { name: 'Analytical Engines' } });
    const keep = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Ada', familyName: 'Lovelace', sourceIdentifiers: [{ system: 'crm-a', externalId: '1' }] })).json();
    const gone = (await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Ada', familyName: 'Lovelace', sourceIdentifiers: [{ system: 'crm-b', externalId: '9' }] })).json();
    const merged = await t.request('POST', `/api/v1/contacts/${keep.id}/merge`, t.admin, { mergedId: gone.id });
    expect(merged.statusCode).toBe(201);
    expect((await t.request('GET', '/api/v1/identities/crm-b/9', t.admin)).json().id).toBe(keep.id);
  });
});
