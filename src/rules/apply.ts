// Rules applied to stored records inside the caller's transaction: load the tenant's enabled
// rules, build each record's facts (a contact's include its primary company's industry, name and
// size), and write what the rules add. Rules only add tags and categories and set the tier; they
// never take anything away. Used by the contact and company services on every write (the write's
// own audit entry then shows the effect) and by a rule's re-run (which audits each change). For
// contacts about to be created, rulesForNewContacts decides the same from the values in hand, so
// the rows are inserted with the rules' effect already in them.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { existingIds } from '../platform/records.ts';
import { contactCategories, contactCompanies, contacts } from '../contacts/tables.ts';
import type { ContactRow } from '../contacts/data.ts';
import { companies } from '../companies/tables.ts';
import { categories } from '../categories/tables.ts';
import { outcome, type Condition, type Entity, type Facts, type RuleAction } from './engine.ts';
import { rules } from './tables.ts';

export interface LoadedRule { id: string; condition: Condition; actions: RuleAction[] }
export interface RuleChange {
  id: string;
  before: { tags: string[]; tier?: string | null; categoryIds?: string[] };
  after: { tags: string[]; tier?: string | null; categoryIds?: string[] };
}

export const enabledRules = (tx: Tx, tenantId: string, entity: Entity): Promise<LoadedRule[]> =>
  tx.select({ id: rules.id, condition: rules.condition, actions: rules.actions }).from(rules)
    .where(and(eq(rules.tenantId, tenantId), eq(rules.entity, entity), eq(rules.enabled, true)))
    .orderBy(asc(rules.position), asc(rules.id));

const primaryOf = <T extends { primary: boolean }>(xs: T[]) => xs.find((x) => x.primary) ?? xs[0];

type CompanyFacts = { industry: string | null; name: string; size: number | null };

/** A contact's facts from its values, its primary company (if any) and its categories. */
export function contactFactsOf(c: Omit<ContactRow, 'version' | 'createdAt' | 'updatedAt' | 'confirmedAt' | 'createdBy' | 'searchTokens'>, company: CompanyFacts | undefined, categoryIds: string[]) {
  const address = primaryOf(c.addresses);
  const facts: Facts = {
    givenName: c.givenName, middleName: c.middleName, familyName: c.familyName, displayName: c.displayName, jobTitle: c.jobTitle,
    lifecycleStage: c.lifecycleStage, tier: c.tier, email: c.primaryEmail, emailDomain: c.primaryEmail?.split('@')[1] ?? null,
    phone: c.primaryPhone, country: address?.country ?? null, region: address?.region ?? null, city: address?.city ?? null,
    postalCode: address?.postalCode ?? null, birthDate: c.birthDate, netWorth: c.netWorth === null ? null : Number(c.netWorth),
    netWorthCurrency: c.netWorthCurrency, tags: c.tags, completeness: c.completeness, customFields: c.customFields,
    industry: company?.industry ?? null, companyName: company?.name ?? null, companySize: company?.size ?? null,
  };
  return { id: c.id, tags: c.tags, tier: c.tier, categoryIds, facts };
}

async function contactFacts(tx: Tx, tenantId: string, ids: string[]) {
  const rows = await tx.select().from(contacts).where(and(eq(contacts.tenantId, tenantId), inArray(contacts.id, ids)));
  const links = await tx.select({ contactId: contactCompanies.contactId, industry: companies.industry, name: companies.name, size: companies.size })
    .from(contactCompanies)
    .innerJoin(companies, and(eq(companies.tenantId, contactCompanies.tenantId), eq(companies.id, contactCompanies.companyId)))
    .where(and(eq(contactCompanies.tenantId, tenantId), inArray(contactCompanies.contactId, ids)))
    .orderBy(desc(contactCompanies.isPrimary), asc(companies.name));
  const cats = await tx.select({ contactId: contactCategories.contactId, categoryId: contactCategories.categoryId }).from(contactCategories)
    .where(and(eq(contactCategories.tenantId, tenantId), inArray(contactCategories.contactId, ids)));
  return rows.map((c) => contactFactsOf(c, links.find((l) => l.contactId === c.id), cats.filter((x) => x.contactId === c.id).map((x) => x.categoryId)));
}

async function companyFacts(tx: Tx, tenantId: string, ids: string[]) {
  const rows = await tx.select().from(companies).where(and(eq(companies.tenantId, tenantId), inArray(companies.id, ids)));
  return rows.map((c) => {
    const address = primaryOf(c.addresses);
    const facts: Facts = {
      name: c.name, domain: c.domain, industry: c.industry, size: c.size, country: address?.country ?? null, region: address?.region ?? null,
      city: address?.city ?? null, postalCode: address?.postalCode ?? null, tags: c.tags, completeness: c.completeness, customFields: c.customFields,
    };
    return { id: c.id, tags: c.tags, tier: null, categoryIds: [] as string[], facts };
  });
}

