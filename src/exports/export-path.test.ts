// The export read path (flat.ts) against the list API: for a saved view and for each role, the
// CSV and vCard an export writes must be exactly what the list API's records give through
// columns.ts and vcard.ts, across keyset pages (small pages here, ties in the sort key included).
import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';
import { listAll } from '../imports/test-helpers.ts';
import { parseListParams } from '../platform/list.ts';
import type { Principal } from '../platform/policy/index.ts';
import type { ContactOut } from '../contacts/schemas.ts';
import type { CompanyOut } from '../companies/schemas.ts';
import { companyColumns, contactColumns, visibleColumns, type Column } from './columns.ts';
import { csvLine } from './csv.ts';
import { contactToVcard } from './vcard.ts';
import { defaultSortOf, exportLines, type ExportResource } from './service.ts';

/** The CSV the list API's records make through the export's column definitions. */
function expectedCsv<T>(columns: Array<Column<T>>, rows: T[]): string {
  return `\ufeff${csvLine(columns.map((c) => c.header))}${rows.map((r) => csvLine(columns.map((c) => c.value(r)))).join('')}`;
}

async function collect(lines: AsyncGenerator<string | Buffer>) {
  const pieces: Buffer[] = [];
  for await (const piece of lines) pieces.push(typeof piece === 'string' ? Buffer.from(piece) : piece);
  return Buffer.concat(pieces).toString('utf8');
}

