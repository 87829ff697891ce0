// Global search over contacts and companies, built to stay fast at a million contacts: no record
// is ever trigram-scanned. A query is split into units (words, or one whole email or phone
// number); each unit is matched against the tenant's search_terms dictionary (exact, prefix and,
// with pg_trgm, fuzzy), and records are then fetched by exact array overlap of their
// search_tokens with those candidate terms (GIN). Every unit must match; a record scores the sum
// of its best candidate per unit, so exact beats prefix beats fuzzy. The index-driven lookups go
// through the tenant-scoped views of search/tables.ts, since under RLS these operators could not
// use their indexes.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { arrayLiteral } from '../db/sql.ts';
import { shapedRows, type Bind } from '../db/prepared.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { visibilityOf, type Visibility } from '../platform/policy/index.ts';
import { scopedSql, visibilitySql } from '../platform/policy/sql.ts';
import { fold, wordsOf } from '../contacts/normalize.ts';
import { contactCompanies, contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import { companySearch, contactSearch, searchTermsScoped } from './tables.ts';

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
const CANDIDATES_PER_UNIT = 20;
/** Records fetched and scored per fetch; past it, which matching records come is arbitrary. */
const SCAN_CAP = 300;
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
    .map((w) => {
      const digits = /^\d+$/.test(w) ? w.replace(/^0+/, '') : '';
      return digits.length >= 4 ? { kind: 'digits' as const, text: digits } : { kind: 'word' as const, text: w };
    });
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * "Starts with w" as a range the text_pattern_ops btree answers (byte order, so exact for any
 * UTF-8 text); a LIKE here would let the planner pick the slower trigram index instead.
 */
function prefixRange(w: string, v: (suffix: string, value: unknown) => SQL): SQL {
  const chars = [...w];
  const last = chars.pop()!.codePointAt(0)!;
  const upper = chars.join('') + String.fromCodePoint(last + 1);
  return sql`(term ~>=~ ${v('w', w)} and term ~<~ ${v('upper', upper)})`;
}

/**
 * The dictionary lookup for one unit. Each arm is planned with its own constants, so the indexes
 * serve it: prefixes by the text_pattern_ops btrees, `%` (similarity above the threshold) and
 * digits inside phone numbers by the trigram index. Those indexes are partial, words and emails
 * apart, and the strpos conditions are their predicates. An email unit is matched by prefix only.
 * Scores: exact 1; prefix 0.6-0.9 (closer to 0.9 the more of the term was typed); phone digits
 * found inside a number 0.75, at its end 0.9; fuzzy 0.6 x similarity, always below any prefix.
 */
function candidateArm(tenantId: SQL, unit: Unit, i: number, bind: Bind): SQL {
  const w = unit.text;
  const v = (suffix: string, value: unknown) => bind(`u${i}${suffix}`, value);
  const from = sql`from ${searchTermsScoped} where tenant_id = ${tenantId}::uuid`;
  const top = sql.raw(`order by score desc, length(term), term limit ${CANDIDATES_PER_UNIT}`);
  const unitNo = sql.raw(`${i}::int`);
  if (unit.kind === 'digits') {
    return sql`(select ${unitNo} as unit, term, (case when term = ${v('w', w)} then 1.0 when term like ${v('end', `%${w}`)} then 0.9 else 0.75 end)::float8 as score
      ${from} and strpos(term, '@') = 0 and term like ${v('in', `%${w}%`)} ${top})`;
  }
  const score = sql`(case when term = ${v('w', w)} then 1.0
        when term like ${v('prefix', `${escapeLike(w)}%`)} then 0.6 + 0.3 * ${v('len', w.length)}::float8 / length(term)
        else 0.6 * similarity(term, ${v('w', w)}) end)::float8`;
  const range = prefixRange(w, v);
  if (unit.kind === 'email') return sql`(select ${unitNo} as unit, term, ${score} as score ${from} and strpos(term, '@') > 0 and ${range} ${top})`;
  const match = fuzzyUnit(unit) ? sql`(${range} or term % ${v('w', w)})` : range;
  return sql`(select ${unitNo} as unit, term, ${score} as score ${from} and strpos(term, '@') = 0 and ${match} ${top})`;
}

const fuzzyUnit = (unit: Unit) => unit.kind === 'word' && unit.text.length >= 3 && !/^\d+$/.test(unit.text);

/** Search's transaction-local settings (see candidates). */
// Transaction-local settings. Every query here is meant to be index-driven, but the planner
// estimates `&&` over many terms far too high and may then think a sequential scan of a million
// contacts cheaper than the GIN index; in this transaction it never is. The statements are
// prepared (shapedRows) but planned for their values each time, as when they were sent with
// constants: a generic plan could not pick the index each unit's terms need.
const SETTINGS = `set_config('pg_trgm.similarity_threshold', '${FUZZY_THRESHOLD}', true), set_config('enable_seqscan', 'off', true), set_config('plan_cache_mode', 'force_custom_plan', true)`;

/** For each unit, its candidate terms and their scores (one round trip for all units). */
async function candidates(q: Queryable, tenantId: string, units: Unit[]): Promise<Array<Map<string, number>>> {
  const key = units.map((u) => `${u.kind}${fuzzyUnit(u) ? '~' : ''}`).join(',');
  const rows = await shapedRows<{ unit: number; term: string; score: number }>(q, 'search_terms', key, (bind) => {
    const tenant = bind('tenantId', tenantId);
    return sql.join(units.map((u, i) => candidateArm(tenant, u, i, bind)), sql` union all `);
  }, collect(units, tenantId));
  const maps = units.map(() => new Map<string, number>());
  for (const r of rows) maps[Number(r.unit)]!.set(r.term, Number(r.score));
  return maps;
}

/** The values candidateArm binds for these units (by the names it gives them). */
function collect(units: Unit[], tenantId: string): Record<string, unknown> {
  const values: Record<string, unknown> = { tenantId };
  units.forEach((u, i) => candidateArm(sql`x`, u, i, (name, value) => {
    values[name] = value;
    return sql`x`;
  }));
  return values;
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

/**
 * A word followed by another was typed in full: when the dictionary has it exactly, longer words
 * that merely start with it ("william" -> "williams", "williamson") are noise, and common ones
 * make the record lookup slow. Only the last word may still be mid-typing and keeps its prefixes.
 */
export function settleFinishedWords(cands: Array<Map<string, number>>): Array<Map<string, number>> {
  return cands.map((c, i) => {
    if (i === cands.length - 1) return c;
    const exact = [...c].filter(([, score]) => score >= 1);
    return exact.length ? new Map(exact) : c;
  });
}

/** Only each unit's best-scoring terms (its exact term when there is one). */
function topBand(cands: Array<Map<string, number>>): Array<Map<string, number>> {
  return cands.map((c) => {
    const best = Math.max(...c.values());
    return new Map([...c].filter(([, s]) => s >= best - 1e-9));
  });
}

/** Every unit's candidates overlap the record's tokens (one array value per unit). */
const overlapAll = (column: SQL, cands: Array<Map<string, number>>, bind: Bind) =>
  and(...cands.map((c, i) => sql`${column} && ${bind(`c${i}`, arrayLiteral([...c.keys()]))}::text[]`));
const candValues = (cands: Array<Map<string, number>>) => Object.fromEntries(cands.map((c, i) => [`c${i}`, arrayLiteral([...c.keys()])]));

/** Visibility as in visibilitySql, its user and teams bound as values. */
function visibilityBound(v: Visibility, t: Parameters<typeof scopedSql>[0], entity: string, bind: Bind): SQL | undefined {
  if (v.kind === 'all') return undefined;
  return scopedSql(t, entity, sql`${bind('userId', v.userId)}::uuid`, sql`${bind('teams', arrayLiteral(v.teamIds))}::uuid[]`);
}
const visibilityBoundValues = (v: Visibility) => (v.kind === 'scoped' ? { userId: v.userId, teams: arrayLiteral(v.teamIds) } : {});

/**
 * At most `cap` records of a matching query. The MATERIALIZED CTE is planned without the
 * LIMIT: the planner overestimates how many rows match `&&` and, seeing a LIMIT, would walk the
 * table (or another index) hoping to stop early; planned alone it uses the GIN bitmap.
 */
const capped = (inner: SQL, cap: number) => sql`with m as materialized (${inner}) select * from m limit ${sql.raw(String(Math.trunc(cap)))}`;

/**
 * Fetches and scores records whose tokens overlap every unit's candidates. The strongest terms
 * go first: a record matching them has the highest score any record can have, so when they
 * alone give `enough` records the weaker candidates (often many, and common) are not fetched.
 * Otherwise all candidates are fetched too, at most SCAN_CAP records.
 */
async function matchRecords<R extends { id: string; tokens: string[] }>(
  fetch: (cands: Array<Map<string, number>>, cap: number) => Promise<R[]>,
  cands: Array<Map<string, number>>,
  enough: (rows: R[]) => boolean,
): Promise<Array<R & { score: number }>> {
  const strict = topBand(cands);
  let rows = await fetch(strict, SCAN_CAP);
  if (!enough(rows) && strict.some((s, i) => s.size < cands[i]!.size)) {
    const seen = new Set(rows.map((r) => r.id));
    rows = [...rows, ...(await fetch(cands, SCAN_CAP)).filter((r) => !seen.has(r.id))];
  }
  return rows.map((r) => ({ ...r, score: scoreOf(r.tokens, cands) }));
}

interface ContactMatch { id: string; name: string; jobTitle: string | null; email: string | null; tokens: string[] }
interface CompanyMatch { id: string; name: string; domain: string | null; industry: string | null; tokens: string[]; visible: boolean }

function contactFetcher(q: Queryable, tenantId: string, visibility: Visibility) {
  return (cands: Array<Map<string, number>>, cap: number) => shapedRows<ContactMatch>(q, 'search_contacts', `${visibility.kind}|${cands.length}|${cap}`, (bind) => capped(sql`
    select id, display_name as name, job_title as "jobTitle", primary_email as email, search_tokens as tokens from ${contactSearch}
    where ${and(sql`${contactSearch.tenantId} = ${bind('tenantId', tenantId)}::uuid`, overlapAll(sql`${contactSearch.searchTokens}`, cands, bind), visibilityBound(visibility, contactSearch, 'contact', bind))}`, cap),
  { tenantId, ...candValues(cands), ...visibilityBoundValues(visibility) });
}

function companyFetcher(q: Queryable, tenantId: string, visibility: Visibility) {
  // Companies the caller cannot see still lead to its visible contacts there, so visibility is a
  // column here, applied when companies themselves are returned.
  return (cands: Array<Map<string, number>>, cap: number) => shapedRows<CompanyMatch>(q, 'search_companies', `${visibility.kind}|${cands.length}|${cap}`, (bind) => capped(sql`
    select id, name, domain, industry, search_tokens as tokens, ${visibilityBound(visibility, companySearch, 'company', bind) ?? sql`true`} as visible from ${companySearch}
    where ${and(sql`${companySearch.tenantId} = ${bind('tenantId', tenantId)}::uuid`, overlapAll(sql`${companySearch.searchTokens}`, cands, bind))}`, cap),
  { tenantId, ...candValues(cands), ...visibilityBoundValues(visibility) });
}

/** Primary (else first by name) company of each contact, for subtitles. */
async function companyNames(tx: Queryable, tenantId: string, contactIds: string[]): Promise<Map<string, string>> {
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

/** A contact on its way to the results: matched directly, or `via` a matching company. */
interface ContactHitRow { id: string; name: string; jobTitle: string | null; email: string | null; score: number; via?: string }

const byRank = (a: SearchHit, b: SearchHit) =>
  b.score - a.score || a.name.localeCompare(b.name) || a.type.localeCompare(b.type) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * One read-only transaction in the tenant with search's settings. On PostgreSQL the pinned
 * connection (role and tenant already set: db/client.ts) opens it and applies the settings in one
 * round trip, and its statements stay prepared on that connection (shapedRows); on PGlite it is
 * the usual tenant transaction.
 */
async function searchTransaction<T>(ctx: Ctx, fn: (q: Queryable) => Promise<T>): Promise<T> {
  if (ctx.database.kind !== 'postgres') {
    return inTenant(ctx, async (tx) => {
      await tx.execute(sql.raw(`select ${SETTINGS}`));
      return fn(tx);
    });
  }
  return readInTenant(ctx, async (q) => {
    // No values: node-postgres sends this as one simple query, both statements in one round trip.
    await q.execute(sql.raw(`begin read only; select ${SETTINGS}`));
    try {
      const result = await fn(q);
      await q.execute(sql.raw('commit'));
      return result;
    } catch (err) {
      await q.execute(sql.raw('rollback'));
      throw err;
    }
  });
}

export async function search(ctx: Ctx, q: string, limit: number, types: readonly SearchType[]): Promise<SearchHit[]> {
  const contactVis = types.includes('contact') ? visibilityOf(ctx.principal, 'contact') : null;
  const companyVis = visibilityOf(ctx.principal, 'company');
  if (!contactVis && !(types.includes('company') && companyVis)) throw forbidden('Your role may not search these records');
  const units = queryUnits(q);
  if (units.length === 0) return [];

  return searchTransaction(ctx, async (tx) => {
    const cands = settleFinishedWords(await candidates(tx, ctx.tenantId, units));
    if (cands.some((c) => c.size === 0)) return [];
    const hits: SearchHit[] = [];
    const people = new Map<string, ContactHitRow>();

    if (contactVis) {
      const matched = await matchRecords(contactFetcher(tx, ctx.tenantId, contactVis), cands, (rows) => rows.length >= limit);
      for (const r of matched) people.set(r.id, r);
    }
    if (companyVis) {
      const matched = await matchRecords(companyFetcher(tx, ctx.tenantId, companyVis), cands, (rows) => rows.filter((r) => r.visible).length >= limit);
      const ranked = matched.sort((a, b) => b.score - a.score);
      if (types.includes('company')) {
        for (const c of ranked) if (c.visible) hits.push({ type: 'company', id: c.id, name: c.name, subtitle: c.domain ?? c.industry, score: c.score });
      }
      if (contactVis && ranked.length) {
        // People at a matching company, below the direct matches of the same strength.
        const top = new Map(ranked.slice(0, EXPANDED_COMPANIES).map((c) => [c.id, c]));
        const linked = await tx
          .select({ companyId: contactCompanies.companyId, id: contacts.id, name: contacts.displayName, jobTitle: contacts.jobTitle, email: contacts.primaryEmail })
          .from(contactCompanies)
          .innerJoin(contacts, and(eq(contacts.tenantId, contactCompanies.tenantId), eq(contacts.id, contactCompanies.contactId)))
          .where(and(eq(contactCompanies.tenantId, ctx.tenantId), inArray(contactCompanies.companyId, [...top.keys()]), visibilitySql(contactVis, contacts, 'contact')))
          .limit(SCAN_CAP);
        for (const l of linked) {
          const company = top.get(l.companyId)!;
          const score = company.score * LINKED_FACTOR;
          const known = people.get(l.id);
          if (!known || known.score < score) people.set(l.id, { ...l, score, via: company.name });
        }
      }
    }

    const best = [...people.values()]
      .map((p) => ({ type: 'contact' as const, id: p.id, name: p.name, subtitle: null, score: p.score, row: p }))
      .sort(byRank)
      .slice(0, limit);
    const names = await companyNames(tx, ctx.tenantId, best.filter((c) => !c.row.via).map((c) => c.id));
    for (const { id, name, score, row } of best) {
      const parts = [row.jobTitle, row.via ?? names.get(id)].filter((p): p is string => Boolean(p));
      hits.push({ type: 'contact', id, name, subtitle: parts.length ? parts.join(' · ') : row.email, score });
    }
    return hits.sort(byRank).slice(0, limit).map((h) => ({ ...h, score: Math.round(h.score * 1000) / 1000 }));
  });
}
