// The real-time duplicate check for many records at once: an import's dry run asks it for every
// contact the file would create ("row 12 looks like Ada Lovelace, 97%"). Same blocking arms,
// model and threshold as the one-record check (realtime.ts), but set-based: one blocking query for
// the whole batch (a lateral join over the probes' keys through contact_match_keys' indexes), one
// query for the candidates' records, one for the model, then the engine scores in memory. Only
// contacts the caller may see are candidates; fields it may not see count as missing. The loose
// name arm keeps fewer rows per probe (same given name first): a file multiplies every candidate.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf, uuidArray } from '../db/sql.ts';
import type { Ctx } from '../platform/context.ts';
import { canViewField, visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { contacts } from '../contacts/tables.ts';
import { contactSettings, defaultModel, LOWER_THRESHOLD, toDataset, withoutTermFrequency, type MatchRecord } from './contact-records.ts';
import { comparatorsOf, prepareTable } from './engine/match.ts';
import { alignModel, probabilityOf, scorePairs } from './engine/score.ts';
import { contactEngineRecordsByIds, loadModel } from './data.ts';

/** Rows each blocking arm may contribute per probe (as in realtime.ts). */
const PER_RULE = 50;
/**
 * The name arms are the loosest (a family name and an initial): per probe they keep the rows with
 * the same given name first, and fewer of them than the realtime check's, since a file of
 * thousands of rows multiplies every candidate.
 */
const PER_NAME_RULE = 10;

export interface LikelyDuplicate { contact: { id: string; displayName: string }; probability: number }
export interface ProbeDuplicates { id: string; candidates: LikelyDuplicate[] }

/** A text[] parameter whose elements may be null. */
const nullableText = (values: ReadonlyArray<string | null>) =>
  sql`${`{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`}::text[]`;

/** Candidate ids per probe, for all probes in one statement. */
async function blockingPairs(q: Queryable, tenantId: string, probes: readonly MatchRecord[]): Promise<Map<string, Set<string>>> {
  const col = <K extends keyof MatchRecord>(k: K) => probes.map((p) => (p[k] === null || p[k] === undefined ? null : String(p[k])));
  const arm = (where: ReturnType<typeof sql>) => sql`(select k.id from contact_match_keys k where k.tenant_id = ${tenantId}::uuid and ${where} limit ${PER_RULE})`;
  const nameArm = (where: ReturnType<typeof sql>) => sql`(select k.id from contact_match_keys k where k.tenant_id = ${tenantId}::uuid and ${where}
    order by lower(k.given_name) = lower(p.given) desc limit ${PER_NAME_RULE})`;
  const rows = await rowsOf<{ probe: string; id: string }>(q, sql`
    with p as (
      select * from unnest(${uuidArray(probes.map((p) => p.id))}, ${nullableText(col('email'))}, ${nullableText(col('phone'))},
        ${nullableText(col('givenName'))}, ${nullableText(col('familyName'))}, ${nullableText(col('birthDate'))}, ${nullableText(col('postcode'))})
        as p(id, email, phone, given, family, birth, postcode)
    )
    select distinct p.id::text as probe, c.id::text as id from p cross join lateral (
      ${arm(sql`p.email is not null and k.primary_email = p.email`)}
      union all ${arm(sql`p.phone is not null and k.primary_phone = p.phone`)}
      union all ${nameArm(sql`p.family is not null and p.given is not null and lower(k.family_name) = lower(p.family) and lower(left(k.given_name, 1)) = lower(left(p.given, 1))`)}
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
  const probes = (await contactEngineRecordsByIds(q, ctx.tenantId, ids)).map((r) => r.record);
  if (probes.length === 0) return [];
  const pairs = await blockingPairs(q, ctx.tenantId, probes);
  const candidateIds = [...new Set([...pairs.values()].flatMap((s) => [...s]))];
  if (candidateIds.length === 0) return [];
  const found = await contactEngineRecordsByIds(q, ctx.tenantId, candidateIds, visibilitySql(visibility, contacts, 'contact'));
  const byId = new Map(found.map((f) => [f.record.id, f]));
  const stored = await loadModel(q, ctx.tenantId, 'contact');
  const settings = stored?.settings ?? contactSettings(0);
  const hideBirth = !canViewField(ctx.principal, 'contact', 'birthDate');
  // One prepared table for probes and candidates (a probe may be another probe's candidate: a row
  // of the same file), then every pair's levels and weight in one pass, as the dedupe job scores.
  const records: MatchRecord[] = [];
  const at = new Map<string, number>();
  const add = (r: MatchRecord) => {
    if (at.has(r.id)) return;
    at.set(r.id, records.length);
    records.push(hideBirth ? { ...r, birthDate: null } : r);
  };
  for (const p of probes) add(p);
  for (const f of found) add(f.record);
  const table = prepareTable([toDataset(records)], settings);
  const compare = comparatorsOf(table, settings);
  const model = alignModel(withoutTermFrequency(stored?.model ?? defaultModel(settings)), table);
  const left: number[] = [];
  const right: number[] = [];
  for (const probe of probes) {
    for (const id of pairs.get(probe.id) ?? []) {
      if (!byId.has(id)) continue; // not visible to the caller
      left.push(at.get(probe.id)!);
      right.push(at.get(id)!);
    }
  }
  const F = compare.length;
  const gamma = new Uint8Array(left.length * F);
  for (let p = 0; p < left.length; p++) for (let f = 0; f < F; f++) gamma[p * F + f] = compare[f]!(left[p]!, right[p]!);
  const weights = scorePairs(model, table, gamma, Int32Array.from(left), left.length);
  const hitsOf = new Map<string, Array<{ id: string; weight: number }>>();
  for (let p = 0; p < left.length; p++) {
    if (probabilityOf(weights[p]!) < LOWER_THRESHOLD) continue;
    const probeId = records[left[p]!]!.id;
    let hits = hitsOf.get(probeId);
    if (!hits) hitsOf.set(probeId, (hits = []));
    hits.push({ id: records[right[p]!]!.id, weight: weights[p]! });
  }
  const out: ProbeDuplicates[] = [];
  for (const probe of probes) {
    const hits = hitsOf.get(probe.id);
    if (!hits) continue;
    hits.sort((a, b) => b.weight - a.weight);
    out.push({ id: probe.id, candidates: hits.slice(0, limit).map((h) => ({ contact: { id: h.id, displayName: byId.get(h.id)!.displayName }, probability: probabilityOf(h.weight) })) });
  }
  return out;
}
