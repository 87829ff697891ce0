// The real-time duplicate check for companies: index-backed blocking through the
// company_match_keys view (same domain, same first phone, same name without its legal form, same
// postcode and first name word), then the engine's comparisons score the few candidates with the
// tenant's trained company model or the defaults. Only companies the caller may see are candidates.
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf } from '../db/sql.ts';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden, notFound } from '../platform/errors.ts';
import { visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { normalizeAddresses, normalizePhones, primaryOf } from '../contacts/normalize.ts';
import { companies } from '../companies/tables.ts';
import { normalizeDomain, normalizeWebsite, type CompanyPatch } from '../companies/schemas.ts';
import { comparatorsOf, prepareTable } from './engine/match.ts';
import { explainPair } from './engine/score.ts';
import { defaultModel, LOWER_THRESHOLD, withoutTermFrequency } from './contact-records.ts';
import { companyDataset, companySettings, companySummaries, type CompanyRecord, type CompanySummary } from './company-records.ts';
import { loadModel, notDuplicatesOf } from './data.ts';
import type { Waterfall } from './tables.ts';

const PER_RULE = 50;

export interface CompanyHit { company: CompanySummary; probability: number; matchWeight: number; waterfall: Waterfall }
export interface CompanyCheckResult { model: 'trained' | 'default'; candidates: CompanyHit[] }

/** Ids of companies sharing a blocking key with `r` (through company_match_keys' indexes). */
export async function companyBlockingIds(q: Queryable, tenantId: string, r: CompanyRecord, exclude: string | null): Promise<string[]> {
  const arm = (where: SQL) => sql`(select id from company_match_keys where tenant_id = ${tenantId}::uuid and ${where} limit ${PER_RULE})`;
  const arms: SQL[] = [];
  if (r.domain) arms.push(arm(sql`domain = ${r.domain}`));
  if (r.phone) arms.push(arm(sql`(phones -> 0 ->> 'e164') = ${r.phone}`));
  // The name without its legal form (migration match_company_name_core): Acme Ltd ~ ACME Limited.
  if (r.name) arms.push(arm(sql`company_name_core(name) = company_name_core(${r.name})`));
  if (r.name && r.postcode) arms.push(arm(sql`(addresses -> 0 ->> 'postalCode') = ${r.postcode} and lower(split_part(name, ' ', 1)) = lower(split_part(${r.name}, ' ', 1))`));
  if (arms.length === 0) return [];
  const rows = await rowsOf<{ id: string }>(q, sql`select distinct id from (${sql.join(arms, sql` union all `)}) k ${exclude ? sql`where id <> ${exclude}::uuid` : sql``}`);
  return rows.map((x) => x.id);
}

const asRecord = (s: CompanySummary): CompanyRecord => ({
  id: s.id, name: s.name, domain: s.domain, phone: ((p) => (p ? p.e164 ?? p.number : null))(primaryOf(s.phones) ?? s.phones[0]),
  postcode: s.addresses[0]?.postalCode ?? null, city: s.addresses[0]?.city ?? null,
});

async function check(ctx: Ctx, q: Queryable, probe: CompanyRecord, exclude: string | null, limit: number): Promise<CompanyCheckResult> {
  const visibility = visibilityOf(ctx.principal, 'company');
  if (!visibility) throw forbidden('Your role may not read companies');
  const ids = await companyBlockingIds(q, ctx.tenantId, probe, exclude);
  const found = await companySummaries(q, ctx.tenantId, ids, visibilitySql(visibility, companies, 'company'));
  const stored = await loadModel(q, ctx.tenantId, 'company');
  const settings = stored?.settings ?? companySettings(0);
  // Books hold far fewer companies than contacts: a random pair is likelier the same firm.
  const model = withoutTermFrequency(stored?.model ?? defaultModel(settings, 1e-3));
  // Companies people said are not this one are never offered again.
  const rejected = exclude ? await notDuplicatesOf(q, ctx.tenantId, 'company', exclude, found.map((c) => c.id)) : new Set<string>();
  const offered = found.filter((c) => !rejected.has(c.id));
  if (offered.length === 0) return { model: stored ? 'trained' : 'default', candidates: [] };
  const table = prepareTable([companyDataset([probe, ...offered.map(asRecord)])], settings);
  const compare = comparatorsOf(table, settings);
  const candidates = offered
    .map((company, i) => ({ company, e: explainPair(model, table, compare.map((c) => c(0, i + 1)), 0) }))
    .filter((h) => h.e.matchProbability >= LOWER_THRESHOLD)
    .sort((a, b) => b.e.matchWeight - a.e.matchWeight)
    .slice(0, limit)
    .map(({ company, e }) => ({ company, probability: e.matchProbability, matchWeight: e.matchWeight, waterfall: { priorWeight: e.priorWeight, steps: e.steps } }));
  return { model: stored ? 'trained' : 'default', candidates };
}

/** Likely duplicates of a company being created or edited (nothing is written). */
export function checkCompanyDraft(ctx: Ctx, draft: CompanyPatch, limit = 5, excludeId?: string): Promise<CompanyCheckResult> {
  const addresses = normalizeAddresses(draft.addresses ?? []);
  const phones = normalizePhones(draft.phones ?? [], addresses[0]?.country ?? null);
  const phone = primaryOf(phones) ?? phones[0];
  const website = draft.website ? normalizeWebsite(draft.website) : null;
  const probe: CompanyRecord = {
    id: excludeId ?? '00000000-0000-0000-0000-000000000000', name: draft.name?.trim() ?? '',
    domain: draft.domain ? normalizeDomain(draft.domain) : website ? normalizeDomain(website) : null,
    phone: phone ? (phone.e164 ?? phone.number) : null, postcode: addresses[0]?.postalCode ?? null, city: addresses[0]?.city ?? null,
  };
  return readInTenant(ctx, (q) => check(ctx, q, probe, excludeId ?? null, limit));
}

/** Likely duplicates of a stored company the caller may see (404 otherwise). */
export async function companyDuplicatesOf(ctx: Ctx, id: string, limit = 5): Promise<CompanyCheckResult> {
  const visibility = visibilityOf(ctx.principal, 'company');
  if (!visibility) throw notFound('Company');
  return readInTenant(ctx, async (q) => {
    const [self] = await companySummaries(q, ctx.tenantId, [id], visibilitySql(visibility, companies, 'company'));
    if (!self) throw notFound('Company');
    return check(ctx, q, asRecord(self), id, limit);
  });
}
