// Global search over contacts and companies, built to stay fast at a million contacts: no record
// is ever trigram-scanned. A query is split into units (words, or one whole email or phone
// number); each unit is matched against the tenant's small search_terms dictionary with pg_trgm
// (exact, prefix and fuzzy), and records are then fetched by exact array overlap of their
// search_tokens with those candidate terms (GIN). Every unit must match; a record scores the sum
// of its best candidate per unit, so exact beats prefix beats fuzzy.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { textArray } from '../db/sql.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { visibilityOf, type Visibility } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { fold, wordsOf } from '../contacts/normalize.ts';
import { contactCompanies, contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import { searchTerms } from './tables.ts';

export type SearchType = 'contact' | 'company';
export interface SearchHit {
  type: SearchType;
  id: string;
  /** displayName of a contact, name of a company. */
  name: string;
  subtitle: string | null;
  score: number;
}

export interface Unit {
  kind: 'word' | 'digits' | 'email';
  text: string;
}

const MAX_UNITS = 6;
/** Dictionary terms kept per unit: bounds the size of the array the GIN lookup gets. */
const CANDIDATES_PER_UNIT = 50;
/** Matching records scored per query; beyond it the strongest terms are fetched on their own. */
const SCAN_CAP = 500;
const FUZZY_THRESHOLD = 0.3;
/** Companies whose contacts are added below the direct hits, and their discount. */
const EXPANDED_COMPANIES = 20;
const LINKED_FACTOR = 0.5;

/**
 * Splits a query into units. A query that looks like an email, or consists of phone characters
 * with at least four digits, is one unit; otherwise each folded word of two or more characters
 * is one (a lone initial would match half the dictionary and adds almost nothing).
 */
export function queryUnits(q: string): Unit[] {
  const s = q.trim();
  if (/^[^\s@]+@\S*$/.test(s)) return [{ kind: 'email', text: fold(s) }];
  if (/^[+()\d\s./-]+$/.test(s)) {
    // Leading zeros are trunk or international prefixes ("020 …", "0044 …"), absent from E.164.
    const digits = s.replace(/\D/g, '').replace(/^0+/, '');
    if (digits.length >= 4) return [{ kind: 'digits', text: digits }];
  }
  return [...new Set(wordsOf(s))]
    .filter((w) => w.length >= 2)
    .slice(0, MAX_UNITS)
    .map((w) => (/^\d{4,}$/.test(w) ? { kind: 'digits' as const, text: w.replace(/^0+/, '') || w } : { kind: 'word' as const, text: w }));
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The dictionary lookup for one unit. Each arm is planned with its own constants, so pg_trgm's
 * GIN index serves both `like` (prefix/contains) and `%` (similarity above the threshold).
 * Scores: exact 1; prefix 0.6-0.9 (closer to 0.9 the more of the term was typed); phone digits
 * found inside a number 0.75, at its end 0.9; fuzzy 0.6 x similarity, always below any prefix.
 */
function candidateArm(tenantId: string, unit: Unit, i: number): SQL {
  const w = unit.text;
  if (unit.kind === 'digits') {
    return sql`(select ${i}::int as unit, term, (case when term = ${w} then 1.0 when term like ${`%${w}`} then 0.9 else 0.75 end)::float8 as score
      from ${searchTerms} where tenant_id = ${tenantId}::uuid and term like ${`%${w}%`}
      order by score desc, length(term), term limit ${CANDIDATES_PER_UNIT})`;
  }
  const prefix = `${escapeLike(w)}%`;
  const fuzzy = w.length >= 3 && !/^\d+$/.test(w);
  const match = fuzzy ? sql`(term like ${prefix} or term % ${w})` : sql`term like ${prefix}`;
  return sql`(select ${i}::int as unit, term, (case when term = ${w} then 1.0
        when term like ${prefix} then 0.6 + 0.3 * ${w.length}::float8 / length(term)
        else 0.6 * similarity(term, ${w}) end)::float8 as score
      from ${searchTerms} where tenant_id = ${tenantId}::uuid and ${match}
      order by score desc, term limit ${CANDIDATES_PER_UNIT})`;
}

/** For each unit, its candidate terms and their scores (one round trip for all units). */
async function candidates(tx: Tx, tenantId: string, units: Unit[]): Promise<Array<Map<string, number>>> {
  await tx.execute(sql`select set_config('pg_trgm.similarity_threshold', ${String(FUZZY_THRESHOLD)}, true)`);
  // Both drivers (node-postgres, PGlite) answer raw SQL with { rows }.
  const result = (await tx.execute(sql.join(units.map((u, i) => candidateArm(tenantId, u, i)), sql` union all `))) as unknown as {
    rows: Array<{ unit: number; term: string; score: number }>;
  };
  const maps = units.map(() => new Map<string, number>());
  for (const r of result.rows) maps[Number(r.unit)]!.set(r.term, Number(r.score));
  return maps;
}

/** The sum over units of the record's best candidate; 0 when some unit has none. */
function scoreOf(tokens: readonly string[], cands: Array<Map<string, number>>): number {
  let total = 0;
  for (const c of cands) {
    let best = 0;
    for (const t of tokens) best = Math.max(best, c.get(t) ?? 0);
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

/** Only each unit's best-scoring terms: what an overflowing query is narrowed to. */
function topBand(cands: Array<Map<string, number>>): Array<Map<string, number>> {
  return cands.map((c) => {
    const best = Math.max(...c.values());
    return new Map([...c].filter(([, s]) => s >= best - 1e-9));
  });
}

const overlapAll = (column: typeof contacts.searchTokens | typeof companies.searchTokens, cands: Array<Map<string, number>>) =>
  and(...cands.map((c) => sql`${column} && ${textArray([...c.keys()])}`));

interface Matched<R> {
  rows: R[];
  scores: Map<string, number>;
}

/**
 * Fetches records whose tokens overlap every unit's candidates, at most SCAN_CAP of them, and
 * scores them. When more match, the strongest terms alone are fetched too, so the best records
 * are never lost to the cap.
 */
async function matchRecords<R extends { id: string; tokens: string[] }>(
  fetch: (cands: Array<Map<string, number>>, limit: number) => Promise<R[]>,
  cands: Array<Map<string, number>>,
): Promise<Matched<R>> {
  let rows = await fetch(cands, SCAN_CAP + 1);
  if (rows.length > SCAN_CAP) {
    const strict = topBand(cands);
    const narrower = strict.some((s, i) => s.size < cands[i]!.size);
    const best = narrower ? await fetch(strict, SCAN_CAP) : [];
    const seen = new Set(best.map((r) => r.id));
    rows = [...best, ...rows.filter((r) => !seen.has(r.id))];
  }
  const scores = new Map(rows.map((r) => [r.id, scoreOf(r.tokens, cands)]));
  return { rows, scores };
}

function contactFetcher(tx: Tx, tenantId: string, visibility: Visibility) {
  return (cands: Array<Map<string, number>>, limit: number) =>
    tx.select({ id: contacts.id, name: contacts.displayName, jobTitle: contacts.jobTitle, email: contacts.primaryEmail, tokens: contacts.searchTokens })
      .from(contacts)
      .where(and(eq(contacts.tenantId, tenantId), overlapAll(contacts.searchTokens, cands), visibilitySql(visibility, contacts, 'contact')))
      .limit(limit);
}

function companyFetcher(tx: Tx, tenantId: string, visibility: Visibility) {
  // Companies the caller cannot see still lead to its visible contacts there, so visibility is a
  // column here, applied when companies themselves are returned.
  const visible = visibilitySql(visibility, companies, 'company') ?? sql`true`;
  return (cands: Array<Map<string, number>>, limit: number) =>
    tx.select({
      id: companies.id, name: companies.name, domain: companies.domain, industry: companies.industry, tokens: companies.searchTokens,
      visible: sql<boolean>`${visible}`.as('visible'),
    })
      .from(companies)
      .where(and(eq(companies.tenantId, tenantId), overlapAll(companies.searchTokens, cands)))
      .limit(limit);
}

/** Primary (else first by name) company of each contact, for subtitles. */
async function companyNames(tx: Tx, tenantId: string, contactIds: string[]): Promise<Map<string, string>> {
  if (contactIds.length === 0) return new Map();
  const rows = await tx
    .select({ contactId: contactCompanies.contactId, name: companies.name })
    .from(contactCompanies)
    .innerJoin(companies, and(eq(companies.tenantId, contactCompanies.tenantId), eq(companies.id, contactCompanies.companyId)))
    .where(and(eq(contactCompanies.tenantId, tenantId), inArray(contactCompanies.contactId, contactIds)))
    .orderBy(sql`${contactCompanies.isPrimary} desc`, companies.name);
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.contactId)) out.set(r.contactId, r.name);
  return out;
}

interface ContactHitRow { id: string; name: string; jobTitle: string | null; email: string | null }

const byRank = (a: SearchHit, b: SearchHit) =>
  b.score - a.score || a.name.localeCompare(b.name) || a.type.localeCompare(b.type) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export async function search(ctx: Ctx, q: string, limit: number, types: readonly SearchType[]): Promise<SearchHit[]> {
  const contactVis = types.includes('contact') ? visibilityOf(ctx.principal, 'contact') : null;
  const companyVis = visibilityOf(ctx.principal, 'company');
  if (!contactVis && !(types.includes('company') && companyVis)) throw forbidden('Your role may not search these records');
  const units = queryUnits(q);
  if (units.length === 0) return [];

  return inTenant(ctx, async (tx) => {
    const cands = await candidates(tx, ctx.tenantId, units);
    if (cands.some((c) => c.size === 0)) return [];
    const hits: SearchHit[] = [];
    const contactRows = new Map<string, ContactHitRow & { score: number; via?: string }>();

    if (contactVis) {
      const m = await matchRecords(contactFetcher(tx, ctx.tenantId, contactVis), cands);
      for (const r of m.rows) contactRows.set(r.id, { ...r, score: m.scores.get(r.id)! });
    }
    if (companyVis) {
      const m = await matchRecords(companyFetcher(tx, ctx.tenantId, companyVis), cands);
      const ranked = m.rows.map((r) => ({ ...r, score: m.scores.get(r.id)! })).sort((a, b) => b.score - a.score);
      if (types.includes('company')) {
        for (const c of ranked) if (c.visible) hits.push({ type: 'company', id: c.id, name: c.name, subtitle: c.domain ?? c.industry, score: c.score });
      }
      if (contactVis && ranked.length) {
        // People at a matching company, below the direct matches of the same strength.
        const top = ranked.slice(0, EXPANDED_COMPANIES);
        const scoreOfCompany = new Map(top.map((c) => [c.id, c]));
        const linked = await tx
          .select({ companyId: contactCompanies.companyId, id: contacts.id, name: contacts.displayName, jobTitle: contacts.jobTitle, email: contacts.primaryEmail })
          .from(contactCompanies)
          .innerJoin(contacts, and(eq(contacts.tenantId, contactCompanies.tenantId), eq(contacts.id, contactCompanies.contactId)))
          .where(and(eq(contactCompanies.tenantId, ctx.tenantId), inArray(contactCompanies.companyId, top.map((c) => c.id)), visibilitySql(contactVis, contacts, 'contact')))
          .limit(SCAN_CAP);
        for (const l of linked) {
          const company = scoreOfCompany.get(l.companyId)!;
          const score = company.score * LINKED_FACTOR;
          const known = contactRows.get(l.id);
          if (!known || known.score < score) contactRows.set(l.id, { ...l, score, via: company.name });
        }
      }
    }

    const contactHits = [...contactRows.values()]
      .map((c) => ({ type: 'contact' as const, id: c.id, name: c.name, subtitle: null as string | null, score: c.score, row: c }))
      .sort(byRank)
      .slice(0, limit);
    const names = await companyNames(tx, ctx.tenantId, contactHits.filter((c) => !c.row.via).map((c) => c.id));
    for (const h of contactHits) {
      const company = h.row.via ?? names.get(h.id) ?? null;
      const parts = [h.row.jobTitle, company].filter((p): p is string => Boolean(p));
      hits.push({ type: 'contact', id: h.id, name: h.name, subtitle: parts.length ? parts.join(' · ') : h.row.email, score: h.score });
    }
    return hits.sort(byRank).slice(0, limit).map((h) => ({ ...h, score: Math.round(h.score * 1000) / 1000 }));
  });
}