forEachDatabase('export path', (h) => {
  const post = async (t: TestTenant, path: string, token: string, body: Record<string, unknown>) => {
    const res = await t.request('POST', path, token, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };

  it('writes exactly what the list API returns, for a saved view, a rep and a role without sensitive fields', async () => {
    const t = await h.tenant();
    const north = await t.team('North');
    const south = await t.team('South');
    const rep = await t.user('rep', { teamIds: [north] });
    const other = await t.user('rep', { teamIds: [south] });
    const service = await t.user('service');
    const acme = await post(t, '/api/v1/companies', t.admin, {
      name: 'Acme, Inc.', domain: 'acme.example', tags: ['b2b'],
      phones: [{ number: '+1 212 555 0100' }, { number: '+1 212 555 0199', primary: true }],
      addresses: [{ line1: '1 Main St', city: 'New York', country: 'US' }, { line1: 'PO Box 9', city: 'Albany', region: 'NY', postalCode: '12201', country: 'US', primary: true }],
      sourceIdentifiers: [{ system: 'hubspot', externalId: 'co-9' }],
    });
    const zeta = await post(t, '/api/v1/companies', t.admin, { name: 'Zeta "Z" Ltd', description: ' leading space' });
    const category = await post(t, '/api/v1/categories', t.admin, { name: 'Private banking' });
    const vip = ['vip'];
    await post(t, '/api/v1/contacts', rep.token, {
      givenName: 'Rita', familyName: 'Repsdottir', jobTitle: '=SUM(A1:A9)', tier: 'gold', birthDate: '1980-02-03', tags: ['vip', 'north;east', 'x|y'],
      emails: [{ address: 'rita.old@example.com' }, { address: 'rita@example.com', primary: true }, { address: 'r@example.org', type: 'home' }],
      phones: [{ number: '+44 20 7946 0018', type: 'mobile' }, { number: '020 7946 0019', primary: true }],
      addresses: [{ line1: '221B Baker St', city: 'London', country: 'GB' }, { line1: 'Ferienhaus, Seeweg 1', line2: 'Apt "3"', city: 'Zürich', postalCode: '8001', country: 'CH', primary: true }],
      companies: [{ companyId: zeta.id, role: 'Board' }, { companyId: acme.id, role: 'CFO', isPrimary: true }],
      sourceIdentifiers: [{ system: 'salesforce', externalId: '003XYZ' }, { system: 'hubspot', externalId: '42' }],
      categoryIds: [category.id],
    });
    // Same display name twice: the keyset must neither skip nor repeat across the tie.
    await post(t, '/api/v1/contacts', rep.token, { givenName: 'Sam', familyName: 'Same', tags: vip, emails: [{ address: 'sam1@example.com' }] });
    await post(t, '/api/v1/contacts', t.admin, { givenName: 'Sam', familyName: 'Same', tags: vip, teamId: north, ownerId: t.adminId });
    const shared = await post(t, '/api/v1/contacts', other.token, { givenName: 'Ode', familyName: "O'Neil \"Junior\"", tags: vip, lifecycleStage: 'client', phones: [{ number: '+33 1 23 45 67 89' }] });
    await post(t, '/api/v1/contacts', other.token, { givenName: 'Hidden', familyName: 'From Rep', tags: vip });
    await post(t, '/api/v1/contacts', t.admin, { givenName: 'Adam', familyName: 'Admin', tags: vip, birthDate: '1955-12-31', addresses: [{ line1: 'Only', city: 'Oslo', country: 'NO' }] });
    await post(t, '/api/v1/contacts', rep.token, { givenName: 'Nora', familyName: 'Notag' });
    await post(t, '/api/v1/shares', other.token, { entity: 'contact', recordId: shared.id, userId: rep.id });

    const view = await t.request('POST', '/api/v1/saved-views', t.admin, {
      resource: 'contacts', name: 'VIPs', visibility: 'tenant', filters: [{ field: 'tags', op: 'contains', value: 'vip' }, { field: 'lifecycleStage', op: 'ne', value: 'former' }], sort: 'displayName',
    });
    expect(view.statusCode, view.body).toBe(201);
    const viewQuery = (view.json() as { query: string }).query;

    const cases: Array<[string, string, Principal]> = [
      ['admin', t.admin, { userId: t.adminId, role: 'admin', teamIds: [] }],
      ['rep', rep.token, { userId: rep.id, role: 'rep', teamIds: [north] }],
      ['service', service.token, { userId: service.id, role: 'service', teamIds: [] }],
    ];
    for (const [who, token, principal] of cases) {
      for (const query of [viewQuery, `${viewQuery.replace('sort=displayName', 'sort=-createdAt')}`, 'sort=updatedAt', `${viewQuery}&fields=givenName,emails,addresses,birthDate,companies`]) {
        const records = await listAll<ContactOut>(t, 'contacts', query, token, 3);
        const fields = new URLSearchParams(query).get('fields')?.split(',');
        const expected = expectedCsv(visibleColumns(contactColumns, 'contact', principal, fields), records);
        const res = await t.request('GET', `/api/v1/exports/contacts.csv?${query}`, token);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.body, `${who} ${query}`).toBe(expected);
        // Pages of two rows: the keyset is carried across every page boundary.
        const params = parseListParams(Object.fromEntries(new URLSearchParams(query)), defaultSortOf('contacts'));
        const paged = await collect(await exportLines({ ...t.ctx, principal }, 'contacts', 'csv', params, 2, false));
        expect(paged, `${who} ${query} in pages of 2`).toBe(expected);
      }
      const vcf = await t.request('GET', `/api/v1/exports/contacts.vcf?${viewQuery}`, token);
      expect(vcf.statusCode, vcf.body).toBe(200);
      expect(vcf.body, `${who} vcf`).toBe((await listAll<ContactOut>(t, 'contacts', viewQuery, token, 3)).map(contactToVcard).join(''));
    }
    const asRep = await listAll<ContactOut>(t, 'contacts', viewQuery, rep.token, 3);
    expect(asRep.map((c) => c.familyName).sort()).toEqual(["O'Neil \"Junior\"", 'Repsdottir', 'Same', 'Same']);
    const adminCsv = (await t.request('GET', `/api/v1/exports/contacts.csv?${viewQuery}`, t.admin)).body;
    expect(adminCsv).toContain(",'=SUM(A1:A9),");
    expect(adminCsv).toContain('Acme, Inc.; Zeta ""Z"" Ltd');
    const serviceCsv = (await t.request('GET', `/api/v1/exports/contacts.csv?${viewQuery}`, service.token)).body;
    expect(serviceCsv).not.toContain('Birth Date');
    expect(serviceCsv).not.toContain('1980-02-03');
    expect((await t.request('GET', `/api/v1/exports/contacts.vcf?${viewQuery}`, service.token)).body).not.toContain('BDAY');

    for (const [who, token, principal] of cases) {
      for (const query of ['sort=name', 'filter[tags]=b2b', 'filter[name][contains]=z&sort=-updatedAt', 'fields=name,phones,addresses']) {
        const records = await listAll<CompanyOut>(t, 'companies', query, token, 3);
        const fields = new URLSearchParams(query).get('fields')?.split(',');
        const expected = expectedCsv(visibleColumns(companyColumns, 'company', principal, fields), records);
        const res = await t.request('GET', `/api/v1/exports/companies.csv?${query}`, token);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.body, `${who} companies ${query}`).toBe(expected);
        const params = parseListParams(Object.fromEntries(new URLSearchParams(query)), defaultSortOf('companies' as ExportResource));
        expect(await collect(await exportLines({ ...t.ctx, principal }, 'companies', 'csv', params, 1, false))).toBe(expected);
      }
    }
  });

  it('refuses a bad filter or sort before the download starts', async () => {
    const t = await h.tenant();
    for (const q of ['filter[nope]=1', 'sort=tags', 'filter[createdAt][gt]=soon', 'cursor=not-a-cursor']) {
      const res = await t.request('GET', `/api/v1/exports/contacts.csv?${q}`, t.admin);
      expect(res.statusCode, q).toBe(422);
      expect(res.headers['content-type']).toContain('problem+json');
    }
  });
});
