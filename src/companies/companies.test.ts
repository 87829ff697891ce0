import { expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { forEachDatabase, type Harness, type TestTenant } from '../../test/harness.ts';
import { customFieldDefinitions } from '../custom-fields/tables.ts';
import { outboxEvents } from '../platform/outbox/tables.ts';
import { uuidv7 } from '../platform/ids.ts';
import { normalizeDomain, normalizeWebsite } from './schemas.ts';

const acme = {
  name: '  Acme   Corporation ',
  domain: 'https://WWW.Acme.COM/about?x=1',
  industry: 'Manufacturing',
  size: 250,
  phones: [{ number: '020 7946 0000', type: 'main' }],
  addresses: [{ line1: '1 Road', city: 'London', country: 'gb' }],
  tags: ['key', 'key', 'uk'],
};

async function defineTier(h: Harness, t: TestTenant, required = false) {
  await h.database.withTenant(t.id, (tx) => tx.insert(customFieldDefinitions).values({
    tenantId: t.id, id: uuidv7(), entity: 'company', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'], required,
  }));
}

it('normalises domains and web addresses', () => {
  expect(normalizeDomain('https://WWW.Example.com:8443/a/b?c#d')).toBe('example.com');
  expect(normalizeDomain('Sub.Example.co.uk.')).toBe('sub.example.co.uk');
  expect(normalizeDomain('münchen.de')).toBe('xn--mnchen-3ya.de');
  expect(normalizeDomain('not a domain')).toBeNull();
  expect(normalizeDomain('localhost')).toBeNull();
  expect(normalizeWebsite('acme.com/team')).toBe('https://acme.com/team');
  expect(normalizeWebsite('ftp://acme.com')).toBeNull();
});

forEachDatabase('companies API', (h) => {
  it('creates, reads, updates and deletes a company, with history and events', async () => {
    const t = await h.tenant();
    const created = await t.request('POST', '/api/v1/companies', t.admin, acme);
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(created.headers['etag']).toBe('W/"1"');
    expect(created.headers['location']).toBe(`/api/v1/companies/${c.id}`);
    expect(c).toMatchObject({
      name: 'Acme Corporation', domain: 'acme.com', website: null, industry: 'Manufacturing', size: 250,
      tags: ['key', 'uk'], ownerId: t.adminId, version: 1,
      addresses: [expect.objectContaining({ city: 'London', country: 'GB', primary: true })],
      phones: [expect.objectContaining({ number: '020 7946 0000', e164: '+442079460000', primary: true })],
    });

    const got = await t.request('GET', `/api/v1/companies/${c.id}`, t.admin);
    expect(got.statusCode).toBe(200);
    expect(got.headers['etag']).toBe('W/"1"');
    expect(got.json()).toEqual(c);

    const patched = await t.request('PATCH', `/api/v1/companies/${c.id}`, t.admin, { industry: 'Robotics', website: 'acme.com/en' }, { 'if-match': 'W/"1"' });
    expect(patched.statusCode).toBe(200);
    expect(patched.headers['etag']).toBe('W/"2"');
    expect(patched.json()).toMatchObject({ industry: 'Robotics', website: 'https://acme.com/en', domain: 'acme.com', size: 250, version: 2 });

    const history = (await t.request('GET', `/api/v1/companies/${c.id}/history`, t.admin)).json();
    expect(history.data.map((e: { action: string }) => e.action)).toEqual(['company.updated', 'company.created']);
    expect(history.data[0].changes.industry).toEqual({ before: 'Manufacturing', after: 'Robotics' });

    expect((await t.request('DELETE', `/api/v1/companies/${c.id}`, t.admin)).statusCode).toBe(204);
    expect((await t.request('GET', `/api/v1/companies/${c.id}`, t.admin)).statusCode).toBe(404);

    const events = await h.database.withTenant(t.id, (tx) =>
      tx.select({ type: outboxEvents.type }).from(outboxEvents).where(and(eq(outboxEvents.tenantId, t.id), eq(outboxEvents.entityId, c.id))).orderBy(outboxEvents.id));
    expect(events.map((e) => e.type)).toEqual(['company.created', 'company.updated', 'company.deleted']);
  });

  it('takes the domain from the website when none is given', async () => {
    const t = await h.tenant();
    const c = (await t.request('POST', '/api/v1/companies', t.admin, { name: 'Initech', website: 'http://www.initech.test/home' })).json();
    expect(c).toMatchObject({ domain: 'initech.test', website: 'http://www.initech.test/home' });
    const cleared = await t.request('PATCH', `/api/v1/companies/${c.id}`, t.admin, { domain: null });
    expect(cleared.json().domain).toBeNull();
  });

  it('names the offending fields', async () => {
    const t = await h.tenant();
    await defineTier(h, t, true);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ domain: 'acme.com', customFields: { tier: 'gold' } }, 'name'],
      [{ name: '   ', customFields: { tier: 'gold' } }, 'name'],
      [{ name: 'A', domain: 'not a domain', customFields: { tier: 'gold' } }, 'domain'],
      [{ name: 'A', website: 'mailto:x@y.z', customFields: { tier: 'gold' } }, 'website'],
      [{ name: 'A', size: -3, customFields: { tier: 'gold' } }, 'size'],
      [{ name: 'A', phones: [{ number: 'call me' }], customFields: { tier: 'gold' } }, 'phones.0.number'],
      [{ name: 'A', customFields: { tier: 'bronze' } }, 'customFields.tier'],
      [{ name: 'A' }, 'customFields.tier'],
      [{ name: 'A', customFields: { tier: 'gold', colour: 'red' } }, 'customFields.colour'],
      [{ name: 'A', ownerId: uuidv7(), customFields: { tier: 'gold' } }, 'ownerId'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request('POST', '/api/v1/companies', t.admin, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const ok = await t.request('POST', '/api/v1/companies', t.admin, { name: 'A', customFields: { tier: 'gold' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().customFields).toEqual({ tier: 'gold' });
  });

  it('refuses a source identifier another record holds with 409', async () => {
    const t = await h.tenant();
    const first = (await t.request('POST', '/api/v1/companies', t.admin, { name: 'A', sourceIdentifiers: [{ system: 'erp', externalId: 'C-1' }] })).json();
    expect(first.sourceIdentifiers).toEqual([{ system: 'erp', externalId: 'C-1' }]);
    const clash = await t.request('POST', '/api/v1/companies', t.admin, { name: 'B', sourceIdentifiers: [{ system: 'erp', externalId: 'C-1' }] });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().errors).toEqual([expect.objectContaining({ field: 'sourceIdentifiers.0.externalId' })]);
    await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'P', sourceIdentifiers: [{ system: 'erp', externalId: 'P-1' }] });
    const taken = await t.request('PATCH', `/api/v1/companies/${first.id}`, t.admin, { sourceIdentifiers: [{ system: 'erp', externalId: 'C-1' }, { system: 'erp', externalId: 'P-1' }] });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors).toEqual([expect.objectContaining({ field: 'sourceIdentifiers.1.externalId' })]);
    // Its own identifiers stay its own.
    const kept = await t.request('PATCH', `/api/v1/companies/${first.id}`, t.admin, { sourceIdentifiers: [{ system: 'erp', externalId: 'C-1' }, { system: 'crm', externalId: '9' }] });
    expect(kept.statusCode).toBe(200);
    expect(kept.json().sourceIdentifiers).toEqual([{ system: 'crm', externalId: '9' }, { system: 'erp', externalId: 'C-1' }]);
  });

  it('bulk atomic writes all or nothing', async () => {
    const t = await h.tenant();
    await defineTier(h, t);
    const bad = await t.request('POST', '/api/v1/companies/bulk', t.admin, {
      mode: 'atomic', items: [{ name: 'One' }, { name: 'Two', customFields: { tier: 'bronze' } }, { name: 'Three', ownerId: uuidv7() }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['items.1.customFields.tier', 'items.2.ownerId']);
    expect((await t.request('GET', '/api/v1/companies', t.admin)).json().data).toEqual([]);

    const schemaBad = await t.request('POST', '/api/v1/companies/bulk', t.admin, { items: [{ name: 'One' }, { size: 3 }] });
    expect(schemaBad.statusCode).toBe(422);
    expect(schemaBad.json().errors[0].field).toBe('items.1.name');

    const good = await t.request('POST', '/api/v1/companies/bulk', t.admin, { mode: 'atomic', items: [{ name: 'One' }, { name: 'Two', customFields: { tier: 'gold' } }] });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ created: 2, failed: 0 });
    expect(good.json().results.map((r: { company: { name: string } }) => r.company.name)).toEqual(['One', 'Two']);
  });

  it('bulk perRow writes the good rows and reports the others', async () => {
    const t = await h.tenant();
    await defineTier(h, t);
    await t.request('POST', '/api/v1/companies', t.admin, { name: 'Old', sourceIdentifiers: [{ system: 'erp', externalId: '1' }] });
    const res = await t.request('POST', '/api/v1/companies/bulk', t.admin, {
      mode: 'perRow',
      items: [
        { name: 'Good 1', sourceIdentifiers: [{ system: 'erp', externalId: '2' }] },
        { name: 'Bad tier', customFields: { tier: 'bronze' } },
        { name: 'Good 2' },
        { name: 'Taken id', sourceIdentifiers: [{ system: 'erp', externalId: '1' }] },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 2, failed: 2 });
    expect(body.results.map((r: { status: number }) => r.status)).toEqual([201, 422, 201, 409]);
    expect(body.results[1].errors).toEqual([expect.objectContaining({ field: 'customFields.tier' })]);
    expect(body.results[3].errors).toEqual([expect.objectContaining({ field: 'sourceIdentifiers.0.externalId' })]);
    expect(body.results[0].company.sourceIdentifiers).toEqual([{ system: 'erp', externalId: '2' }]);
    const names = (await t.request('GET', '/api/v1/companies', t.admin)).json().data.map((c: { name: string }) => c.name);
    expect(names).toEqual(['Good 1', 'Good 2', 'Old']);
  });

  it('refuses a stale write with 412', async () => {
    const t = await h.tenant();
    const c = (await t.request('POST', '/api/v1/companies', t.admin, { name: 'A' })).json();
    expect((await t.request('PATCH', `/api/v1/companies/${c.id}`, t.admin, { size: 1 }, { 'if-match': 'W/"1"' })).statusCode).toBe(200);
    const stale = await t.request('PATCH', `/api/v1/companies/${c.id}`, t.admin, { size: 2 }, { 'if-match': 'W/"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect((await t.request('GET', `/api/v1/companies/${c.id}`, t.admin)).json().size).toBe(1);
  });

  it("answers 404 for another tenant's company, and for one the caller may not see", async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const c = (await a.request('POST', '/api/v1/companies', a.admin, { name: 'Secret' })).json();
    for (const [method, body] of [['GET', undefined], ['PATCH', { name: 'Mine' }], ['DELETE', undefined]] as const) {
      expect((await b.request(method, `/api/v1/companies/${c.id}`, b.admin, body)).statusCode, method).toBe(404);
    }
    expect((await b.request('GET', `/api/v1/companies/${c.id}/history`, b.admin)).statusCode).toBe(404);
    expect((await b.request('GET', `/api/v1/companies/${c.id}/contacts`, b.admin)).statusCode).toBe(404);
    expect((await b.request('GET', '/api/v1/companies', b.admin)).json().data).toEqual([]);

    const rep = await a.user('rep');
    expect((await a.request('GET', `/api/v1/companies/${c.id}`, rep.token)).statusCode).toBe(404);
    expect((await a.request('PATCH', `/api/v1/companies/${c.id}`, rep.token, { name: 'X' })).statusCode).toBe(404);
    expect((await a.request('GET', '/api/v1/companies', rep.token)).json().data).toEqual([]);
    const own = await a.request('POST', '/api/v1/companies', rep.token, { name: 'Rep Co' });
    expect(own.json().ownerId).toBe(rep.id);
    expect((await a.request('GET', '/api/v1/companies', rep.token)).json().data.map((x: { name: string }) => x.name)).toEqual(['Rep Co']);
    expect((await a.request('GET', `/api/v1/companies/${c.id}`, a.admin)).json().name).toBe('Secret');
  });

  it('filters, sorts and pages through every company exactly once', async () => {
    const t = await h.tenant();
    await defineTier(h, t);
    const items = Array.from({ length: 23 }, (_, i) => ({
      name: `Company ${String.fromCharCode(65 + (i % 26))}${i}`,
      size: i * 10,
      industry: i % 2 ? 'Software' : 'Retail',
      tags: i % 3 ? [] : ['vip'],
      customFields: { tier: i % 4 ? 'silver' : 'gold' },
      domain: `c${i}.example.test`,
    }));
    expect((await t.request('POST', '/api/v1/companies/bulk', t.admin, { items })).json().created).toBe(23);
    await t.request('POST', '/api/v1/companies', t.admin, { name: 'Late Company', size: 5 });

    for (const sort of ['name', '-name', 'createdAt', '-updatedAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/companies?limit=5&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.request('GET', url, t.admin);
        expect(res.statusCode).toBe(200);
        const body = res.json() as { data: Array<{ id: string; name: string }>; nextCursor: string | null };
        seen.push(...body.data.map((c) => c.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen.length, sort).toBe(24);
      expect(new Set(seen).size, sort).toBe(24);
    }
    const names = (await t.request('GET', '/api/v1/companies?limit=100&sort=-name', t.admin)).json().data.map((c: { name: string }) => c.name);
    expect(names).toEqual([...names].sort().reverse());

    const count = async (query: string) => {
      const res = await t.request('GET', `/api/v1/companies?limit=100&${query}`, t.admin);
      expect(res.statusCode, query).toBe(200);
      return res.json().data.length as number;
    };
    expect(await count('filter[industry]=Software')).toBe(11);
    expect(await count('filter[size][gte]=100&filter[industry]=Retail')).toBe(7);
    expect(await count('filter[tags]=vip')).toBe(8);
    expect(await count('filter[customFields.tier]=gold')).toBe(6);
    expect(await count('filter[domain]=c7.example.test')).toBe(1);
    expect(await count('filter[name][contains]=late')).toBe(1);
    expect(await count('filter[domain][isNull]=true')).toBe(1);
    const bad = await t.request('GET', '/api/v1/companies?filter[colour]=red', t.admin);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('filter[colour]');

    const slim = (await t.request('GET', '/api/v1/companies?limit=1&fields=name,size', t.admin)).json().data[0];
    expect(Object.keys(slim).sort()).toEqual(['id', 'name', 'size']);
  });

  it('lists the contacts linked to a company with their role, only those the caller may see', async () => {
    const t = await h.tenant();
    const team = await t.team('Sales');
    const rep1 = await t.user('rep', { teamIds: [team] });
    const rep2 = await t.user('rep');
    const co = (await t.request('POST', '/api/v1/companies', t.admin, { name: 'Initech', teamId: team })).json();
    const other = (await t.request('POST', '/api/v1/companies', t.admin, { name: 'Other', teamId: team })).json();
    const mine = (await t.request('POST', '/api/v1/contacts', rep1.token, { givenName: 'Peter', familyName: 'Gibbons', companies: [{ companyId: co.id, role: 'Engineer' }] })).json();
    await t.request('POST', '/api/v1/contacts', rep2.token, { givenName: 'Milton', familyName: 'Waddams', companies: [{ companyId: co.id, role: 'Collator' }] });
    await t.request('POST', '/api/v1/contacts', t.admin, { givenName: 'Bill', familyName: 'Lumbergh', companies: [{ companyId: other.id, role: 'VP' }, { companyId: co.id, role: 'Boss' }] });

    const asAdmin = (await t.request('GET', `/api/v1/companies/${co.id}/contacts`, t.admin)).json();
    expect(asAdmin.data.map((c: { displayName: string; role: string }) => [c.displayName, c.role])).toEqual([
      ['Bill Lumbergh', 'Boss'], ['Milton Waddams', 'Collator'], ['Peter Gibbons', 'Engineer'],
    ]);
    const paged = (await t.request('GET', `/api/v1/companies/${co.id}/contacts?limit=2&fields=displayName`, t.admin)).json();
    expect(paged.data).toEqual([
      { id: expect.any(String), displayName: 'Bill Lumbergh', role: 'Boss', isPrimary: false },
      { id: expect.any(String), displayName: 'Milton Waddams', role: 'Collator', isPrimary: true },
    ]);
    expect(paged.nextCursor).not.toBeNull();

    const asRep = (await t.request('GET', `/api/v1/companies/${co.id}/contacts`, rep1.token)).json();
    expect(asRep.data.map((c: { id: string; role: string }) => [c.id, c.role])).toEqual([[mine.id, 'Engineer']]);
    expect((await t.request('GET', `/api/v1/companies/${co.id}/contacts`, rep2.token)).statusCode).toBe(404);

    // Deleting the company removes the links, not the contacts.
    expect((await t.request('DELETE', `/api/v1/companies/${co.id}`, t.admin)).statusCode).toBe(204);
    const peter = (await t.request('GET', `/api/v1/contacts/${mine.id}`, t.admin)).json();
    expect(peter.companies).toEqual([]);
    const rows = await h.database.withTenant(t.id, async (tx) => (await tx.execute(sql`select count(*)::int as n from contacts`) as unknown as { rows: Array<{ n: number }> }).rows);
    expect(rows).toEqual([{ n: 3 }]);
  });
});
