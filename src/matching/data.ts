// Matching rows in and out of PostgreSQL: contacts read as engine records (keyset batches or by
// id), candidate pairs (upserted without reopening decided ones), labels and the trained model.
// Every query names the tenant; RLS checks it again.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { rowsOf, uuidArray } from '../db/sql.ts';
import { uuidv7 } from '../platform/ids.ts';
import type { Model } from './engine/model.ts';
import type { Settings } from './engine/settings.ts';
import type { MatchRecord } from './contact-records.ts';
import type { EmailAddress, PhoneNumber, PostalAddress } from '../contacts/types.ts';
import { matchCandidates, matchLabels, matchModels, type MatchEntity, type Waterfall } from './tables.ts';

// One projection for the engine: the first address stands for the contact's place, the primary
// company link (else any) for its employer.
const engineColumns = `c.id, c.given_name, c.family_name, c.primary_email, c.primary_phone, c.birth_date::text as birth_date,
  c.addresses -> 0 ->> 'postalCode' as postcode, c.addresses -> 0 ->> 'city' as city,
  (select co.name from contact_companies l join companies co on co.tenant_id = l.tenant_id and co.id = l.company_id
    where l.tenant_id = c.tenant_id and l.contact_id = c.id order by l.is_primary desc, co.name limit 1) as company`;
// The dedupe job reads only what the engine compares; shown records carry their summary too.
const recordColumns = sql.raw(`c.display_name, c.emails, c.phones, c.addresses, c.owner_id, c.team_id, c.version, c.updated_at::text as updated_at, ${engineColumns}`);

interface RecordRow {
  id: string; display_name: string; emails: EmailAddress[]; phones: PhoneNumber[]; addresses: PostalAddress[];
  owner_id: string | null; team_id: string | null; version: number; updated_at: string; given_name: string | null; family_name: string | null; primary_email: string | null; primary_phone: string | null;
  birth_date: string | null; postcode: string | null; city: string | null; company: string | null;
}

const toRecord = (r: RecordRow): MatchRecord => ({
  id: r.id, givenName: r.given_name, familyName: r.family_name, email: r.primary_email, phone: r.primary_phone,
  birthDate: r.birth_date, postcode: r.postcode, city: r.city, company: r.company,
});

/** What the review queue and the real-time check show of a contact (the presenter drops hidden fields). */
export interface ContactSummary {
  id: string; displayName: string; givenName: string | null; familyName: string | null; emails: EmailAddress[]; phones: PhoneNumber[];
  addresses: PostalAddress[]; birthDate: string | null; company: string | null; ownerId: string | null; teamId: string | null; version: number; updatedAt: string;
}

