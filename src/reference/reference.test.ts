import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';

forEachDatabase('reference API', (h) => {
  it('lists countries and subdivisions for pickers', async () => {
    const t = await h.tenant();
    const countries = (await t.request('GET', '/api/v1/reference/countries', t.admin)).json().data;
    expect(countries).toHaveLength(249);
    expect(countries.find((c: { code: string }) => c.code === 'DE')).toEqual({ code: 'DE', alpha3: 'DEU', name: 'Germany', hasSubdivisions: true, timeZone: 'Europe/Berlin' });
    const us = (await t.request('GET', '/api/v1/reference/countries/us/subdivisions', t.admin)).json().data;
    expect(us).toContainEqual({ code: 'US-TX', name: 'Texas' });
    expect((await t.request('GET', '/api/v1/reference/countries/JP/subdivisions', t.admin)).json().data).toEqual([]);
    const bad = await t.request('GET', '/api/v1/reference/countries/ZZ/subdivisions', t.admin);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('code');
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/reference/countries' })).statusCode).toBe(401);
  });
});
