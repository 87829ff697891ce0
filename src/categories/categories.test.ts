import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';

interface Cat { id: string; name: string; parentId: string | null; path: string; depth: number }

async function category(t: TestTenant, name: string, parentId?: string, token = t.admin): Promise<Cat> {
  const res = await t.request('POST', '/api/v1/categories', token, { name, ...(parentId ? { parentId } : {}) });
  expect(res.statusCode).toBe(201);
  return res.json();
}

const paths = async (t: TestTenant, query = '') => {
  const res = await t.request('GET', `/api/v1/categories${query}`, t.admin);
  expect(res.statusCode).toBe(200);
  return (res.json().data as Cat[]).map((c) => c.path);
};

forEachDatabase('categories API', (h) => {
  it('builds a tree with paths and depths, listed in tree order', async () => {
    const t = await h.tenant();
    await category(t, 'Prospects');
    const clients = await category(t, '  Clients ');
    const silver = await category(t, 'Silver', clients.id);
    const gold = await category(t, 'Gold', clients.id);
    const vip = await category(t, 'VIP', gold.id);
    await category(t, 'Clients 2');
    expect(clients).toMatchObject({ name: 'Clients', parentId: null, path: 'Clients', depth: 0 });
    expect(vip).toMatchObject({ parentId: gold.id, path: 'Clients > Gold > VIP', depth: 2 });
    // Sub-categories follow their parent even where plain string order would not ('Clients 2' < 'Clients > Gold').
    expect(await paths(t)).toEqual(['Clients', 'Clients > Gold', 'Clients > Gold > VIP', 'Clients > Silver', 'Clients 2', 'Prospects']);
    expect(await paths(t, '?sort=-path')).toEqual(['Prospects', 'Clients 2', 'Clients > Silver', 'Clients > Gold > VIP', 'Clients > Gold', 'Clients']);
    expect(await paths(t, `?filter[parentId]=${clients.id}`)).toEqual(['Clients > Gold', 'Clients > Silver']);
    expect(await paths(t, '?filter[depth][gte]=1')).toEqual(['Clients > Gold', 'Clients > Gold > VIP', 'Clients > Silver']);

    const page1 = (await t.request('GET', '/api/v1/categories?limit=4', t.admin)).json();
    const page2 = (await t.request('GET', `/api/v1/categories?limit=4&cursor=${page1.nextCursor}`, t.admin)).json();
    expect([...page1.data, ...page2.data].map((c: Cat) => c.path)).toEqual(await paths(t));
    expect(page2.nextCursor).toBeNull();
    expect((await t.request('GET', `/api/v1/categories/${silver.id}`, t.admin)).json()).toMatchObject({ path: 'Clients > Silver', depth: 1 });
  });

  it('refuses duplicate paths with 409 on name, and names with ">"', async () => {
    const t = await h.tenant();
    const a = await category(t, 'A');
    const b = await category(t, 'B');
    await category(t, 'Gold', a.id);
    await category(t, 'Gold', b.id);
    const dup = await t.request('POST', '/api/v1/categories', t.admin, { name: 'Gold', parentId: a.id });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('name');
    const arrow = await t.request('POST', '/api/v1/categories', t.admin, { name: 'A > B' });
    expect(arrow.statusCode).toBe(422);
    expect(arrow.json().errors[0].field).toBe('name');
    const orphan = await t.request('POST', '/api/v1/categories', t.admin, { name: 'X', parentId: '01890000-0000-7000-8000-000000000000' });
    expect(orphan.statusCode).toBe(422);
    expect(orphan.json().errors[0].field).toBe('parentId');
  });

  it('renames and moves a category; its descendants follow; cycles are refused', async () => {
    const t = await h.tenant();
    const clients = await category(t, 'Clients');
    const gold = await category(t, 'Gold', clients.id);
    const vip = await category(t, 'VIP', gold.id);
    const prospects = await category(t, 'Prospects');

    const renamed = await t.request('PATCH', `/api/v1/categories/${clients.id}`, t.admin, { name: 'Customers' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().path).toBe('Customers');
    expect(await paths(t)).toEqual(['Customers', 'Customers > Gold', 'Customers > Gold > VIP', 'Prospects']);

    const moved = await t.request('PATCH', `/api/v1/categories/${gold.id}`, t.admin, { parentId: prospects.id });
    expect(moved.json()).toMatchObject({ parentId: prospects.id, path: 'Prospects > Gold', depth: 1 });
    expect((await t.request('GET', `/api/v1/categories/${vip.id}`, t.admin)).json().path).toBe('Prospects > Gold > VIP');

    const cycle = await t.request('PATCH', `/api/v1/categories/${prospects.id}`, t.admin, { parentId: vip.id });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().errors[0].field).toBe('parentId');
    expect((await t.request('PATCH', `/api/v1/categories/${gold.id}`, t.admin, { parentId: gold.id })).statusCode).toBe(422);

    const top = await t.request('PATCH', `/api/v1/categories/${gold.id}`, t.admin, { parentId: null, name: 'Gold tier' });
    expect(top.json()).toMatchObject({ parentId: null, path: 'Gold tier', depth: 0 });
    const clash = await t.request('PATCH', `/api/v1/categories/${gold.id}`, t.admin, { name: 'Customers' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().errors[0].field).toBe('name');
    expect(await paths(t)).toEqual(['Customers', 'Gold tier', 'Gold tier > VIP', 'Prospects']);

    const audit = (await t.request('GET', `/api/v1/audit?entityId=${vip.id}`, t.admin)).json();
    expect(audit.data[0]).toMatchObject({ action: 'category.updated', changes: { path: { before: 'Prospects > Gold > VIP', after: 'Gold tier > VIP' } } });
  });

  it('shows assigned categories on a contact and unlinks them when a category is deleted', async () => {
    const t = await h.tenant();
    const clients = await category(t, 'Clients');
    const gold = await category(t, 'Gold', clients.id);
    const other = await category(t, 'Newsletter');
    const created = await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Ada', categoryIds: [gold.id, other.id] });
    expect(created.statusCode).toBe(201);
    const contact = created.json();
    expect(contact.categories).toEqual([{ id: gold.id, path: 'Clients > Gold' }, { id: other.id, path: 'Newsletter' }]);

    // A rename shows through on the contact.
    await t.request('PATCH', `/api/v1/categories/${clients.id}`, t.admin, { name: 'Customers' });
    expect((await t.request('GET', `/api/v1/contacts/${contact.id}`, t.admin)).json().categories[0]).toEqual({ id: gold.id, path: 'Customers > Gold' });

    expect((await t.request('DELETE', `/api/v1/categories/${clients.id}`, t.admin)).statusCode).toBe(204);
    expect(await paths(t)).toEqual(['Newsletter']);
    expect((await t.request('GET', `/api/v1/categories/${gold.id}`, t.admin)).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/contacts/${contact.id}`, t.admin)).json().categories).toEqual([{ id: other.id, path: 'Newsletter' }]);
    const audit = (await t.request('GET', `/api/v1/audit?entityId=${gold.id}`, t.admin)).json();
    expect(audit.data[0]).toMatchObject({ action: 'category.deleted', changes: { contactIds: { before: [contact.id], after: null } } });
  });

  it('lets admins and managers write, managers not delete, everyone read', async () => {
    const t = await h.tenant();
    const manager = await t.user('manager');
    const rep = await t.user('rep');
    const c = await category(t, 'Managed', undefined, manager.token);
    expect((await t.request('PATCH', `/api/v1/categories/${c.id}`, manager.token, { name: 'Renamed' })).statusCode).toBe(200);
    expect((await t.request('DELETE', `/api/v1/categories/${c.id}`, manager.token)).statusCode).toBe(403);
    expect((await t.request('POST', '/api/v1/categories', rep.token, { name: 'Nope' })).statusCode).toBe(403);
    expect((await t.request('PATCH', `/api/v1/categories/${c.id}`, rep.token, { name: 'Nope' })).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/categories', rep.token)).json().data.map((x: Cat) => x.path)).toEqual(['Renamed']);
  });

  it('answers 404 for another tenant\'s category', async () => {
    const t1 = await h.tenant();
    const t2 = await h.tenant();
    const c = await category(t1, 'Secret');
    expect((await t2.request('GET', `/api/v1/categories/${c.id}`, t2.admin)).statusCode).toBe(404);
    expect((await t2.request('PATCH', `/api/v1/categories/${c.id}`, t2.admin, { name: 'Mine' })).statusCode).toBe(404);
    expect((await t2.request('DELETE', `/api/v1/categories/${c.id}`, t2.admin)).statusCode).toBe(404);
    const under = await t2.request('POST', '/api/v1/categories', t2.admin, { name: 'Child', parentId: c.id });
    expect(under.statusCode).toBe(422);
    expect(under.json().errors[0].field).toBe('parentId');
    expect((await t2.request('GET', '/api/v1/categories', t2.admin)).json().data).toEqual([]);
    const contact = await t2.request('POST', '/api/v1/contacts', t2.admin, { givenName: 'X', categoryIds: [c.id] });
    expect(contact.statusCode).toBe(422);
    expect(contact.json().errors[0].field).toBe('categoryIds.0');
    expect((await t1.request('GET', `/api/v1/categories/${c.id}`, t1.admin)).json().path).toBe('Secret');
  });
});
