// The review queue: candidate pairs whose both contacts the caller may see, the uncertain band
// (50-95%) first, most probable first within a band, with both records side by side and the
// waterfall. A decision settles the pair and becomes a label the next dedupe run trains with:
// merge = same person, not_duplicate = different people, dismiss = no opinion (no label).
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
import type { ContactRow } from '../contacts/data.ts';
import { contacts } from '../contacts/tables.ts';
import { UPPER_THRESHOLD } from './contact-records.ts';
import { contactRecordsByIds, putLabel, syncSuspects } from './data.ts';
import { mergeContactsIn, type MergeRow } from './merge.ts';
import { presentCandidate, presentMerge, type CandidateOut } from './presenter.ts';
import { matchCandidates, type CandidateStatus } from './tables.ts';
import type { MergeableField } from './schemas.ts';

type CandidateRow = typeof matchCandidates.$inferSelect;

/** Both ends visible: one EXISTS per side over the unaliased contacts table the visibility SQL names. */
function bothVisible(ctx: Ctx) {
  const v = visibilityOf(ctx.principal, 'contact');
  if (!v) return null;
  const side = (col: PgColumn) => sql`exists (select 1 from contacts where contacts.tenant_id = ${matchCandidates.tenantId}
    and contacts.id = ${col} ${v.kind === 'all' ? sql`` : sql`and ${visibilitySql(v, contacts, 'contact')}`})`;
  return and(side(matchCandidates.leftId), side(matchCandidates.rightId));
}

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

export async function listCandidates(ctx: Ctx, q: { status: CandidateStatus; limit: number; cursor?: string | undefined }) {
  const visible = bothVisible(ctx);
  if (!visible) throw forbidden('Your role may not read contacts');
  const after = q.cursor ? decode(q.cursor) : undefined;
  // Keyset over (band, probability desc, id): the uncertain band (likely = false) sorts first.
  const keyset = after ? sql`(${likely}, -${matchCandidates.probability}, ${matchCandidates.id}) > (${after.l}, ${-after.p}, ${after.i}::uuid)` : undefined;
  return readInTenant(ctx, async (db) => {
    const rows = await db.select().from(matchCandidates)
      .where(and(eq(matchCandidates.tenantId, ctx.tenantId), eq(matchCandidates.entity, 'contact'), eq(matchCandidates.status, q.status), visible, keyset))
      .orderBy(likely, sql`${matchCandidates.probability} desc`, matchCandidates.id).limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const data = await withRecords(ctx, db, page);
    const last = page[page.length - 1];
    return { data, nextCursor: rows.length > q.limit && last ? encode({ l: last.probability >= UPPER_THRESHOLD, p: last.probability, i: last.id }) : null };
  });
}

async function withRecords(ctx: Ctx, db: Queryable, rows: CandidateRow[]): Promise<CandidateOut[]> {
  const found = await contactRecordsByIds(db, ctx.tenantId, [...new Set(rows.flatMap((r) => [r.leftId, r.rightId]))]);
  const byId = new Map(found.map((f) => [f.summary.id, f.summary]));
  return rows.flatMap((r) => {
    const left = byId.get(r.leftId);
    const right = byId.get(r.rightId);
    return left && right ? [presentCandidate(r, left, right, ctx.principal)] : [];
  });
}

/** One candidate whose both records the caller may see. */
async function visibleCandidate(ctx: Ctx, db: Queryable, id: string): Promise<CandidateRow> {
  const visible = bothVisible(ctx);
  if (!visible) throw notFound('Candidate');
  const [row] = await db.select().from(matchCandidates)
    .where(and(eq(matchCandidates.tenantId, ctx.tenantId), eq(matchCandidates.id, id), visible));
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

/** Decides an open pair. Any decision needs update on both contacts (it changes what they are). */
export async function decideCandidate(ctx: Ctx, id: string, input: DecisionInput) {
  return inTenant(ctx, async (tx) => {
    const row = await visibleCandidate(ctx, tx, id);
    await tx.select({ id: matchCandidates.id }).from(matchCandidates).where(and(eq(matchCandidates.tenantId, ctx.tenantId), eq(matchCandidates.id, id))).for('update');
    if (row.status !== 'open') throw conflict(`This pair was already decided (${row.status})`, 'decision');
    let merge: MergeRow | null = null;
    if (input.decision === 'merge') {
      const survivorId = input.survivorId ?? row.leftId;
      if (survivorId !== row.leftId && survivorId !== row.rightId) throw invalid('survivorId', 'must be one of the pair');
      const mergedId = survivorId === row.leftId ? row.rightId : row.leftId;
      merge = (await mergeContactsIn(tx, ctx, survivorId, { mergedId, fields: input.fields, candidateId: id })).merge;
    } else {
      if (input.survivorId || input.fields) throw invalid(input.survivorId ? 'survivorId' : 'fields', 'is for merge decisions only');
      for (const contactId of [row.leftId, row.rightId]) {
        await loadForAction<ContactRow>(tx, ctx, 'contact', contacts, contactId, 'update').catch((err: unknown) => {
          throw err instanceof AppError && err.status === 404 ? notFound('Candidate') : err;
        });
      }
      if (input.decision === 'not_duplicate') await putLabel(tx, ctx.tenantId, 'contact', row.leftId, row.rightId, false, id, ctx.actor.id);
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
