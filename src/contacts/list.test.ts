import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';

const person = (i: number, extra: Record<string, unknown> = {}) => ({
  givenName: `Given${String(i).padStart(3, '0')}`, familyName: i % 2 ? 'Odd' : 'Even',
  lifecycleStage: i % 3 === 0 ? 'client' : 'prospect', tags: i % 5 === 0 ? ['vip'] : [],
  addresses: [{ city: 'Austin', region: 'US-TX', country: i % 4 === 0 ? 'US' : 'GB' }], ...extra,
});

forEachDatabase('contact lists and bulk', (h) => {
  it('pages through every contact with a keyset cursor, without duplicates or gaps', async () => {
    const t = await h.tenant();
    const bulk = await t.request('POST', '/api/v1/contacts/bulk', t.admin, { items: Array.from({ length: 57 }, (_, i) => person(i)) });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json().created).toBe(57);
    for (const sort of ['displayName', '-displayName', 'createdAt', '-updatedAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/contacts?limit=10&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.request('GET', url, t.admin);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        seen.push(...body.data.map((c: { id: string }) => c.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen.length).toBe(57);
      expect(new Set(seen).size).toBe(57);
    }
  });

  it('filters with operators, combines with and/or, and selects fields', async () => {
    const t = await h.tenant();
    await t.request('POST', '/api/v1/contacts/bulk', t.admin, { items: Array.from({ length: 30 }, (_, i) => person(i)) });
    const q = async (query: string) => {
      const res = await t.request('GET', `/api/v1/contacts?limit=100&${query}`, t.admin);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data as Array<Record<string, unknown>>;
    };
    expect((await q('filter[familyName]=Odd')).length).toBe(15);
    expect((await q('filter[familyName][ne]=Odd')).length).toBe(15);
    expect((await q('filter[lifecycleStage][in]=client,lead')).length).toBe(10);
    expect((await q('filter[givenName][contains]=ven00')).length).toBe(10);
    expect((await q('filter[tags]=vip')).length).toBe(6);
    expect((await q('filter[country]=US&filter[familyName]=Even')).length).toBe(8);
    expect((await q('filter[country]=US&filter[familyName]=Odd&match=any')).length).toBe(23);
    expect((await q('filter[jobTitle][isNull]=true')).length).toBe(30);
    expect((await q('filter[givenName][gte]=Given020')).length).toBe(10);
    const slim = await q('fields=givenName&filter[givenName]=Given001');
    expect(slim).toEqual([{ id: expect.any(String), givenName: 'Given001' }]);
  });

  it('names the bad filter, sort or cursor', async () => {
    const t = await h.tenant();
    const bad = async (query: string, field: string) => {
      const res = await t.request('GET', `/api/v1/contacts?${query}`, t.admin);
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].field).toBe(field);
    };
    await bad('filter[shoeSize]=9', 'filter[shoeSize]');
    await bad('filter[birthDate][gt]=yesterday', 'filter[birthDate]');
    await bad('filter[familyName][like]=x', 'filter[familyName][like]');
    await bad('sort=jobTitle', 'sort');
    await bad('cursor=not-a-cursor', 'cursor');
  });

  it('creates all or nothing in atomic mode and good rows only in perRow mode', async () => {
    const t = await h.tenant();
    const items = [person(1), { givenName: 'Bad', emails: [{ address: 'nope@' }] }, person(2)];
    // Schema errors are caught before any row is written, whatever the mode.
    const schema = await t.request('POST', '/api/v1/contacts/bulk', t.admin, { mode: 'perRow', items });
    expect(schema.statusCode).toBe(422);
    expect(schema.json().errors[0].field).toBe('items.1.emails.0.address');

    const dupItems = [person(1, { sourceIdentifiers: [{ system: 'erp', externalId: '7' }] }), person(2, { sourceIdentifiers: [{ system: 'erp', externalId: '7' }] }), person(3)];
    const atomic = await t.request('POST', '/api/v1/contacts/bulk', t.admin, { mode: 'atomic', items: dupItems });
    expect(atomic.statusCode).toBe(422);
    expect(atomic.json().errors[0].field).toBe('items.1.sourceIdentifiers.0.externalId');
    expect((await t.request('GET', '/api/v1/contacts', t.admin)).json().data).toEqual([]);

    const perRow = await t.request('POST', '/api/v1/contacts/bulk', t.admin, { mode: 'perRow', items: dupItems });
    expect(perRow.statusCode).toBe(200);
    const body = perRow.json();
    expect(body).toMatchObject({ created: 2, failed: 1 });
    expect(body.results[1]).toMatchObject({ index: 1, status: 422, errors: [{ field: 'sourceIdentifiers.0.externalId' }] });
    expect(body.results[0].contact.sourceIdentifiers).toEqual([{ system: 'erp', externalId: '7' }]);
    expect((await t.request('GET', '/api/v1/contacts', t.admin)).json().data.length).toBe(2);
  });

  it('refuses more than 1,000 rows in one call', async () => {
    const t = await h.tenant();
    const res = await t.request('POST', '/api/v1/contacts/bulk', t.admin, { items: Array.from({ length: 1001 }, (_, i) => person(i)) });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('items');
  });
});

forEachDatabase('contact bulk update', (h) => {
  it('updates many contacts atomically or row by row, honouring versions', async () => {
    const t = await h.tenant();
    const created = (await t.request('POST', '/api/v1/contacts/bulk', t.admin, { items: [person(1), person(2), person(3)] })).json();
    const ids: string[] = created.results.map((r: { contact: { id: string } }) => r.contact.id);
    const ok = await t.request('PATCH', '/api/v1/contacts/bulk', t.admin, { items: ids.map((id) => ({ id, version: 1, patch: { tier: 'Gold' } })) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ updated: 3, failed: 0 });

    const stale = [{ id: ids[0], version: 2, patch: { tier: 'Silver' } }, { id: ids[1], version: 1, patch: { tier: 'Silver' } }];
    const atomic = await t.request('PATCH', '/api/v1/contacts/bulk', t.admin, { items: stale });
    expect(atomic.statusCode).toBe(412);
    expect(atomic.json().errors[0].field).toBe('items.1');
    expect((await t.request('GET', `/api/v1/contacts/${ids[0]}`, t.admin)).json().tier).toBe('Gold');

    const perRow = await t.request('PATCH', '/api/v1/contacts/bulk', t.admin, { mode: 'perRow', items: stale });
    expect(perRow.json()).toMatchObject({ updated: 1, failed: 1 });
    expect(perRow.json().results[1].status).toBe(412);
    expect((await t.request('GET', `/api/v1/contacts/${ids[0]}`, t.admin)).json()).toMatchObject({ tier: 'Silver', version: 3 });
    expect((await t.request('GET', `/api/v1/contacts/${ids[1]}`, t.admin)).json()).toMatchObject({ tier: 'Gold', version: 2 });
  });
});
