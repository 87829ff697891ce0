// One tenant never sees another's data: through the API (404 by id, absent from lists) and, as a
// second wall, through row-level security even when a query forgets its tenant filter.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../../test/harness.ts';
import { contacts } from '../../contacts/tables.ts';
import { uuidv7 } from '../ids.ts';
import { rowsOf } from '../../db/sql.ts';

forEachDatabase('tenancy', (h) => {
  it('answers 404 for another tenant\'s contact on read, change and delete, and leaves it alone', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const c = (await a.request('POST', '/api/v1/contacts', a.admin, { givenName: 'Only', familyName: 'InA' })).json();
    expect((await b.request('GET', `/api/v1/contacts/${c.id}`, b.admin)).statusCode).toBe(404);
    expect((await b.request('PATCH', `/api/v1/contacts/${c.id}`, b.admin, { tier: 'X' })).statusCode).toBe(404);
    expect((await b.request('DELETE', `/api/v1/contacts/${c.id}`, b.admin)).statusCode).toBe(404);
    expect((await b.request('GET', `/api/v1/contacts/${c.id}/history`, b.admin)).statusCode).toBe(404);
    const list = (await b.request('GET', '/api/v1/contacts?limit=500', b.admin)).json();
    expect(list.data.map((x: { id: string }) => x.id)).not.toContain(c.id);
    const still = (await a.request('GET', `/api/v1/contacts/${c.id}`, a.admin)).json();
    expect(still).toMatchObject({ id: c.id, tier: null, version: 1 });
  });

  it('hides other tenants\' rows even from a query with no tenant filter (RLS)', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    await a.request('POST', '/api/v1/contacts', a.admin, { givenName: 'Row', familyName: 'OfA' });
    await b.request('POST', '/api/v1/contacts', b.admin, { givenName: 'Row', familyName: 'OfB' });
    const seen = await h.database.withTenant(a.id, (tx) => rowsOf<{ t: string }>(tx, sql`select tenant_id::text as t from contacts`));
    const tenantsSeen = new Set(seen.map((r) => r.t));
    expect([...tenantsSeen]).toEqual([a.id]);
    const who = await h.database.withTenant(a.id, (tx) => rowsOf<{ u: string }>(tx, sql`select current_user as u`));
    expect(who[0]!.u).toBe('rapport_app');
  });

  it('refuses to write a row into another tenant from inside a tenant transaction', async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    await expect(
      h.database.withTenant(a.id, (tx) =>
        tx.insert(contacts).values({ tenantId: b.id, id: uuidv7(), displayName: 'Smuggled', createdAt: new Date(), updatedAt: new Date() }),
      ),
    ).rejects.toThrow();
    const rows = await h.database.withTenant(b.id, (tx) => rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from contacts where display_name = 'Smuggled'`));
    expect(rows[0]!.n).toBe(0);
  });

  it('cannot switch itself out of row-level security', async () => {
    const a = await h.tenant();
    await a.request('POST', '/api/v1/contacts', a.admin, { givenName: 'Row', familyName: 'Security' });
    // With row_security off, PostgreSQL refuses any query a policy would filter rather than skip it.
    await expect(
      h.database.withTenant(a.id, async (tx) => {
        await tx.execute(sql`set local row_security = off`);
        return tx.execute(sql`select count(*) from contacts`);
      }),
    ).rejects.toThrow();
    await expect(h.database.withTenant(a.id, (tx) => tx.execute(sql`alter table contacts disable row level security`))).rejects.toThrow();
  });
});
