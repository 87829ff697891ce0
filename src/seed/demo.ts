// The demo tenant: a small wealth manager with a user of every role, three teams and a few years
// of client history, including near-duplicate contacts for the matching review queue, and the
// sources its records came from (a legacy CRM, the core banking system: seed/sources.ts). Rows are
// generated in memory and inserted straight into the tables in one transaction; the tenant, users
// and teams go through their services so passwords, memberships and audit entries are real.
import type { Database } from '../db/client.ts';
import { systemCtx } from '../platform/context.ts';
import { appendAudit } from '../platform/audit/service.ts';
import type { Role } from '../platform/policy/index.ts';
import { addSearchTerms } from '../search/terms.ts';
import { createTenant, tenantBySlug } from '../tenants/service.ts';
import { createTeam, createUser } from '../users/service.ts';
import { createGenerator, type DuplicatePair } from './generate.ts';
import { insertSeedRows } from './insert.ts';
import { seedAdvisorsCampaigns } from './advisors-campaigns.ts';
import { seedAdvisorsCadence } from './advisors-cadence.ts';
import { recordSeededSources, seedCoreBanking } from './sources.ts';

export const demoTenant = {
  slug: 'demo',
  name: 'Demo Wealth & Co',
  adminEmail: 'admin@demo.test',
  password: 'rapport-demo',
} as const;

const teamNames = ['Private Clients', 'Institutional', 'Service Desk'] as const;
type TeamName = (typeof teamNames)[number];

const demoUsers: ReadonlyArray<{ email: string; name: string; role: Role; teams: TeamName[] }> = [
  { email: 'manager@demo.test', name: 'Morgan Ellis', role: 'manager', teams: ['Private Clients', 'Institutional'] },
  { email: 'rep1@demo.test', name: 'Priya Raman', role: 'rep', teams: ['Private Clients'] },
  { email: 'rep2@demo.test', name: 'Lukas Brandt', role: 'rep', teams: ['Private Clients'] },
  { email: 'rep3@demo.test', name: 'Amara Okafor', role: 'rep', teams: ['Institutional'] },
  { email: 'rep4@demo.test', name: 'Hélène Marchand', role: 'rep', teams: ['Institutional'] },
  { email: 'controller@demo.test', name: 'Dana Whitfield', role: 'controller', teams: [] },
  { email: 'service@demo.test', name: 'Sam Kowalski', role: 'service', teams: ['Service Desk'] },
  { email: 'readonly@demo.test', name: 'Riley Chen', role: 'read_only', teams: ['Private Clients'] },
];

export interface DemoSizes {
  companies: number;
  contacts: number;
  duplicates: number;
  interactions: number;
  notes: number;
  tasks: number;
}

export const defaultDemoSizes: DemoSizes = { companies: 300, contacts: 2000, duplicates: 40, interactions: 5000, notes: 600, tasks: 300 };

export interface DemoResult {
  tenantId: string;
  counts: DemoSizes & { users: number; teams: number };
  /** The near-duplicates written, for demos and tests of matching. */
  duplicates: DuplicatePair[];
}

/** Creates the demo tenant unless it exists; answers null when it was already there. */
export async function seedDemo(database: Database, options: { now?: number; sizes?: Partial<DemoSizes> } = {}): Promise<DemoResult | null> {
  if (await tenantBySlug(database, demoTenant.slug)) return null;
  const sizes = { ...defaultDemoSizes, ...options.sizes };
  const now = options.now ?? Date.now();
  const { tenantId, adminId } = await createTenant(database, {
    slug: demoTenant.slug, name: demoTenant.name, adminEmail: demoTenant.adminEmail, adminPassword: demoTenant.password, adminName: 'Avery Admin',
  });
  const ctx = systemCtx(database, tenantId, 'rapport-seed');
  const teams = new Map<TeamName, string>();
  for (const name of teamNames) teams.set(name, (await createTeam(ctx, name)).id);
  const users = new Map<string, { id: string; teamIds: string[] }>();
  for (const u of demoUsers) {
    const teamIds = u.teams.map((t) => teams.get(t)!);
    const row = await createUser(ctx, { email: u.email, name: u.name, role: u.role, password: demoTenant.password, teamIds });
    users.set(u.email, { id: row.id, teamIds });
  }
  const owner = (email: string, team: TeamName) => ({ userId: users.get(email)!.id, teamId: teams.get(team)! });

  const gen = createGenerator({
    seed: 'rapport-demo-v1',
    tenantId,
    now,
    owners: [owner('rep1@demo.test', 'Private Clients'), owner('rep2@demo.test', 'Private Clients'), owner('manager@demo.test', 'Private Clients')],
    institutionalOwners: [owner('rep3@demo.test', 'Institutional'), owner('rep4@demo.test', 'Institutional'), owner('manager@demo.test', 'Institutional')],
    createdBy: adminId,
  });
  const companies = gen.companies(sizes.companies);
  const originals = gen.contacts(sizes.contacts - sizes.duplicates);
  const dups = gen.duplicates(originals, sizes.duplicates);
  const contacts = [...originals, ...dups.contacts];
  const activity = gen.activity(contacts, sizes);

  const counts = {
    companies: companies.length, contacts: contacts.length, duplicates: dups.contacts.length,
    interactions: activity.interactions.length, notes: activity.notes.length, tasks: activity.tasks.length,
  };
  await database.withTenant(tenantId, async (tx) => {
    await insertSeedRows(tx, { companies: companies.map((c) => c.row), contacts, activity });
    await recordSeededSources(tx, ctx, contacts);
    await addSearchTerms(tx, tenantId, [...companies.flatMap((c) => c.row.searchTokens ?? []), ...contacts.flatMap((c) => c.row.searchTokens ?? [])]);
    await appendAudit(tx, tenantId, ctx.actor, [{
      action: 'seed.loaded', entity: 'tenant', entityId: tenantId,
      changes: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, { after: v }])),
    }]);
  });
  await seedAdvisorsCadence(ctx, now);
  await seedAdvisorsCampaigns(database, { tenantId, users, contacts: contacts.map((c) => ({ id: c.row.id, ownerId: c.row.ownerId ?? null })), now });
  await seedCoreBanking(ctx, originals);
  return {
    tenantId,
    counts: { ...counts, users: demoUsers.length + 1, teams: teamNames.length },
    duplicates: dups.pairs,
  };
}
