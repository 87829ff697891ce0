import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';

async function define(t: TestTenant, body: Record<string, unknown>) {
  const res = await t.request('POST', '/api/v1/custom-fields', t.admin, { entity: 'contact', ...body });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; key: string; type: string; options: string[] };
}

async function contact(t: TestTenant, givenName: string, customFields: Record<string, unknown>) {
  const res = await t.request('POST', '/api/v1/contacts', t.admin, { givenName, customFields });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; version: number; customFields: Record<string, unknown> };
}

const names = async (t: TestTenant, query: string) => {
  const res = await t.request('GET', `/api/v1/contacts?${query}`, t.admin);
  expect(res.statusCode).toBe(200);
  return (res.json().data as Array<{ givenName: string }>).map((c) => c.givenName);
};

forEachDatabase('custom fields API', (h) => {
  it('creates, lists, changes and deletes definitions', async () => {
    const t = await h.tenant();
    const tier = await define(t, { key: 'serviceTier', label: 'Service tier', type: 'select', options: ['gold', 'silver'] });
    expect(tier).toMatchObject({ entity: 'contact', key: 'serviceTier', type: 'select', options: ['gold', 'silver'], required: false });
    await define(t, { entity: 'company', key: 'aum', label: 'Assets', type: 'number' });

    const all = (await t.request('GET', '/api/v1/custom-fields', t.admin)).json().data;
    expect(all.map((d: { entity: string; key: string }) => `${d.entity}.${d.key}`)).toEqual(['company.aum', 'contact.serviceTier']);
    const contactOnly = (await t.request('GET', '/api/v1/custom-fields?entity=contact', t.admin)).json().data;
    expect(contactOnly).toHaveLength(1);
    expect((await t.request('GET', `/api/v1/custom-fields/${tier.id}`, t.admin)).json()).toEqual(tier);

    const changed = await t.request('PATCH', `/api/v1/custom-fields/${tier.id}`, t.admin, { label: 'Tier', options: ['gold', 'silver', 'bronze'], required: true });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ label: 'Tier', options: ['gold', 'silver', 'bronze'], required: true });
    // No values yet, so the type may still change; leaving select drops the options.
    expect((await t.request('PATCH', `/api/v1/custom-fields/${tier.id}`, t.admin, { type: 'text' })).json()).toMatchObject({ type: 'text', options: [] });

    expect((await t.request('DELETE', `/api/v1/custom-fields/${tier.id}`, t.admin)).statusCode).toBe(204);
    expect((await t.request('GET', `/api/v1/custom-fields/${tier.id}`, t.admin)).statusCode).toBe(404);
    const audit = (await t.request('GET', `/api/v1/audit?entityId=${tier.id}`, t.admin)).json();
    expect(audit.data.map((e: { action: string }) => e.action)).toEqual(['custom_field.deleted', 'custom_field.updated', 'custom_field.updated', 'custom_field.created']);
  });

  it('validates definitions', async () => {
    const t = await h.tenant();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ key: 'Tier', label: 'x', type: 'text' }, 'key'],
      [{ key: '9lives', label: 'x', type: 'text' }, 'key'],
      [{ key: 'a'.repeat(64), label: 'x', type: 'text' }, 'key'],
      [{ key: 'tier', label: 'x', type: 'select' }, 'options'],
      [{ key: 'tier', label: 'x', type: 'multiselect', options: [] }, 'options'],
      [{ key: 'tier', label: 'x', type: 'text', options: ['a'] }, 'options'],
      [{ key: 'tier', label: 'x', type: 'select', options: ['a', 'a'] }, 'options'],
      [{ key: 'tier', label: 'x', type: 'colour' }, 'type'],
      [{ key: 'tier', label: 'x', type: 'text', entity: 'task' }, 'entity'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request('POST', '/api/v1/custom-fields', t.admin, { entity: 'contact', ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().errors[0].field).toBe(field);
    }
    await define(t, { key: 'a_1'.padEnd(63, 'x'), label: 'Longest key', type: 'text' });
    await define(t, { key: 'tier', label: 'Tier', type: 'text' });
    const dup = await t.request('POST', '/api/v1/custom-fields', t.admin, { entity: 'contact', key: 'tier', label: 'Again', type: 'number' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('key');
    // The same key on another entity is a different field.
    await define(t, { entity: 'company', key: 'tier', label: 'Tier', type: 'number' });
  });

  it('checks contact values against definitions and filters contacts by them', async () => {
    const t = await h.tenant();
    await define(t, { key: 'aum', label: 'Assets', type: 'number' });
    await define(t, { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] });
    await define(t, { key: 'vip', label: 'VIP', type: 'boolean' });

    const wrong = await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'X', customFields: { aum: 'lots' } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([{ field: 'customFields.aum', message: 'must be a number' }]);
    const badOption = await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'X', customFields: { tier: 'platinum' } });
    expect(badOption.json().errors[0].field).toBe('customFields.tier');
    const unknown = await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'X', customFields: { shoeSize: 9 } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].field).toBe('customFields.shoeSize');

    await contact(t, 'Ada', { aum: 2500000, tier: 'gold', vip: true });
    await contact(t, 'Bob', { aum: 900, tier: 'silver' });
    await contact(t, 'Cyd', { aum: 15000, tier: 'gold' });
    await contact(t, 'Dee', {});

    expect(await names(t, 'filter[customFields.tier]=gold')).toEqual(['Ada', 'Cyd']);
    expect(await names(t, 'filter[customFields.aum][gt]=1000')).toEqual(['Ada', 'Cyd']);
    expect(await names(t, 'filter[customFields.aum][lte]=15000')).toEqual(['Bob', 'Cyd']);
    expect(await names(t, 'filter[customFields.vip]=true')).toEqual(['Ada']);
    expect(await names(t, 'filter[customFields.tier][isNull]=true')).toEqual(['Dee']);

    const patched = await t.request('PATCH', `/api/v1/contacts/${(await contact(t, 'Eve', { aum: 1 })).id}`, t.admin, { customFields: { aum: '2' } });
    expect(patched.statusCode).toBe(422);
    expect(patched.json().errors[0].field).toBe('customFields.aum');
  });

  it('refuses a type change once values exist and removing an option in use; strips values on delete', async () => {
    const t = await h.tenant();
    const aum = await define(t, { key: 'aum', label: 'Assets', type: 'number' });
    const tags = await define(t, { key: 'interests', label: 'Interests', type: 'multiselect', options: ['golf', 'art', 'wine'] });
    const c = await contact(t, 'Ada', { aum: 10, interests: ['art'] });

    const retype = await t.request('PATCH', `/api/v1/custom-fields/${aum.id}`, t.admin, { type: 'text' });
    expect(retype.statusCode).toBe(409);
    expect(retype.json().errors[0].field).toBe('type');
    const inUse = await t.request('PATCH', `/api/v1/custom-fields/${tags.id}`, t.admin, { options: ['golf', 'wine'] });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().errors[0].field).toBe('options');
    expect((await t.request('PATCH', `/api/v1/custom-fields/${tags.id}`, t.admin, { options: ['art', 'wine'] })).statusCode).toBe(200);

    expect((await t.request('DELETE', `/api/v1/custom-fields/${aum.id}`, t.admin)).statusCode).toBe(204);
    const after = (await t.request('GET', `/api/v1/contacts/${c.id}`, t.admin)).json();
    expect(after.customFields).toEqual({ interests: ['art'] });
    expect(after.version).toBe(c.version + 1);
    // Redefined with another type: no old values stand in the way.
    await define(t, { key: 'aum', label: 'Assets band', type: 'text' });
  });

  it('lets only admins write definitions; everyone reads them', async () => {
    const t = await h.tenant();
    const manager = await t.user('manager');
    const rep = await t.user('rep');
    const d = await define(t, { key: 'tier', label: 'Tier', type: 'text' });
    expect((await t.request('POST', '/api/v1/custom-fields', manager.token, { entity: 'contact', key: 'x', label: 'x', type: 'text' })).statusCode).toBe(403);
    expect((await t.request('PATCH', `/api/v1/custom-fields/${d.id}`, manager.token, { label: 'y' })).statusCode).toBe(403);
    expect((await t.request('DELETE', `/api/v1/custom-fields/${d.id}`, rep.token)).statusCode).toBe(403);
    expect((await t.request('GET', '/api/v1/custom-fields', rep.token)).json().data).toHaveLength(1);
  });

  it('answers 404 for another tenant\'s definition', async () => {
    const t1 = await h.tenant();
    const t2 = await h.tenant();
    const d = await define(t1, { key: 'tier', label: 'Tier', type: 'text' });
    expect((await t2.request('GET', `/api/v1/custom-fields/${d.id}`, t2.admin)).statusCode).toBe(404);
    expect((await t2.request('PATCH', `/api/v1/custom-fields/${d.id}`, t2.admin, { label: 'x' })).statusCode).toBe(404);
    expect((await t2.request('DELETE', `/api/v1/custom-fields/${d.id}`, t2.admin)).statusCode).toBe(404);
    expect((await t2.request('GET', '/api/v1/custom-fields', t2.admin)).json().data).toEqual([]);
    const res = await t2.request('POST', '/api/v1/contacts', t2.admin, { givenName: 'X', customFields: { tier: 'gold' } });
    expect(res.statusCode).toBe(422);
    expect((await t1.request('GET', `/api/v1/custom-fields/${d.id}`, t1.admin)).json().key).toBe('tier');
  });
});
