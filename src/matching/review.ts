// The review queue: candidate pairs whose both contacts the caller may see, the uncertain band
// (50-95%) first, most probable first within a band, with both records side by side and the
// waterfall. A decision settles the pair and becomes a label the next dedupe run trains with:
// merge = same person, not_duplicate = different people, dismiss = no opinion (no label).
// decidePair records the same kind of label for any two records of one kind, in the queue or not
// (the possible-duplicates panel, the create forms); notDuplicatesOf (data.ts) lets every check leave such pairs out.
import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../platform/errors.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { loadForAction } from '../platform/records.ts';
import { visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { UPPER_THRESHOLD } from './contact-records.ts';
import { canonical, contactRecordsByIds, putLabel, syncSuspects, type ContactSummary } from './data.ts';
import { companySummaries, type CompanySummary } from './company-records.ts';
import { specs, type EntitySpec } from './entities.ts';
import { mergeCompaniesIn, mergeContactsIn, type MergeRow } from './merge.ts';
import { presentCandidate, presentMerge, type CandidateOut } from './presenter.ts';
import { matchCandidates, matchLabels, type CandidateStatus, type MatchEntity } from './tables.ts';
import type { MergeableField, PairDecisionInput } from './schemas.ts';

type CandidateRow = typeof matchCandidates.$inferSelect;

/** Both ends visible: one EXISTS per side over the unaliased table the visibility SQL names. */
function bothVisible(ctx: Ctx, spec: EntitySpec) {
  const v = visibilityOf(ctx.principal, spec.entity);
  if (!v) return null;
  const T = sql.raw(spec.tableName);
  const side = (col: PgColumn) => sql`exists (select 1 from ${T} where ${T}.tenant_id = ${matchCandidates.tenantId}
    and ${T}.id = ${col} ${v.kind === 'all' ? sql`` : sql`and ${visibilitySql(v, spec.table, spec.entity)}`})`;
  return and(side(matchCandidates.leftId), side(matchCandidates.rightId));
}

/** An open pair people have since said differ (decidePair) is not offered for review. */
const notLabelledDifferent = sql`not exists (select 1 from match_labels l where l.tenant_id = ${matchCandidates.tenantId}
  and l.entity = ${matchCandidates.entity} and l.left_id = ${matchCandidates.leftId} and l.right_id = ${matchCandidates.rightId} and not l.is_match)`;

const likely = sql`(${matchCandidates.probability} >= ${UPPER_THRESHOLD})`;

interface Cursor { l: boolean; p: number; i: string }
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString()) as Cursor;
    if (typeof c.l === 'boolean' && typeof c.p === 'number' && typeof c.i === 'string' && /^[0-9a-f-]{36}$/i.test(c.i)) return c;
  } catch { /* fall through */ }
  throw invalid('cursor', 'must be a cursor this API issued');
}

export async function listCandidates(ctx: Ctx, q: { entity: MatchEntity; status: CandidateStatus; limit: number; cursor?: string | undefined }) {
  const visible = bothVisible(ctx, specs[q.entity]);
  if (!visible) throw forbidden(`Your role may not read ${specs[q.entity].tableName}`);
  const after = q.cursor ? decode(q.cursor) : undefined;
  // Keyset over (band, probability desc, id): the uncertain band (likely = false) sorts first.
  const keyset = after ? sql`(${likely}, -${matchCandidates.probability}, ${matchCandidates.id}) > (${after.l}, ${-after.p}, ${after.i}::uuid)` : undefined;
  return readInTenant(ctx, async (db) => {
    const rows = await db.select().from(matchCandidates)
      .where(and(eq(matchCandidates.tenantId, ctx.tenantId), eq(matchCandidates.entity, q.entity), eq(matchCandidates.status, q.status), q.status === 'open' ? notLabelledDifferent : undefined, visible, keyset))
      .orderBy(likely, sql`${matchCandidates.probability} desc`, matchCandidates.id).limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const data = await withRecords(ctx, db, page);
    const last = page[page.length - 1];
    return { data, nextCursor: rows.length > q.limit && last ? encode({ l: last.probability >= UPPER_THRESHOLD, p: last.probability, i: last.id }) : null };
  });
}

