import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';

interface View { id: string; name: string; ownerId: string; visibility: string; teamId: string | null; filters: Array<{ field: string; op: string; value: string }>; query: string; editable: boolean; version: number }

const texasEnergy = {
  resource: 'contacts', name: 'Texas energy clients 50-65',
  filters: [
    { field: 'region', op: 'eq', value: 'US-TX' },
    { field: 'customFields.industry', op: 'eq', value: 'energy' },
    { field: 'age', op: 'gte', value: '50' },
    { field: 'age', op: 'lte', value: '65' },
    { field: 'lifecycleStage', op: 'eq', value: 'client' },
  ],
  sort: '-createdAt', columns: ['displayName', 'emails', 'customFields.industry'],
};

/** The ISO date `years` years and `days` days before today (UTC). */
function bornAgo(years: number, days = 0): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate() - days));
  return d.toISOString().slice(0, 10);
}

async function save(t: TestTenant, token: string, body: Record<string, unknown>): Promise<View> {
  const res = await t.request('POST', '/api/v1/saved-views', token, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const names = async (t: TestTenant, token: string, resource = 'contacts') => {
  const res = await t.request('GET', `/api/v1/saved-views?resource=${resource}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().data as View[]).map((v) => v.name);
};

forEachDatabase('saved views API', (h) => {
  it('saves a segment whose query the list endpoint answers with the matching contacts', async () => {
    const t = await h.tenant();
    const person = (givenName: string, region: string, industry: string, birthDate: string) => ({
      givenName, lifecycleStage: 'client', birthDate, addresses: [{ region, country: 'US' }], customFields: { industry },
    });
    const bulk = await t.request('POST', '/api/v1/custom-fields', t.admin, { entity: 'contact', key: 'industry', label: 'Industry', type: 'text' });
    expect(bulk.statusCode, bulk.body).toBe(201);
    const created = await t.request('POST', '/api/v1/contacts/bulk', t.admin, {
      items: [
        // Fifty today and sixty-five until tomorrow are in; a day short of fifty and sixty-six today are out.
        person('In', 'US-TX', 'energy', bornAgo(50)), person('TooYoung', 'US-TX', 'energy', bornAgo(50, -1)),
        person('Elsewhere', 'US-CA', 'energy', bornAgo(55)), person('OtherTrade', 'US-TX', 'retail', bornAgo(55)),
        person('AlsoIn', 'US-TX', 'energy', bornAgo(66, -1)), person('TooOld', 'US-TX', 'energy', bornAgo(66)),
      ],
    });
    expect(created.json().created, created.body).toBe(6);
    const view = await save(t, t.admin, texasEnergy);
    expect(view).toMatchObject({ name: texasEnergy.name, ownerId: t.adminId, visibility: 'private', teamId: null, editable: true, version: 1 });
    expect(view.query).toContain('filter%5Bregion%5D%5Beq%5D=US-TX');
    // The view keeps the ages; its query has today's birth date bounds.
    expect(view.filters).toContainEqual({ field: 'age', op: 'gte', value: '50' });
    expect(new URLSearchParams(view.query).get('filter[birthDate][lte]')).toBe(bornAgo(50));
    const list = await t.request('GET', `/api/v1/contacts?${view.query}`, t.admin);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data.map((c: { givenName: string }) => c.givenName).sort()).toEqual(['AlsoIn', 'In']);
    const got = await t.request('GET', `/api/v1/saved-views/${view.id}`, t.admin);
    expect(got.json()).toEqual(view);
    expect(got.headers.etag).toBe('W/"1"');
  });

  it('refuses unknown fields, bad values, unsortable sorts and unknown columns with 422 naming each', async () => {
    const t = await h.tenant();
    const res = await t.request('POST', '/api/v1/saved-views', t.admin, {
      resource: 'companies', name: 'Broken',
      filters: [
        { field: 'industry', op: 'eq', value: 'energy' },
        { field: 'shoeSize', op: 'eq', value: '9' },
        { field: 'size', op: 'gt', value: 'many' },
        { field: 'tags', op: 'lt', value: 'x' },
      ],
      sort: 'industry', columns: ['name', 'nonsense'],
    });
    expect(res.statusCode).toBe(422);
    const errors = res.json().errors as Array<{ field: string; message: string }>;
    expect(errors.map((e) => e.field)).toEqual(['filters.1.field', 'filters.2.value', 'filters.3.value', 'sort', 'columns.1']);
    expect(errors[0]!.message).toContain('shoeSize');
    // Interactions accept contactId (by participant) with UUIDs only.
    const bad = await t.request('POST', '/api/v1/saved-views', t.admin, { resource: 'interactions', name: 'X', filters: [{ field: 'contactId', op: 'eq', value: 'nope' }] });
    expect(bad.json().errors).toEqual([{ field: 'filters.0.value', message: 'contactId must be a UUID' }]);
    const age = await t.request('POST', '/api/v1/saved-views', t.admin, { resource: 'contacts', name: 'X', filters: [{ field: 'age', op: 'eq', value: '50' }, { field: 'age', op: 'gte', value: 'old' }] });
    expect(age.json().errors).toEqual([
      { field: 'filters.0.op', message: 'age supports gte, lte, gt, lt, isNull' },
      { field: 'filters.1.value', message: 'age must be a whole number of years' },
    ]);
    const team = await t.request('POST', '/api/v1/saved-views', t.admin, { resource: 'contacts', name: 'T', visibility: 'team' });
    expect(team.json().errors).toEqual([{ field: 'teamId', message: 'is required when visibility is team' }]);
    expect(await names(t, t.admin, 'companies')).toEqual([]);
  });

  it('shows private views to their owner, team views to members, tenant views to all', async () => {
    const t = await h.tenant();
    const east = await t.team('East');
    const west = await t.team('West');
    const alice = await t.user('rep', { teamIds: [east] });
    const bob = await t.user('rep', { teamIds: [east] });
    const carol = await t.user('rep', { teamIds: [west] });
    const manager = await t.user('manager', { teamIds: [west] });
    await save(t, alice.token, { resource: 'contacts', name: 'Alice private' });
    const shared = await save(t, alice.token, { resource: 'contacts', name: 'East team', visibility: 'team', teamId: east });
    await save(t, manager.token, { resource: 'contacts', name: 'Everyone', visibility: 'tenant' });
    await save(t, alice.token, { resource: 'companies', name: 'Alice companies' });

    expect(await names(t, alice.token)).toEqual(['Alice private', 'East team', 'Everyone']);
    expect(await names(t, bob.token)).toEqual(['East team', 'Everyone']);
    expect(await names(t, carol.token)).toEqual(['Everyone']);
    expect(await names(t, t.admin)).toEqual(['Everyone']);
    const all = await t.request('GET', '/api/v1/saved-views?resource=contacts&all=true', t.admin);
    expect(all.json().data.map((v: View) => v.name)).toEqual(['Alice private', 'East team', 'Everyone']);

    // Bob sees the team view but may not change it; Carol does not see it at all.
    const bobView = await t.request('GET', `/api/v1/saved-views/${shared.id}`, bob.token);
    expect(bobView.json().editable).toBe(false);
    expect((await t.request('PATCH', `/api/v1/saved-views/${shared.id}`, bob.token, { name: 'Mine now' })).statusCode).toBe(403);
    expect((await t.request('DELETE', `/api/v1/saved-views/${shared.id}`, bob.token)).statusCode).toBe(403);
    expect((await t.request('GET', `/api/v1/saved-views/${shared.id}`, carol.token)).statusCode).toBe(404);
    expect((await t.request('PATCH', `/api/v1/saved-views/${shared.id}`, carol.token, { name: 'X' })).statusCode).toBe(404);

    // A rep may not share with a team they are not in, nor with everyone.
    const foreign = await t.request('POST', '/api/v1/saved-views', carol.token, { resource: 'contacts', name: 'Into East', visibility: 'team', teamId: east });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().errors[0].field).toBe('teamId');
    const wide = await t.request('POST', '/api/v1/saved-views', carol.token, { resource: 'contacts', name: 'Wide', visibility: 'tenant' });
    expect(wide.statusCode).toBe(403);
    expect(wide.json().errors[0].field).toBe('visibility');

    // Making the team view private hides it from Bob; an admin may change anyone's view.
    const priv = await t.request('PATCH', `/api/v1/saved-views/${shared.id}`, alice.token, { visibility: 'private' });
    expect(priv.json()).toMatchObject({ visibility: 'private', teamId: null, version: 2 });
    expect(await names(t, bob.token)).toEqual(['Everyone']);
    const renamed = await t.request('PATCH', `/api/v1/saved-views/${shared.id}`, t.admin, { name: 'Renamed by admin' }, { 'if-match': 'W/"2"' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Renamed by admin', ownerId: alice.id, editable: true });
    const stale = await t.request('PATCH', `/api/v1/saved-views/${shared.id}`, alice.token, { name: 'Late' }, { 'if-match': 'W/"2"' });
    expect(stale.statusCode).toBe(412);
  });

  it('keeps names unique per owner and resource, audits changes, deletes', async () => {
    const t = await h.tenant();
    const rep = await t.user('rep');
    const v = await save(t, t.admin, { resource: 'contacts', name: 'Mine' });
    const dup = await t.request('POST', '/api/v1/saved-views', t.admin, { resource: 'contacts', name: 'Mine' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('name');
    await save(t, t.admin, { resource: 'companies', name: 'Mine' });
    await save(t, rep.token, { resource: 'contacts', name: 'Mine' });

    const patched = await t.request('PATCH', `/api/v1/saved-views/${v.id}`, t.admin, { filters: [{ field: 'tags', op: 'eq', value: 'vip' }], sort: 'displayName' });
    expect(patched.json().query).toBe('filter%5Btags%5D%5Beq%5D=vip&sort=displayName');
    const audit = (await t.request('GET', `/api/v1/audit?entityId=${v.id}`, t.admin)).json();
    expect(audit.data.map((e: { action: string }) => e.action)).toEqual(['saved_view.updated', 'saved_view.created']);
    expect(audit.data[0].changes.sort).toEqual({ before: null, after: 'displayName' });

    expect((await t.request('DELETE', `/api/v1/saved-views/${v.id}`, t.admin)).statusCode).toBe(204);
    expect((await t.request('GET', `/api/v1/saved-views/${v.id}`, t.admin)).statusCode).toBe(404);
    expect(await names(t, t.admin)).toEqual([]);
  });

  it("answers 404 for another tenant's view and lists none of them", async () => {
    const t1 = await h.tenant();
    const t2 = await h.tenant();
    const v = await save(t1, t1.admin, { resource: 'contacts', name: 'Tenant one', visibility: 'tenant' });
    expect((await t2.request('GET', `/api/v1/saved-views/${v.id}`, t2.admin)).statusCode).toBe(404);
    expect((await t2.request('PATCH', `/api/v1/saved-views/${v.id}`, t2.admin, { name: 'Mine' })).statusCode).toBe(404);
    expect((await t2.request('DELETE', `/api/v1/saved-views/${v.id}`, t2.admin)).statusCode).toBe(404);
    expect((await t2.request('GET', '/api/v1/saved-views?resource=contacts&all=true', t2.admin)).json().data).toEqual([]);
    expect((await t1.request('GET', `/api/v1/saved-views/${v.id}`, t1.admin)).json().name).toBe('Tenant one');
  });

  it('describes the fields and columns of each resource', async () => {
    const t = await h.tenant();
    const res = await t.request('GET', '/api/v1/saved-views/fields?resource=interactions', t.admin);
    const body = res.json();
    expect(body.fields).toContainEqual({ field: 'occurredAt', type: 'timestamp', sortable: true });
    expect(body.fields).toContainEqual({ field: 'contactId', type: 'uuid', sortable: false });
    expect(body.columns).toContain('subject');
    const service = await t.user('service');
    expect((await t.request('GET', '/api/v1/saved-views?resource=companies', service.token)).statusCode).toBe(200);
  });
});
