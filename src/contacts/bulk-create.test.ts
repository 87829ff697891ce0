// The bulk-create write path builds each created contact from the values it wrote (no read-back),
// decides categorisation rules before the insert and inserts every table in one statement: what it
// answers must be exactly what a later read answers, its audit entries must hold every field and
// keep the chain intact, and each contact gets its own contact.created event.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { rowsOf } from '../db/sql.ts';
import { verifyChain } from '../platform/audit/service.ts';

forEachDatabase('contacts bulk create', (h) => {
  it('answers what a read answers, with rules, companies, categories, source ids and custom fields', async () => {
    const t = await h.tenant();
    const post = async (url: string, body: unknown) => (await t.request('POST', url, t.admin, body)).json();
    const hnw = (await post('/api/v1/categories', { name: 'HNW' })).id as string;
    const zeta = (await post('/api/v1/categories', { name: 'Zeta' })).id as string;
    const alpha = (await post('/api/v1/categories', { name: 'Alpha' })).id as string;
    await post('/api/v1/rules', {
      name: 'HNW finance', entity: 'contact',
      condition: { all: [{ field: 'industry', op: 'eq', value: 'Finance' }, { field: 'netWorth', op: 'gt', value: 1_000_000 }] },
      actions: [{ type: 'addCategory', categoryId: hnw }, { type: 'setTier', tier: 'HNW' }],
    });
    await post('/api/v1/rules', { name: 'Texans', entity: 'contact', condition: { field: 'region', op: 'eq', value: 'US-TX' }, actions: [{ type: 'addTag', tag: 'texas' }] });
    await post('/api/v1/custom-fields', { entity: 'contact', key: 'shoeSize', label: 'Shoe size', type: 'number' });
    const bank = (await post('/api/v1/companies', { name: 'Lone Star Bank', industry: 'Finance' })).id as string;
    const acme = (await post('/api/v1/companies', { name: 'Acme', industry: 'Retail' })).id as string;

    const items = [
      { // rules: HNW (primary company in Finance, net worth above 1M) and Texan
        givenName: 'ada', familyName: 'LOVELACE', jobTitle: ' Analyst ',
        emails: [{ address: ' Ada@Example.TEST ', type: 'work' }, { address: 'ada@home.test', type: 'home', primary: true }],
        phones: [{ number: '(512) 555-0100', type: 'work' }],
        addresses: [{ city: 'Austin', region: 'Texas', postalCode: '78701', country: 'United States' }],
        companies: [{ companyId: acme, role: 'Advisor' }, { companyId: bank, role: 'CFO', isPrimary: true }],
        categoryIds: [zeta, alpha, zeta], tags: ['vip', 'vip', 'early'], netWorth: { amount: 2_500_000, currency: 'USD' },
        birthDate: '1815-12-10', customFields: { shoeSize: 38 }, consent: { email: { status: 'granted' } },
        sourceIdentifiers: [{ system: 'zsys', externalId: 'b-1' }, { system: 'asys', externalId: 'z-9' }, { system: 'asys', externalId: 'a-1' }],
      },
      { // a typed tier is kept; the tag rule still applies
        givenName: 'Grace', familyName: 'Hopper', tier: 'Gold', companies: [{ companyId: bank }], netWorth: { amount: 5_000_000, currency: 'EUR' },
        addresses: [{ city: 'Houston', region: 'TX', country: 'US' }],
      },
      { familyName: 'Nobody', emails: [{ address: 'no.body@example.test' }], phones: [{ number: '123' }] },
    ];
    const res = await t.request('POST', '/api/v1/contacts/bulk', t.admin, { mode: 'atomic', items });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 3, failed: 0 });
    const [ada, grace, nobody] = body.results.map((r: { contact: Record<string, unknown> }) => r.contact);

    expect(ada).toMatchObject({
      givenName: 'Ada', familyName: 'Lovelace', jobTitle: 'Analyst', tier: 'HNW', tags: ['vip', 'early', 'texas'],
      companies: [{ companyId: bank, name: 'Lone Star Bank', role: 'CFO', isPrimary: true }, { companyId: acme, name: 'Acme', role: 'Advisor', isPrimary: false }],
      categories: [{ id: alpha, path: 'Alpha' }, { id: hnw, path: 'HNW' }, { id: zeta, path: 'Zeta' }],
      sourceIdentifiers: [{ system: 'asys', externalId: 'a-1' }, { system: 'asys', externalId: 'z-9' }, { system: 'zsys', externalId: 'b-1' }],
      customFields: { shoeSize: 38 }, version: 1,
    });
    expect(grace).toMatchObject({ tier: 'Gold', tags: ['texas'], categories: [{ id: hnw, path: 'HNW' }] });
    expect(nobody.qualityIssues.length).toBeGreaterThan(0);

    // Exactly what a read of the stored row answers (every field, relations in their order).
    for (const c of [ada, grace, nobody]) {
      const got = await t.request('GET', `/api/v1/contacts/${c.id}`, t.admin);
      expect(got.json()).toEqual(c);
    }

    // The created audit entry holds every stored field (after the rules), and the chain verifies.
    const history = (await t.request('GET', `/api/v1/contacts/${ada.id}/history`, t.admin)).json();
    expect(history.data.map((e: { action: string }) => e.action)).toEqual(['contact.created']);
    const changes = history.data[0].changes;
    expect(changes.tier).toEqual({ before: null, after: 'HNW' });
    expect(changes.tags).toEqual({ before: null, after: ['vip', 'early', 'texas'] });
    expect(changes.categories.after.map((x: { path: string }) => x.path)).toEqual(['Alpha', 'HNW', 'Zeta']);
    expect(changes.netWorth).toEqual({ before: null, after: '2500000.00' });
    expect(changes.middleName).toBeUndefined(); // nulls are not changes
    expect(await h.database.withTenant(t.id, (tx) => verifyChain(tx, t.id))).toMatchObject({ ok: true });

    // One contact.created event per contact, carrying the record.
    const events = await h.database.withTenant(t.id, (tx) => rowsOf<{ entity_id: string; payload: { id: string; tier: string } }>(tx,
      sql`select entity_id::text, payload from outbox_events where type = 'contact.created' order by id`));
    expect(events.map((e) => e.entity_id)).toEqual([ada.id, grace.id, nobody.id]);
    expect(events[0]!.payload).toMatchObject({ id: ada.id, tier: 'HNW' });
  });

  it('answers ids and versions only with Prefer: return=minimal, and the same rows are written', async () => {
    const t = await h.tenant();
    const items = [
      { givenName: 'Ada', familyName: 'Lovelace', emails: [{ address: 'ada@example.com' }] },
      { givenName: 'Grace', familyName: 'Hopper', jobTitle: 'Rear Admiral' },
      { givenName: 'Bad', ownerId: '00000000-0000-7000-8000-000000000000' },
    ];
    const res = await t.request('POST', '/api/v1/contacts/bulk', t.admin, { mode: 'perRow', items }, { prefer: 'return=minimal' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['preference-applied']).toBe('return=minimal');
    const body = res.json() as { created: number; failed: number; results: Array<{ index: number; status: number; id?: string; version?: number; contact?: unknown; errors?: Array<{ field: string }> }> };
    expect(body).toMatchObject({ created: 2, failed: 1 });
    for (const r of body.results) expect(r.contact).toBeUndefined();
    const [ada, grace, empty] = body.results;
    expect(ada).toMatchObject({ index: 0, status: 201, version: 1 });
    expect(grace).toMatchObject({ index: 1, status: 201, version: 1 });
    expect(empty).toEqual({ index: 2, status: 422, errors: [{ field: 'ownerId', message: 'no such user' }] });
    // The ids are the stored contacts', written exactly as without the preference.
    const stored = (await t.request('GET', `/api/v1/contacts/${ada!.id}`, t.admin)).json();
    expect(stored).toMatchObject({ id: ada!.id, displayName: 'Ada Lovelace', version: 1 });
    expect((await t.request('GET', `/api/v1/contacts/${grace!.id}`, t.admin)).json()).toMatchObject({ displayName: 'Grace Hopper', jobTitle: 'Rear Admiral' });
    // Without the preference (or with another one) the full records come back.
    const full = await t.request('POST', '/api/v1/contacts/bulk', t.admin, { items: [items[0]] }, { prefer: 'return=representation' });
    expect(full.headers['preference-applied']).toBeUndefined();
    expect(full.json().results[0].contact).toMatchObject({ displayName: 'Ada Lovelace' });
  });

  it('writes the good rows of a perRow batch and nothing of a refused atomic one', async () => {
    const t = await h.tenant();
    const items = Array.from({ length: 300 }, (_, i) => ({ givenName: `Person${i}`, familyName: 'Bulk', emails: [{ address: `p${i}@bulk.test` }] }));
    const bad = { givenName: 'Bad', ownerId: '00000000-0000-7000-8000-000000000000' };
    const perRow = (await t.request('POST', '/api/v1/contacts/bulk', t.admin, { mode: 'perRow', items: [...items.slice(0, 150), bad, ...items.slice(150)] })).json();
    expect(perRow).toMatchObject({ created: 300, failed: 1 });
    expect(perRow.results[150]).toMatchObject({ index: 150, status: 422, errors: [{ field: 'ownerId', message: 'no such user' }] });
    expect(perRow.results[151].contact.givenName).toBe('Person150');
    const atomic = await t.request('POST', '/api/v1/contacts/bulk', t.admin, { mode: 'atomic', items: [...items, bad] });
    expect(atomic.statusCode).toBe(422);
    expect(atomic.json().errors).toEqual([{ field: 'items.300.ownerId', message: 'no such user' }]);
    const counts = await h.database.withTenant(t.id, (tx) => rowsOf<{ contacts: number; events: number; audits: number }>(tx, sql`select
      (select count(*) from contacts)::int contacts, (select count(*) from outbox_events where type = 'contact.created')::int events,
      (select count(*) from audit_log where action = 'contact.created')::int audits`));
    expect(counts[0]).toEqual({ contacts: 300, events: 300, audits: 300 });
    expect(await h.database.withTenant(t.id, (tx) => verifyChain(tx, t.id))).toMatchObject({ ok: true, checked: expect.any(Number) });
  });

  it('answers a role without sensitive fields without them, while each event still carries the whole record; text in any script round-trips', async () => {
    const t = await h.tenant();
    const service = await t.user('service');
    const items = [
      { givenName: 'Zoë', familyName: 'Ångström-Łukasz', jobTitle: 'Ingénieur \\ "R&D"', tags: ['東京', 'emoji 🚀'], emails: [{ address: 'zoe@example.test' }] },
      { givenName: 'Дмитрий', familyName: 'Шостакович', addresses: [{ city: 'Санкт-Петербург', country: 'Russia' }] },
    ];
    const res = await t.request('POST', '/api/v1/contacts/bulk', service.token, { mode: 'atomic', items });
    expect(res.statusCode, res.body).toBe(200);
    const [zoe, dmitri] = res.json().results.map((r: { contact: Record<string, unknown> }) => r.contact);
    expect(zoe).toMatchObject({ givenName: 'Zoë', familyName: 'Ångström-Łukasz', jobTitle: 'Ingénieur \\ "R&D"', tags: ['東京', 'emoji 🚀'] });
    expect(dmitri).toMatchObject({ givenName: 'Дмитрий', familyName: 'Шостакович' });
    for (const c of [zoe, dmitri]) {
      expect(c).not.toHaveProperty('birthDate');
      expect(c).not.toHaveProperty('netWorth');
      expect((await t.request('GET', `/api/v1/contacts/${c.id}`, t.admin)).json()).toMatchObject({ ...c, birthDate: null, netWorth: null });
    }
    const events = await h.database.withTenant(t.id, (tx) => rowsOf<{ payload: Record<string, unknown> }>(tx,
      sql`select payload from outbox_events where type = 'contact.created' order by id`));
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ id: zoe.id, familyName: 'Ångström-Łukasz', birthDate: null, netWorth: null, accountNumbers: [] }),
      expect.objectContaining({ id: dmitri.id, givenName: 'Дмитрий', birthDate: null, netWorth: null }),
    ]);
    const history = (await t.request('GET', `/api/v1/contacts/${zoe.id}/history`, t.admin)).json();
    expect(history.data[0].changes.jobTitle).toEqual({ before: null, after: 'Ingénieur \\ "R&D"' });
    expect(await h.database.withTenant(t.id, (tx) => verifyChain(tx, t.id))).toMatchObject({ ok: true });
  });
});