async function withRecords(ctx: Ctx, db: Queryable, rows: CandidateRow[]): Promise<CandidateOut[]> {
  const ids = (entity: MatchEntity) => [...new Set(rows.filter((r) => r.entity === entity).flatMap((r) => [r.leftId, r.rightId]))];
  const people = (await contactRecordsByIds(db, ctx.tenantId, ids('contact'))).map((f) => f.summary);
  const firms = await companySummaries(db, ctx.tenantId, ids('company'));
  const byId = new Map<string, ContactSummary | CompanySummary>([...people, ...firms].map((s) => [s.id, s]));
  return rows.flatMap((r) => {
    const left = byId.get(r.leftId);
    const right = byId.get(r.rightId);
    return left && right ? [presentCandidate(r, left, right, ctx.principal)] : [];
  });
}

/** One candidate whose both records the caller may see. */
async function visibleCandidate(ctx: Ctx, db: Queryable, id: string): Promise<CandidateRow> {
  const where = and(eq(matchCandidates.tenantId, ctx.tenantId), eq(matchCandidates.id, id));
  const [found] = await db.select({ entity: matchCandidates.entity }).from(matchCandidates).where(where);
  const visible = found ? bothVisible(ctx, specs[found.entity]) : null;
  const [row] = visible ? await db.select().from(matchCandidates).where(and(where, visible)) : [];
  if (!row) throw notFound('Candidate');
  return row;
}

export async function getCandidate(ctx: Ctx, id: string): Promise<CandidateOut> {
  return readInTenant(ctx, async (db) => {
    const [out] = await withRecords(ctx, db, [await visibleCandidate(ctx, db, id)]);
    if (!out) throw notFound('Candidate');
    return out;
  });
}

export interface DecisionInput {
  decision: 'merge' | 'not_duplicate' | 'dismiss';
  survivorId?: string | undefined;
  fields?: Partial<Record<MergeableField, 'survivor' | 'merged'>> | undefined;
}

/** Decides an open pair. Any decision needs update on both records (it changes what they are). */
export async function decideCandidate(ctx: Ctx, id: string, input: DecisionInput) {
  return inTenant(ctx, async (tx) => {
    // Lock first, then read: a decision made meanwhile by someone else is seen, not overwritten.
    await tx.select({ id: matchCandidates.id }).from(matchCandidates).where(and(eq(matchCandidates.tenantId, ctx.tenantId), eq(matchCandidates.id, id))).for('update');
    const row = await visibleCandidate(ctx, tx, id);
    if (row.status !== 'open') throw conflict(`This pair was already decided (${row.status})`, 'decision');
    let merge: MergeRow | null = null;
    if (input.decision === 'merge') {
      const survivorId = input.survivorId ?? row.leftId;
      if (survivorId !== row.leftId && survivorId !== row.rightId) throw invalid('survivorId', 'must be one of the pair');
      const mergedId = survivorId === row.leftId ? row.rightId : row.leftId;
      const mergeIn = row.entity === 'company' ? mergeCompaniesIn : mergeContactsIn;
      merge = (await mergeIn(tx, ctx, survivorId, { mergedId, fields: input.fields, candidateId: id })).merge;
    } else {
      if (input.survivorId || input.fields) throw invalid(input.survivorId ? 'survivorId' : 'fields', 'is for merge decisions only');
      const spec = specs[row.entity];
      for (const recordId of [row.leftId, row.rightId]) {
        await loadForAction<{ ownerId: string | null; teamId: string | null }>(tx, ctx, spec.entity, spec.table, recordId, 'update').catch((err: unknown) => {
          throw err instanceof AppError && err.status === 404 ? notFound('Candidate') : err;
        });
      }
      if (input.decision === 'not_duplicate') await putLabel(tx, ctx.tenantId, row.entity, row.leftId, row.rightId, false, id, ctx.actor.id);
    }
    const status: CandidateStatus = input.decision === 'merge' ? 'merged' : input.decision === 'not_duplicate' ? 'not_duplicate' : 'dismissed';
    const [updated] = await tx.update(matchCandidates).set({ status, decidedBy: ctx.actor.id, decidedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(matchCandidates.tenantId, ctx.tenantId), eq(matchCandidates.id, id))).returning();
    if (input.decision !== 'merge') await syncSuspects(tx, ctx.tenantId, row.entity, [row.leftId, row.rightId]);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'match.decided', entity: 'match_candidate', entityId: id, changes: { status: { before: 'open', after: status } } }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'match.decided', entity: 'match_candidate', entityId: id, payload: { decision: input.decision, leftId: row.leftId, rightId: row.rightId, mergeId: merge?.id ?? null } }]);
    const { left: _l, right: _r, ...candidate } = presentCandidate(updated!, null, null, ctx.principal);
    return { candidate, merge: merge ? presentMerge(merge) : null };
  });
}