/**
 * Applies `ruleSet` (default: the tenant's enabled rules) to the records `ids`. `keepTier` names
 * records whose tier a person set in this very write: a rule does not override it. `bump` raises
 * version and updated_at (a re-run; a service write bumps them itself). Returns what changed.
 */
export async function applyRules(
  tx: Tx, tenantId: string, entity: Entity, ids: string[],
  opts: { ruleSet?: LoadedRule[]; keepTier?: ReadonlySet<string>; bump?: boolean } = {},
): Promise<RuleChange[]> {
  if (ids.length === 0) return [];
  const ruleSet = opts.ruleSet ?? await enabledRules(tx, tenantId, entity);
  if (ruleSet.length === 0) return [];
  const records = entity === 'contact' ? await contactFacts(tx, tenantId, ids) : await companyFacts(tx, tenantId, ids);
  const { changes, links } = await decide(tx, tenantId, entity, ruleSet, records, opts.keepTier);
  if (changes.length === 0) return [];
  const table = entity === 'contact' ? contacts : companies;
  const values = JSON.stringify(changes.map((c) => ({ id: c.id, tags: c.after.tags, tier: c.after.tier ?? null })));
  await tx.execute(sql`update ${table} t set tags = v.tags ${entity === 'contact' ? sql`, tier = v.tier` : sql``}
    ${opts.bump ? sql`, version = t.version + 1, updated_at = now()` : sql``}
    from jsonb_to_recordset(${values}::jsonb) as v(id uuid, tags text[], tier text)
    where t.tenant_id = ${tenantId} and t.id = v.id`);
  if (links.length) await tx.insert(contactCategories).values(links).onConflictDoNothing();
  return changes;
}

type RuleRecord = { id: string; tags: string[]; tier: string | null; categoryIds: string[]; facts: Facts };

/** What the rules change on each record (records they leave alone are left out), and the category links they add. */
async function decide(tx: Tx, tenantId: string, entity: Entity, ruleSet: LoadedRule[], records: RuleRecord[], keepTier: ReadonlySet<string> | undefined) {
  // A rule naming a category deleted since is skipped for that action, not an error on every write.
  const liveCategories = await existingIds(tx, tenantId, categories, ruleSet.flatMap((r) => r.actions.flatMap((a) => (a.type === 'addCategory' ? [a.categoryId] : []))));
  const changes: RuleChange[] = [];
  const links: Array<{ tenantId: string; contactId: string; categoryId: string }> = [];
  for (const r of records) {
    const o = outcome(ruleSet, r.facts);
    const tags = [...r.tags, ...o.addTags.filter((t) => !r.tags.includes(t))];
    const tier = o.tier !== undefined && !keepTier?.has(r.id) ? o.tier : r.tier;
    const newCategories = o.addCategories.filter((c) => liveCategories.has(c) && !r.categoryIds.includes(c));
    if (tags.length === r.tags.length && tier === r.tier && newCategories.length === 0) continue;
    for (const categoryId of newCategories) links.push({ tenantId, contactId: r.id, categoryId });
    changes.push(entity === 'contact'
      ? { id: r.id, before: { tags: r.tags, tier: r.tier, categoryIds: r.categoryIds }, after: { tags, tier, categoryIds: [...r.categoryIds, ...newCategories] } }
      : { id: r.id, before: { tags: r.tags }, after: { tags } });
  }
  return { changes, links };
}

/**
 * The rules over contacts about to be created, decided from the values in hand (no reads of the
 * rows, no update after the insert): the caller writes the changed tags, tier and categories
 * with the rows. Same decisions as applyRules on the stored rows. `companyOf` gives a contact's
 * primary company.
 */
export async function rulesForNewContacts(
  tx: Tx, tenantId: string, rows: Array<Parameters<typeof contactFactsOf>[0]>, categoryIdsOf: (k: number) => string[],
  companyOf: (k: number) => CompanyFacts | undefined, keepTier: ReadonlySet<string>,
): Promise<RuleChange[]> {
  if (rows.length === 0) return [];
  const ruleSet = await enabledRules(tx, tenantId, 'contact');
  if (ruleSet.length === 0) return [];
  const records = rows.map((r, k) => contactFactsOf(r, companyOf(k), categoryIdsOf(k)));
  return (await decide(tx, tenantId, 'contact', ruleSet, records, keepTier)).changes;
}
