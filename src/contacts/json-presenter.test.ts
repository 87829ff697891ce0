// Lists and gets are presented by PostgreSQL (contactJsonSql): they must answer exactly what
// presentContact gives for the same rows, for a role that sees sensitive fields and one that does
// not, with and without field selection, and with filters prepared once per shape.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { readInTenant } from '../platform/context.ts';
import { contactsByIds } from './data.ts';
import { presentContact } from './presenter.ts';
import { etagOf } from '../platform/records.ts';
import type { Principal } from '../platform/policy/index.ts';

forEachDatabase('contacts presented by the database', (h) => {
  it('answers lists and gets exactly as presentContact does', async () => {
    const t = await h.tenant();
    const post = async (url: string, body: unknown) => {
      const res = await t.request('POST', url, t.admin, body);
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    };
    const category = (await post('/api/v1/categories', { name: 'Key clients' })).id as string;
    const company = (await post('/api/v1/companies', { name: 'Acme Holdings' })).id as string;
    const rich = await post('/api/v1/contacts', {
      prefix: 'Dr', givenName: 'Ada', middleName: 'B', familyName: 'Lovelace', suffix: 'III', jobTitle: 'Director', tier: 'A',
      lifecycleStage: 'client', birthDate: '1960-04-01', netWorth: { amount: 2500000.5, currency: 'EUR' },
      emails: [{ address: 'ada@example.com', type: 'work' }], phones: [{ number: '+44 20 7946 0018', type: 'work' }],
      addresses: [{ city: 'London', country: 'GB', postalCode: 'SW1A 1AA' }], accountNumbers: [{ system: 'core', number: 'ACC-1' }],
      contractDocuments: [{ name: 'Mandate', url: 'https://example.com/m.pdf', signedOn: '2025-01-02' }],
      consent: { email: { status: 'granted', at: '2025-01-01T00:00:00Z' } }, tags: ['vip', 'board'],
      categoryIds: [category], companies: [{ companyId: company, role: 'Chair', isPrimary: true }],
      sourceIdentifiers: [{ system: 'crm', externalId: 'A-1' }],
    });
    const plain = await post('/api/v1/contacts', { givenName: 'Zed', netWorth: { amount: 0, currency: 'USD' } });
    const bare = await post('/api/v1/contacts', { familyName: 'Nobody', emails: [{ address: 'NoBody@Example.org' }] });
    expect((await t.request('POST', `/api/v1/contacts/${plain.id}/confirm`, t.admin)).statusCode).toBe(200);
    const ids = [rich.id, plain.id, bare.id] as string[];

    const service = await t.user('service');
    const roles: Array<{ token: string; principal: Principal }> = [
      { token: t.admin, principal: t.ctx.principal },
      { token: service.token, principal: { userId: service.id, role: 'service', teamIds: [] } },
    ];
    const rows = await readInTenant(t.ctx, (q) => contactsByIds(q, t.id, ids));
    for (const { token, principal } of roles) {
      const expected = new Map(rows.map((r) => [r.id, JSON.parse(JSON.stringify(presentContact(r, principal)))]));
      for (const id of ids) {
        const got = await t.request('GET', `/api/v1/contacts/${id}`, token);
        expect(got.statusCode, got.body).toBe(200);
        expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(got.headers.etag).toBe(etagOf(expected.get(id).version));
        expect(got.json()).toStrictEqual(expected.get(id));
      }
      const list = await t.request('GET', '/api/v1/contacts?limit=2', token);
      expect(list.statusCode, list.body).toBe(200);
      const first = list.json();
      expect(first.nextCursor).toEqual(expect.any(String));
      const next = (await t.request('GET', `/api/v1/contacts?limit=2&cursor=${first.nextCursor}`, token)).json();
      expect(next.nextCursor).toBeNull();
      const listed = [...first.data, ...next.data];
      expect(listed.map((c: { id: string }) => c.id).sort()).toEqual([...ids].sort());
      for (const c of listed) expect(c).toStrictEqual(expected.get(c.id));
      // Field selection, a hidden field asked for by name, and a field that does not exist.
      const picked = (await t.request('GET', '/api/v1/contacts?fields=displayName,netWorth,confirmedAt,nope&filter[id][eq]=' + rich.id, token)).json();
      const want = expected.get(rich.id);
      expect(picked.data).toStrictEqual([{ id: rich.id, displayName: want.displayName, confirmedAt: null, ...('netWorth' in want ? { netWorth: want.netWorth } : {}) }]);
    }
    // One filter shape, other values: each request gets its own rows from the one statement.
    for (const [name, id] of [['Lovelace', rich.id], ['Nobody', bare.id], ['Missing', null]] as const) {
      const res = (await t.request('GET', `/api/v1/contacts?filter[familyName][eq]=${name}`, t.admin)).json();
      expect(res.data.map((c: { id: string }) => c.id)).toEqual(id ? [id] : []);
    }
    for (const [values, count] of [[`${rich.id},${plain.id}`, 2], [`${bare.id}`, 1], [`${rich.id},${plain.id},${bare.id}`, 3]] as const) {
      const res = (await t.request('GET', `/api/v1/contacts?filter[id][in]=${values}`, t.admin)).json();
      expect(res.data.length).toBe(count);
    }
    const sorted = (await t.request('GET', '/api/v1/contacts?sort=-createdAt&limit=1', t.admin)).json();
    expect(sorted.data[0].id).toBe(bare.id);
    const after = (await t.request('GET', `/api/v1/contacts?sort=-createdAt&limit=5&cursor=${sorted.nextCursor}`, t.admin)).json();
    expect(after.data.map((c: { id: string }) => c.id)).toEqual([plain.id, rich.id]);
  });
});