/**
 * Records "same" or "not the same" for any two records of one kind the caller may update (404 for
 * one it may not see, another tenant's included; 403 when it may only read). The label is what a
 * review decision writes; an open queue pair of the two is settled as not_duplicate (or reopened
 * by a later "same"). Repeating a decision changes nothing and says so.
 */
export async function decidePair(ctx: Ctx, input: PairDecisionInput) {
  const spec = specs[input.entity];
  const [leftId, rightId] = canonical(input.leftId, input.rightId);
  const isMatch = input.decision === 'same';
  return inTenant(ctx, async (tx) => {
    for (const recordId of [input.leftId, input.rightId]) await loadForAction(tx, ctx, spec.entity, spec.table, recordId, 'update');
    const pairOf = <T extends typeof matchLabels | typeof matchCandidates>(t: T) =>
      and(eq(t.tenantId, ctx.tenantId), eq(t.entity, spec.entity), eq(t.leftId, leftId), eq(t.rightId, rightId));
    const [before] = await tx.select().from(matchLabels).where(pairOf(matchLabels)).for('update');
    const [candidate] = await tx.select().from(matchCandidates).where(pairOf(matchCandidates)).for('update');
    const out = (changed: boolean, decidedBy: string | null, at: Date) => ({
      entity: spec.entity, leftId, rightId, decision: input.decision, candidateId: candidate?.id ?? null, decidedBy, decidedAt: at.toISOString(), changed,
    });
    if (before && before.isMatch === isMatch) return out(false, before.decidedBy, before.createdAt);
    const now = new Date();
    await putLabel(tx, ctx.tenantId, spec.entity, leftId, rightId, isMatch, candidate?.id ?? null, ctx.actor.id);
    // Settle (or, on "same" after "not the same", reopen) the queue pair; merged and dismissed ones stay as they are.
    const status: CandidateStatus | null = !candidate ? null
      : !isMatch && candidate.status === 'open' ? 'not_duplicate'
        : isMatch && candidate.status === 'not_duplicate' ? 'open' : null;
    if (candidate && status) {
      await tx.update(matchCandidates).set(status === 'open' ? { status, decidedBy: null, decidedAt: null, updatedAt: now } : { status, decidedBy: ctx.actor.id, decidedAt: now, updatedAt: now })
        .where(pairOf(matchCandidates));
    }
    await syncSuspects(tx, ctx.tenantId, spec.entity, [leftId, rightId]);
    const was = before ? (before.isMatch ? 'same' : 'not_same') : null;
    await appendAudit(tx, ctx.tenantId, ctx.actor, [[leftId, rightId], [rightId, leftId]].map(([id, other]) => ({
      action: 'match.pair_decided', entity: spec.entity, entityId: id!, changes: { decision: { before: was, after: input.decision }, otherId: { after: other } },
    })));
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'match.pair_decided', entity: spec.entity, entityId: leftId, payload: { decision: input.decision, leftId, rightId, candidateId: candidate?.id ?? null } }]);
    const [after] = await tx.select({ at: matchLabels.createdAt }).from(matchLabels).where(pairOf(matchLabels));
    return out(true, ctx.actor.id, after!.at);
  });
}
