// The real-time duplicate check for many records at once: an import's dry run asks it for every
// contact the file would create ("row 12 looks like Ada Lovelace, 97%"). Same blocking arms,
// model and threshold as the one-record check (realtime.ts), but set-based: one blocking query for
// the whole batch (a lateral join over the probes' keys through contact_match_keys' indexes), one
// query for the candidates' records, one for the model, then the engine scores in memory. Only
// contacts the caller may see are candidates; fields it may not see count as missing.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf, uuidArray } from '../db/sql.ts';
import type { Ctx } from '../platform/context.ts';
import { canViewField, visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { contacts } from '../contacts/tables.ts';
import { contactSettings, defaultModel, LOWER_THRESHOLD, scoreAgainst, type MatchRecord } from './contact-records.ts';
import { contactRecordsByIds, loadModel, type ContactSummary } from './data.ts';

/** Rows each blocking arm may contribute per probe (as in realtime.ts). */
const PER_RULE = 50;

export interface LikelyDuplicate { contact: ContactSummary; probability: number }
export interface ProbeDuplicates { id: string; candidates: LikelyDuplicate[] }

/** A text[] parameter whose elements may be null. */
const nullableText = (values: ReadonlyArray<string | null>) =>
  sql`${`{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`}::text[]`;

/** Candidate ids per probe, for all probes in one statement. */
async function blockingPairs(q: Queryable, tenantId: string, probes: readonly MatchRecord[]): Promise<Map<string, Set<string>>> {
  const col = <K extends keyof MatchRecord>(k: K) => probes.map((p) => (p[k] === null || p[k] === undefined ? null : String(p[k])));
  const arm = (where: ReturnType<typeof sql>) => sql`(select k.id from contact_match_keys k where k.tenant_id = ${tenantId}::uuid and ${where} limit ${PER_RULE})`;
  const rows = await rowsOf<{ probe: string; id: string }>(q, sql`
    with p as (
      select * from unnest(${uuidArray(probes.map((p) => p.id))}, ${nullableText(col('email'))}, ${nullableText(col('phone'))},
        ${nullableText(col('givenName'))}, ${nullableText(col('familyName'))}, ${nullableText(col('birthDate'))}, ${nullableText(col('postcode'))})
        as p(id, email, phone, given, family, birth, postcode)
    )
    select distinct p.id::text as probe, c.id::text as id from p cross join lateral (
      ${arm(sql`p.email is not null and k.primary_email = p.email`)}
      union all ${arm(sql`p.phone is not null and k.primary_phone = p.phone`)}
      union all ${arm(sql`p.family is not null and p.given is not null and lower(k.family_name) = lower(p.family) and lower(left(k.given_name, 1)) = lower(left(p.given, 1))`)}
      union all ${arm(sql`p.family is not null and p.given is not null and lower(k.given_name) = lower(p.family) and lower(left(k.family_name, 1)) = lower(left(p.given, 1))`)}
      union all ${arm(sql`p.family is not null and p.birth is not null and lower(k.family_name) = lower(p.family) and k.birth_date = p.birth::date`)}
      union all ${arm(sql`p.family is not null and p.postcode is not null and (k.addresses -> 0 ->> 'postalCode') = p.postcode and lower(left(k.family_name, 1)) = lower(left(p.family, 1))`)}
    ) c
    where c.id <> p.id`);
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    let s = out.get(r.probe);
    if (!s) out.set(r.probe, (s = new Set()));
    s.add(r.id);
  }
  return out;
}

/**
 * Likely duplicates of stored contacts `ids` (for a dry run: the rows it has just written inside its
 * rolled-back savepoint), best first, at most `limit` each; probes without any are left out.
 */
export async function likelyDuplicatesOf(ctx: Ctx, q: Queryable, ids: readonly string[], limit = 3): Promise<ProbeDuplicates[]> {
  const visibility = visibilityOf(ctx.principal, 'contact');
  if (!visibility || ids.length === 0) return [];
  const probes = (await contactRecordsByIds(q, ctx.tenantId, ids)).map((r) => r.record);
  if (probes.length === 0) return [];
  const pairs = await blockingPairs(q, ctx.tenantId, probes);
  const candidateIds = [...new Set([...pairs.values()].flatMap((s) => [...s]))];
  if (candidateIds.length === 0) return [];
  const found = await contactRecordsByIds(q, ctx.tenantId, candidateIds, visibilitySql(visibility, contacts, 'contact'));
  const byId = new Map(found.map((f) => [f.record.id, f]));
  const stored = await loadModel(q, ctx.tenantId, 'contact');
  const settings = stored?.settings ?? contactSettings(0);
  const model = stored?.model ?? defaultModel(settings);
  const hidden = canViewField(ctx.principal, 'contact', 'birthDate') ? [] : ['birth_date'];
  const out: ProbeDuplicates[] = [];
  for (const probe of probes) {
    const others = [...(pairs.get(probe.id) ?? [])].map((id) => byId.get(id)?.record).filter((r): r is MatchRecord => !!r);
    const hits = scoreAgainst(settings, model, probe, others, hidden)
      .filter((s) => s.explanation.matchProbability >= LOWER_THRESHOLD)
      .sort((a, b) => b.explanation.matchWeight - a.explanation.matchWeight)
      .slice(0, limit)
      .map((s) => ({ contact: byId.get(s.id)!.summary, probability: s.explanation.matchProbability }));
    if (hits.length) out.push({ id: probe.id, candidates: hits });
  }
  return out;
}
