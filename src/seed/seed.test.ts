// The demo seed and its generators: deterministic, valid through the API's own schemas, with
// findable near-duplicates, and loaded into a real database with working logins and audit chain.
import { arrayLiteral } from '../db/sql.ts';
import { interactionKinds } from '../interactions/schemas.ts';
import { describe, expect, it } from 'vitest';
import { contactCreate } from '../contacts/schemas.ts';
import { isValidEmail } from '../contacts/normalize.ts';
import { verifyChain } from '../platform/audit/service.ts';
import { forEachDatabase } from '../../test/harness.ts';
import { createGenerator, type GeneratorOptions } from './generate.ts';
import { demoTenant, seedDemo } from './demo.ts';
import { typo } from './duplicates.ts';
import { createRandom } from './random.ts';

const options: GeneratorOptions = {
  seed: 'test',
  tenantId: '01900000-0000-7000-8000-000000000001',
  now: Date.UTC(2026, 0, 15),
  owners: [{ userId: '01900000-0000-7000-8000-0000000000a1', teamId: '01900000-0000-7000-8000-0000000000b1' }],
  institutionalOwners: [{ userId: '01900000-0000-7000-8000-0000000000a2', teamId: null }],
};

function generate() {
  const gen = createGenerator(options);
  const companies = gen.companies(40);
  const contacts = gen.contacts(400);
  const dups = gen.duplicates(contacts, 25);
  const activity = gen.activity([...contacts, ...dups.contacts], { interactions: 300, notes: 30, tasks: 30 });
  return { companies, contacts, dups, activity };
}

describe('seed generators', () => {
  it('produce the same rows from the same seed and clock', () => {
    expect(JSON.stringify(generate())).toBe(JSON.stringify(generate()));
  });

  it('produce contacts the API accepts, with valid emails and phones that parse to E.164', () => {
    const { contacts } = generate();
    for (const c of contacts) {
      expect(contactCreate.safeParse(c.input).error).toBeUndefined();
      for (const e of c.row.emails ?? []) expect(isValidEmail(e.address), e.address).toBe(true);
      // Every number has a country to read it in (its own prefix or the contact's address).
      if (c.row.addresses?.length) for (const p of c.row.phones ?? []) expect(p.e164, p.number).toMatch(/^\+\d{8,15}$/);
      expect(c.row.searchTokens).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(c.row.createdAt!.getTime()).toBeLessThanOrEqual(options.now);
    }
    expect(new Set(contacts.map((c) => c.row.primaryEmail).filter(Boolean)).size).toBe(contacts.filter((c) => c.row.primaryEmail).length);
  });

  it('make near-duplicates of every kind that keep an email or phone of their original', () => {
    const { contacts, dups } = generate();
    const byId = new Map(contacts.map((c) => [c.row.id, c.row]));
    expect(new Set(dups.pairs.map((p) => p.kind))).toEqual(new Set(['typo', 'nickname', 'swapped', 'email_case', 'transliterated']));
    dups.contacts.forEach((dup, i) => {
      const original = byId.get(dups.pairs[i]!.originalId)!;
      const sharedEmail = dup.row.primaryEmail !== null && dup.row.primaryEmail === original.primaryEmail;
      const sharedPhone = (dup.row.phones ?? []).some((p) => p.e164 && original.phones?.some((o) => o.e164 === p.e164));
      expect(sharedEmail || sharedPhone, `${dups.pairs[i]!.kind}: ${dup.row.displayName} / ${original.displayName}`).toBe(true);
      expect(dup.row.displayName).not.toBe('(no name)');
    });
  });

  it('typo changes one word by one slip', () => {
    const r = createRandom('typo');
    for (let i = 0; i < 50; i++) {
      const t = typo(r, 'Schneider');
      expect(t).not.toBe('Schneider');
      expect(Math.abs(t.length - 'Schneider'.length)).toBeLessThanOrEqual(1);
    }
  });
});

