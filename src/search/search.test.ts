import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';
import { queryUnits, settleFinishedWords } from './service.ts';

interface Hit { type: 'contact' | 'company'; id: string; displayName?: string; name?: string; subtitle: string | null; score: number }

async function find(t: TestTenant, token: string, q: string, extra = ''): Promise<Hit[]> {
  const res = await t.request('GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { data: Hit[] }).data;
}

async function create(t: TestTenant, token: string, what: 'contacts' | 'companies', body: Record<string, unknown>): Promise<string> {
  const res = await t.request('POST', `/api/v1/${what}`, token, body);
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

it('splits queries into words, or one email or phone number', () => {
  expect(queryUnits('  Zoë  Ångström ')).toEqual([{ kind: 'word', text: 'zoe' }, { kind: 'word', text: 'angstrom' }]);
  expect(queryUnits('J Smith')).toEqual([{ kind: 'word', text: 'smith' }]);
  expect(queryUnits('Ada@Example.TEST')).toEqual([{ kind: 'email', text: 'ada@example.test' }]);
  expect(queryUnits('+44 (20) 7946-0000')).toEqual([{ kind: 'digits', text: '442079460000' }]);
  expect(queryUnits('020 7946 0000')).toEqual([{ kind: 'digits', text: '2079460000' }]);
  expect(queryUnits('ada 7946')).toEqual([{ kind: 'word', text: 'ada' }, { kind: 'digits', text: '7946' }]);
  expect(queryUnits('room 0042')).toEqual([{ kind: 'word', text: 'room' }, { kind: 'word', text: '0042' }]);
  expect(queryUnits('a')).toEqual([]);
});

forEachDatabase('search API', (h) => {
  async function world() {
    const t = await h.tenant();
    const initech = await create(t, t.admin, 'companies', { name: 'Initech', domain: 'initech.test' });
    const ada = await create(t, t.admin, 'contacts', {
      givenName: 'Ada', familyName: 'Lovelace', jobTitle: 'Analyst',
      emails: [{ address: 'ada.countess@analytical.test' }], phones: [{ number: '+44 20 7946 0000' }],
    });
    const zoe = await create(t, t.admin, 'contacts', { givenName: 'Zoë', familyName: 'Ångström' });
    const peter = await create(t, t.admin, 'contacts', { givenName: 'Peter', familyName: 'Gibbons', jobTitle: 'Engineer', companies: [{ companyId: initech, role: 'Engineer' }] });
    return { t, initech, ada, zoe, peter };
  }

  it('forgives typos and accents', async () => {
    const { t, ada, zoe } = await world();
    const typo = await find(t, t.admin, 'lovelce');
    expect(typo[0]).toMatchObject({ type: 'contact', id: ada, displayName: 'Ada Lovelace', subtitle: 'Analyst' });
    expect((await find(t, t.admin, 'ada lovelce'))[0]!.id).toBe(ada);
    expect((await find(t, t.admin, 'zoe angstrom'))[0]).toMatchObject({ id: zoe, displayName: 'Zoë Ångström' });
    expect((await find(t, t.admin, 'ÅNGSTRÖM'))[0]!.id).toBe(zoe);
    // As you type: a prefix is enough.
    expect((await find(t, t.admin, 'lovel'))[0]!.id).toBe(ada);
    // Every word must match something.
    expect(await find(t, t.admin, 'zoe lovelace')).toEqual([]);
  });

  it('finds contacts by email and by phone digits', async () => {
    const { t, ada } = await world();
    expect((await find(t, t.admin, 'ada.countess@analytical.test')).map((x) => x.id)).toEqual([ada]);
    expect((await find(t, t.admin, 'ADA.Countess@analyt'))[0]!.id).toBe(ada);
    expect((await find(t, t.admin, 'countess'))[0]!.id).toBe(ada);
    for (const q of ['+44 20 7946 0000', '020 7946 0000', '79460000', '7946']) {
      expect((await find(t, t.admin, q)).map((x) => x.id), q).toEqual([ada]);
    }
  });

  it('finds companies, and the people at a matching company below them', async () => {
    const { t, initech, peter } = await world();
    const hits = await find(t, t.admin, 'initech');
    expect(hits.map((x) => [x.type, x.id])).toEqual([['company', initech], ['contact', peter]]);
    expect(hits[0]).toMatchObject({ name: 'Initech', subtitle: 'initech.test', score: 1 });
    expect(hits[1]).toMatchObject({ displayName: 'Peter Gibbons', subtitle: 'Engineer · Initech' });
    expect(hits[1]!.score).toBeLessThan(hits[0]!.score);
    expect((await find(t, t.admin, 'initech.test'))[0]!.id).toBe(initech);
    expect((await find(t, t.admin, 'inittech', '&types=company')).map((x) => x.id)).toEqual([initech]);
    expect((await find(t, t.admin, 'initech', '&types=contact')).map((x) => x.id)).toEqual([peter]);
    // A contact found directly keeps its own, higher score.
    expect((await find(t, t.admin, 'gibbons'))[0]).toMatchObject({ id: peter, score: 1 });
  });

  it('ranks exact above prefix above fuzzy, then by name', async () => {
    const t = await h.tenant();
    const fuzzy = await create(t, t.admin, 'contacts', { givenName: 'Aaron', familyName: 'Lovelacy' });
    const prefix = await create(t, t.admin, 'contacts', { givenName: 'Abel', familyName: 'Lovelaceford' });
    const exactB = await create(t, t.admin, 'contacts', { givenName: 'Beth', familyName: 'Lovelace' });
    const exactA = await create(t, t.admin, 'contacts', { givenName: 'Ann', familyName: 'Lovelace' });
    const hits = await find(t, t.admin, 'lovelace');
    expect(hits.map((x) => x.id)).toEqual([exactA, exactB, prefix, fuzzy]);
    expect(hits[0]!.score).toBe(1);
    expect(hits[2]!.score).toBeGreaterThan(hits[3]!.score);
    expect((await find(t, t.admin, 'lovelace', '&limit=2')).map((x) => x.id)).toEqual([exactA, exactB]);
  });

  it("never returns another tenant's records or ones the caller may not see", async () => {
    const { t, ada } = await world();
    const other = await h.tenant();
    await create(other, other.admin, 'contacts', { givenName: 'Ada', familyName: 'Lovelace' });
    await create(other, other.admin, 'contacts', { givenName: 'Ada', familyName: 'Lovelacer' });
    expect((await find(t, t.admin, 'ada lovelace')).map((x) => x.id)).toEqual([ada]);
    // A word only the other tenant's dictionary holds leads to this tenant's near matches only.
    expect((await find(t, t.admin, 'lovelacer')).map((x) => x.id)).toEqual([ada]);

    const rep1 = await t.user('rep');
    const rep2 = await t.user('rep');
    const mine = await create(t, rep1.token, 'contacts', { givenName: 'Hedy', familyName: 'Lamarr' });
    const theirs = await create(t, rep2.token, 'contacts', { givenName: 'Hedy', familyName: 'Lamarr', companies: [{ companyId: (await find(t, t.admin, 'initech', '&types=company'))[0]!.id }] });
    expect((await find(t, rep1.token, 'hedy lamarr')).map((x) => x.id)).toEqual([mine]);
    expect((await find(t, rep2.token, 'hedy lamarr')).map((x) => x.id)).toEqual([theirs]);
    // The admin's contacts and company are invisible to a rep, also through the company.
    expect(await find(t, rep1.token, 'lovelace')).toEqual([]);
    expect(await find(t, rep1.token, 'initech')).toEqual([]);
    // rep2 cannot see Initech itself, but is led to its own contact there.
    expect((await find(t, rep2.token, 'initech')).map((x) => [x.type, x.id])).toEqual([['contact', theirs]]);
  });

  it("the search views show only the transaction's tenant", async () => {
    const { t } = await world();
    const other = await h.tenant();
    await create(other, other.admin, 'contacts', { givenName: 'Ada', familyName: 'Lovelace' });
    const count = (tenantId: string) => h.database.withTenant(tenantId, async (tx) => {
      const res = (await tx.execute(sql`select (select count(*) from contact_search)::int as contacts, (select count(*) from company_search)::int as companies,
        (select count(*) from search_terms_scoped where tenant_id <> ${tenantId}::uuid)::int as foreign_terms`)) as unknown as { rows: unknown[] };
      return res.rows[0];
    });
    expect(await count(t.id)).toEqual({ contacts: 3, companies: 1, foreign_terms: 0 });
    expect(await count(other.id)).toEqual({ contacts: 1, companies: 0, foreign_terms: 0 });
    // Outside a tenant transaction (app.tenant_id unset) they show nothing at all.
    const [outside] = await h.database.query<{ n: number }>('select count(*)::int as n from contact_search');
    expect(outside!.n).toBe(0);
  });

  it('validates its parameters', async () => {
    const t = await h.tenant();
    for (const [query, field] of [['q=', 'q'], ['q=x&limit=51', 'limit'], ['q=x&types=people', 'types']] as const) {
      const res = await t.request('GET', `/api/v1/search?${query}`, t.admin);
      expect(res.statusCode, query).toBe(422);
      expect(res.json().errors[0].field).toBe(field);
    }
    expect(await find(t, t.admin, 'x')).toEqual([]);
  });
});

describe('settleFinishedWords', () => {
  it('keeps only the exact term of a finished word, and every candidate of the last word', () => {
    const first = new Map([['william', 1], ['williams', 0.85], ['williamson', 0.8]]);
    const last = new Map([['bennett', 0.5], ['benn', 1], ['bennet', 0.9]]);
    const fuzzyOnly = new Map([['richard', 0.45]]);
    const settled = settleFinishedWords([first, fuzzyOnly, last]);
    expect([...settled[0]!.keys()]).toEqual(['william']);
    expect(settled[1]).toBe(fuzzyOnly);
    expect(settled[2]).toBe(last);
  });
});