const toSummary = (r: RecordRow): ContactSummary => ({
  id: r.id, displayName: r.display_name, givenName: r.given_name, familyName: r.family_name, emails: r.emails, phones: r.phones,
  addresses: r.addresses, birthDate: r.birth_date, company: r.company, ownerId: r.owner_id, teamId: r.team_id, version: r.version,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** The next batch of contacts after `after` (by id). */
export async function contactRecordsPage(q: Queryable, tenantId: string, after: string | null, limit: number): Promise<MatchRecord[]> {
  const rows = await rowsOf<RecordRow>(q, sql`select ${sql.raw(engineColumns)} from contacts c
    where c.tenant_id = ${tenantId}::uuid ${after ? sql`and c.id > ${after}::uuid` : sql``} order by c.id limit ${limit}`);
  return rows.map(toRecord);
}

/** Contacts by id as engine records and summaries, limited to those `visible` allows (a condition on table "contacts"). */
export async function contactRecordsByIds(q: Queryable, tenantId: string, ids: readonly string[], visible?: SQL): Promise<Array<{ record: MatchRecord; summary: ContactSummary }>> {
  if (ids.length === 0) return [];
  const rows = await rowsOf<RecordRow>(q, sql`select ${recordColumns} from contacts c
    where c.tenant_id = ${tenantId}::uuid and c.id = any(${uuidArray(ids)})
      ${visible ? sql`and exists (select 1 from contacts where contacts.tenant_id = c.tenant_id and contacts.id = c.id and ${visible})` : sql``}`);
  return rows.map((r) => ({ record: toRecord(r), summary: toSummary(r) }));
}

/** What the engine compares plus the display name, for many contacts (the batch duplicate check). */
export async function contactEngineRecordsByIds(q: Queryable, tenantId: string, ids: readonly string[], visible?: SQL): Promise<Array<{ record: MatchRecord; displayName: string }>> {
  if (ids.length === 0) return [];
  const rows = await rowsOf<RecordRow>(q, sql`select c.display_name, ${sql.raw(engineColumns)} from contacts c
    where c.tenant_id = ${tenantId}::uuid and c.id = any(${uuidArray(ids)})
      ${visible ? sql`and exists (select 1 from contacts where contacts.tenant_id = c.tenant_id and contacts.id = c.id and ${visible})` : sql``}`);
  return rows.map((r) => ({ record: toRecord(r), displayName: r.display_name }));
}

export async function countContacts(q: Queryable, tenantId: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(q, sql`select count(*)::int as n from contacts where tenant_id = ${tenantId}::uuid`);
  return row?.n ?? 0;
}

/** Canonical order of a pair: the smaller uuid left (uuid order equals lower-case text order). */
export const canonical = (a: string, b: string): [string, string] => (a.toLowerCase() < b.toLowerCase() ? [a, b] : [b, a]);

export interface CandidateInput { leftId: string; rightId: string; probability: number; matchWeight: number; waterfall: Waterfall }

/**
 * Inserts pairs or refreshes their scores. A pair someone already decided keeps its status: the
 * upsert only rewrites open ones. Returns how many rows were written.
 */
export async function upsertCandidates(tx: Tx, tenantId: string, entity: MatchEntity, jobId: string | null, pairs: readonly CandidateInput[]): Promise<number> {
  if (pairs.length === 0) return 0;
  const now = new Date();
  const rows = await tx.insert(matchCandidates).values(pairs.map((p) => ({
    tenantId, id: uuidv7(), entity, leftId: p.leftId, rightId: p.rightId, probability: p.probability, matchWeight: p.matchWeight,
    waterfall: p.waterfall, jobId, createdAt: now, updatedAt: now,
  }))).onConflictDoUpdate({
    target: [matchCandidates.tenantId, matchCandidates.entity, matchCandidates.leftId, matchCandidates.rightId],
    set: { probability: sql`excluded.probability`, matchWeight: sql`excluded.match_weight`, waterfall: sql`excluded.waterfall`, jobId: sql`excluded.job_id`, updatedAt: now },
    setWhere: sql`${matchCandidates.status} = 'open'`,
  }).returning({ id: matchCandidates.id });
  return rows.length;
}

/**
 * A tenant's labels for the next dedupe run, each with the comparison levels its candidate's
 * waterfall recorded: a merge removes one of the two records, and those levels are what still
 * lets the pair train the model as a match.
 */
export async function labelsOf(q: Queryable, tenantId: string, entity: MatchEntity) {
  const rows = await q.select({ left: matchLabels.leftId, right: matchLabels.rightId, match: matchLabels.isMatch, waterfall: matchCandidates.waterfall })
    .from(matchLabels)
    .leftJoin(matchCandidates, and(eq(matchCandidates.tenantId, matchLabels.tenantId), eq(matchCandidates.id, matchLabels.candidateId)))
    .where(and(eq(matchLabels.tenantId, tenantId), eq(matchLabels.entity, entity)));
  return rows.map(({ waterfall, ...label }): { left: string; right: string; match: boolean; levels?: Record<string, string> } =>
    (waterfall ? { ...label, levels: Object.fromEntries(waterfall.steps.map((s) => [s.column, s.level])) } : label));
}

/** Records a decision as a label (the latest decision on a pair wins). */
export async function putLabel(tx: Tx, tenantId: string, entity: MatchEntity, a: string, b: string, isMatch: boolean, candidateId: string | null, decidedBy: string | null) {
  const [leftId, rightId] = canonical(a, b);
  await tx.insert(matchLabels).values({ tenantId, entity, leftId, rightId, isMatch, candidateId, decidedBy })
    .onConflictDoUpdate({ target: [matchLabels.tenantId, matchLabels.entity, matchLabels.leftId, matchLabels.rightId], set: { isMatch, candidateId, decidedBy, createdAt: new Date() } });
}

export async function deleteLabel(tx: Tx, tenantId: string, entity: MatchEntity, a: string, b: string) {
  const [leftId, rightId] = canonical(a, b);
  await tx.delete(matchLabels).where(and(eq(matchLabels.tenantId, tenantId), eq(matchLabels.entity, entity), eq(matchLabels.leftId, leftId), eq(matchLabels.rightId, rightId)));
}

/** Ids among `others` that people said are not the same as `id` (contacts or companies): every check leaves them out. */
export async function notDuplicatesOf(q: Queryable, tenantId: string, entity: MatchEntity, id: string, others: readonly string[]): Promise<Set<string>> {
  if (others.length === 0) return new Set();
  const rows = await rowsOf<{ other: string }>(q, sql`select case when left_id = ${id}::uuid then right_id else left_id end as other
    from match_labels where tenant_id = ${tenantId}::uuid and entity = ${entity} and not is_match
      and ((left_id = ${id}::uuid and right_id = any(${uuidArray(others)})) or (right_id = ${id}::uuid and left_id = any(${uuidArray(others)})))`);
  return new Set(rows.map((r) => r.other));
}

export async function loadModel(q: Queryable, tenantId: string, entity: MatchEntity): Promise<{ settings: Settings; model: Model } | undefined> {
  const [row] = await q.select({ settings: matchModels.settings, model: matchModels.model }).from(matchModels)
    .where(and(eq(matchModels.tenantId, tenantId), eq(matchModels.entity, entity)));
  return row;
}

export async function saveModel(tx: Tx, row: typeof matchModels.$inferInsert) {
  const { tenantId: _t, entity: _e, ...set } = row;
  await tx.insert(matchModels).values(row).onConflictDoUpdate({ target: [matchModels.tenantId, matchModels.entity], set: { ...set, trainedAt: new Date() } });
}

/**
 * Keeps the quality domain's duplicate_suspects (what its summary counts) equal to the open pairs
 * whose both contacts still exist: for the whole tenant (ids = null) or the pairs touching `ids`.
 */
export async function syncSuspects(tx: Tx, tenantId: string, entity: MatchEntity, ids: readonly string[] | null): Promise<void> {
  const table = sql.raw(entity === 'contact' ? 'contacts' : 'companies');
  const touching = (l: SQL, r: SQL) => (ids ? sql`and (${l} = any(${uuidArray(ids)}) or ${r} = any(${uuidArray(ids)}))` : sql``);
  await tx.execute(sql`delete from duplicate_suspects where tenant_id = ${tenantId}::uuid and entity = ${entity} ${touching(sql`record_id`, sql`other_id`)}`);
  await tx.execute(sql`insert into duplicate_suspects (tenant_id, entity, record_id, other_id, score, status)
    select m.tenant_id, m.entity, m.left_id, m.right_id, m.probability, 'open' from match_candidates m
    where m.tenant_id = ${tenantId}::uuid and m.entity = ${entity} and m.status = 'open' ${touching(sql`m.left_id`, sql`m.right_id`)}
      and exists (select 1 from ${table} c where c.tenant_id = m.tenant_id and c.id = m.left_id)
      and exists (select 1 from ${table} c where c.tenant_id = m.tenant_id and c.id = m.right_id)`);
}