forEachDatabase('demo seed', (h) => {
  it('loads the demo tenant once, with users of every role who can sign in', async () => {
    const started = Date.now();
    const result = await seedDemo(h.database);
    console.info(`demo seed on ${h.kind}: ${Date.now() - started} ms`);
    expect(result).not.toBeNull();
    expect(result!.counts).toMatchObject({ companies: 300, contacts: 2000, duplicates: 40, interactions: 5000, users: 9, teams: 3 });
    expect(await seedDemo(h.database)).toBeNull();

    const t = result!.tenantId;
    const [counts] = await h.database.query<Record<string, number>>(
      `select (select count(*)::int from contacts where tenant_id = $1) contacts,
              (select count(*)::int from companies where tenant_id = $1) companies,
              (select count(*)::int from interactions where tenant_id = $1) interactions,
              (select count(*)::int from interaction_participants where tenant_id = $1) participants,
              (select count(*)::int from interaction_metrics where tenant_id = $1 and kind = 'assets_pledged') pledged,
              (select count(*)::int from notes where tenant_id = $1) notes,
              (select count(*)::int from tasks where tenant_id = $1) tasks,
              (select count(*)::int from contact_companies where tenant_id = $1) links,
              (select count(*)::int from search_terms where tenant_id = $1 and term = 'muller') muller,
              (select count(*)::int from audit_log where tenant_id = $1 and action = 'seed.loaded') seeded,
              (select count(*)::int from contacts where tenant_id = $1 and completeness is null) unassessed,
              (select count(*)::int from interactions where tenant_id = $1 and kind <> all($2::text[])) foreignKinds`,
      [t, arrayLiteral([...interactionKinds])],
    );
    // Seeded rows look like API-written ones: assessed for quality, with the API's interaction kinds.
    expect(counts).toMatchObject({ contacts: 2000, companies: 300, interactions: 5000, notes: 600, tasks: 300, muller: 1, seeded: 1, unassessed: 0, foreignkinds: 0 });
    expect(counts!['participants']).toBeGreaterThan(5000);
    expect(counts!['pledged']).toBeGreaterThan(50);
    expect(counts!['links']).toBeGreaterThan(1000);
    expect(await verifyChain(h.database.db, t)).toMatchObject({ ok: true });

    for (const email of ['admin@demo.test', 'manager@demo.test', 'rep1@demo.test', 'controller@demo.test', 'service@demo.test', 'readonly@demo.test']) {
      const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: demoTenant.slug, email, password: demoTenant.password } });
      expect(login.statusCode, email).toBe(200);
    }
    // A rep sees their own book and their team's, not the institutional one.
    const rep = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: 'demo', email: 'rep1@demo.test', password: demoTenant.password } });
    const token = (rep.json() as { token: string }).token;
    const page = await h.app.inject({ method: 'GET', url: '/api/v1/contacts?limit=500', headers: { authorization: `Bearer ${token}` } });
    const visible = (page.json() as { data: unknown[]; nextCursor: string | null });
    expect(visible.data.length).toBe(500);
    const [row] = await h.database.query<{ privateClients: number }>(
      `select count(*)::int "privateClients" from contacts c join teams t on t.tenant_id = c.tenant_id and t.id = c.team_id where c.tenant_id = $1 and t.name = 'Private Clients'`, [t]);
    expect(row!.privateClients).toBeGreaterThan(500);
    expect(row!.privateClients).toBeLessThan(2000);

    // Every contact has its source record; the core banking system spoke for some clients, and the
    // tenant trusts it first, so their net worth is the bank's, with the bank named in the lineage.
    const admin = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: 'demo', email: demoTenant.adminEmail, password: demoTenant.password } });
    const auth = { authorization: `Bearer ${(admin.json() as { token: string }).token}` };
    const systems = (await h.app.inject({ method: 'GET', url: '/api/v1/sources/systems', headers: auth })).json() as { data: Array<{ system: string; contacts: number; providing: number }> };
    const bySystem = Object.fromEntries(systems.data.map((s) => [s.system, s]));
    expect(Object.keys(bySystem).sort()).toEqual(['core-banking', 'legacy-crm', 'rapport']);
    expect(bySystem['legacy-crm']!.contacts + bySystem['rapport']!.contacts).toBe(2000);
    expect(bySystem['core-banking']).toMatchObject({ contacts: 60, providing: 60 });
    const [banked] = await h.database.query<{ id: string; amount: number }>(
      `select c.id::text, c.net_worth::float8 amount from source_records s join contacts c on c.tenant_id = s.tenant_id and c.id = s.contact_id
        where s.tenant_id = $1 and s.system = 'core-banking' and s.fields ? 'netWorth' limit 1`, [t]);
    const lineage = (await h.app.inject({ method: 'GET', url: `/api/v1/contacts/${banked!.id}/lineage`, headers: auth })).json() as {
      fields: Record<string, { system: string }>; sources: Array<{ system: string; fields: Record<string, { value: unknown }> }>;
    };
    expect(lineage.fields['netWorth']!.system).toBe('core-banking');
    expect(JSON.stringify(lineage.sources.find((s) => s.system === 'core-banking')!.fields['netWorth']!.value)).toContain(String(banked!.amount));
    expect(lineage.sources.map((s) => s.system).sort()).toEqual(expect.arrayContaining(['core-banking']));
    expect(lineage.sources.length).toBe(2);
  }, 120_000);
});
