// The real-time duplicate check for many records at once: an import's dry run asks it for every
// contact the file would create ("row 12 looks like Ada Lovelace, 97%"). Same blocking keys, model
// and threshold as the one-record check (realtime.ts), but set-based: one blocking query for the
// whole batch (each probe's keys joined to contact_blocking_keys' index, candidates ranked per
// probe by the keys they share), one query for the candidates' records, one for the model, then
// the engine scores in memory. Only contacts the caller may see are candidates; fields it may not
// see count as missing.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf, textArray, uuidArray } from '../db/sql.ts';
import type { Ctx } from '../platform/context.ts';
import { canViewField, visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { contacts } from '../contacts/tables.ts';
import { contactSettings, defaultModel, LOWER_THRESHOLD, toDataset, withoutTermFrequency, type MatchRecord } from './contact-records.ts';
import { comparatorsOf, prepareTable } from './engine/match.ts';
import { alignModel, probabilityOf, scorePairs } from './engine/score.ts';
import { contactEngineRecordsByIds, loadModel } from './data.ts';
import { probeKeys, storedKeysOf } from './blocking-keys.ts';

/**
 * Candidates kept per probe, the most blocking keys shared first: fewer than the one-record check
 * keeps, since a file of thousands of rows multiplies every candidate.
 */
const PER_PROBE = 20;

export interface LikelyDuplicate { contact: { id: string; displayName: string }; probability: number }
export interface ProbeDuplicates { id: string; candidates: LikelyDuplicate[] }
/**
 * Rows one key may contribute per probe (the one-record check takes 2,000): a thousand probes
 * with common names would otherwise fan out to hundreds of namesakes per key. A duplicate that
 * shares only a common name and initial is one of hundreds of namesakes anyway; one sharing a
 * rarer key (an email, a phone, the birth date or year) comes through that key.
 */
const PER_KEY = 50;

/**
 * Candidate ids per probe, for all probes in one statement: each probe asks with its stored keys
 * (written when the dry run created it), its names swapped and its family name with a letter
 * missing or two swapped (not every one-letter typo, as the one-record check asks: ~600 keys a
 * probe would cost seconds per thousand rows; a wrong vowel still meets through the sound code).
 */
async function blockingPairs(q: Queryable, tenantId: string, probes: readonly MatchRecord[]): Promise<Map<string, Set<string>>> {
  const stored = await storedKeysOf(q, tenantId, probes.map((p) => p.id));
  const asked: Array<{ probe: string; key: string; weight: number }> = [];
  for (const p of probes) {
    for (const [key, weight] of probeKeys(stored.get(p.id) ?? [], p, 'light')) asked.push({ probe: p.id, key, weight });
  }
  // In key order, so consecutive look-ups read neighbouring index pages.
  asked.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const probeIds = asked.map((a) => a.probe);
  const keys = asked.map((a) => a.key);
  const weights = asked.map((a) => a.weight);
  const rows = await rowsOf<{ probe: string; id: string }>(q, sql`
    select s.probe::text as probe, s.contact_id::text as id from (
      select p.probe, b.contact_id, row_number() over (partition by p.probe order by sum(p.weight) desc, b.contact_id) as r
      from unnest(${uuidArray(probeIds)}, ${textArray(keys)}, ${sql`${`{${weights.join(',')}}`}::int[]`}) as p(probe, key, weight)
      cross join lateral (select k.contact_id from contact_blocking_keys k where k.tenant_id = ${tenantId}::uuid and k.key = p.key
        order by k.contact_id limit ${PER_KEY}) b
      where b.contact_id <> p.probe
      group by p.probe, b.contact_id) s
    where s.r <= ${PER_PROBE}`);
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
