// Bulk PATCH is one mechanism (platform/bulk.ts) behind contacts, companies and interactions: this
// pins that each resource is wired to it, with versions honoured and row-named errors.
import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from './harness.ts';

async function ids(t: TestTenant, path: string, items: unknown[]): Promise<string[]> {
  const res = await t.request('POST', `/api/v1/${path}/bulk`, t.admin, { items });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().results.map((r: Record<string, { id: string }>) => (r['company'] ?? r['interaction'] ?? r['contact'])!.id);
}

forEachDatabase('bulk update', (h) => {
  it('updates companies and interactions all or nothing, or row by row', async () => {
    const t = await h.tenant();
    const companies = await ids(t, 'companies', [{ name: 'Acme' }, { name: 'Globex' }]);
    const [contact] = await ids(t, 'contacts', [{ givenName: 'Ada', familyName: 'Lovelace' }]);
    const interactions = await ids(t, 'interactions', [
      { kind: 'phone_call', participants: [{ contactId: contact }] },
      { kind: 'email', participants: [{ contactId: contact }] },
    ]);

    const ok = await t.request('PATCH', '/api/v1/companies/bulk', t.admin, { items: companies.map((id) => ({ id, version: 1, patch: { industry: 'Energy' } })) });
    expect(ok.json()).toMatchObject({ updated: 2, failed: 0, results: [{ status: 200, record: { industry: 'Energy', version: 2 } }, { status: 200 }] });

    const stale = await t.request('PATCH', '/api/v1/companies/bulk', t.admin, { items: [{ id: companies[0], version: 2, patch: { size: 10 } }, { id: companies[1], version: 1, patch: { size: 10 } }] });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().errors[0].field).toBe('items.1');
    expect((await t.request('GET', `/api/v1/companies/${companies[0]}`, t.admin)).json().size).toBeNull();

    const perRow = await t.request('PATCH', '/api/v1/interactions/bulk', t.admin, {
      mode: 'perRow',
      items: [{ id: interactions[0], patch: { subject: 'Called back' } }, { id: interactions[1], patch: { participants: [{ contactId: companies[0] }] } }],
    });
    expect(perRow.statusCode).toBe(200);
    expect(perRow.json()).toMatchObject({ updated: 1, failed: 1 });
    expect(perRow.json().results[1]).toMatchObject({ status: 422, errors: [{ field: 'participants.0.contactId' }] });
    expect((await t.request('GET', `/api/v1/interactions/${interactions[0]}`, t.admin)).json().subject).toBe('Called back');
  });
});
