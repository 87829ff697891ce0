// Compensation plan use cases: list, get, create, change, delete, and the managers' scores. Policy
// resources 'compensation_plan' and 'scorecard' (a manager scores the members of its teams, never
// itself); every change is audited and evented in its transaction.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { AppError, forbidden, invalid, notFound } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can, peopleReach, type Action } from '../platform/policy/index.ts';
import { rowsOf } from '../db/sql.ts';
import { compensationPlans, compensationScores } from './tables.ts';
import type { PlanRow } from './data.ts';
import type { PlanCreate, PlanOut, PlanPatch } from './schemas.ts';

const allow = (ctx: Ctx, action: Action) => {
  if (!can(ctx.principal, action, 'compensation_plan')) throw forbidden(`Your role may not ${action} compensation plans`);
};
const byId = (tenantId: string, id: string) => and(eq(compensationPlans.tenantId, tenantId), eq(compensationPlans.id, id));

export function presentPlan(r: PlanRow): PlanOut {
  return {
    id: r.id, name: r.name, periodStart: r.periodStart, periodEnd: r.periodEnd, teamId: r.teamId, rules: r.rules as unknown as Record<string, unknown>,
    createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), version: r.version,
  };
}
const view = (r: PlanRow) => ({ name: r.name, periodStart: r.periodStart, periodEnd: r.periodEnd, teamId: r.teamId, rules: r.rules });

export async function loadPlan(ctx: Ctx, id: string): Promise<PlanRow> {
  const [row] = await readInTenant(ctx, (q) => q.select().from(compensationPlans).where(byId(ctx.tenantId, id)));
  if (!row) throw notFound('Compensation plan');
  return row;
}

export async function listPlans(ctx: Ctx): Promise<PlanOut[]> {
  allow(ctx, 'read');
  const rows = await readInTenant(ctx, (q) => q.select().from(compensationPlans).where(eq(compensationPlans.tenantId, ctx.tenantId)).orderBy(desc(compensationPlans.periodStart), asc(compensationPlans.name)));
  return rows.map(presentPlan);
}

export async function getPlan(ctx: Ctx, id: string): Promise<PlanOut> {
  allow(ctx, 'read');
  return presentPlan(await loadPlan(ctx, id));
}

export async function createPlan(ctx: Ctx, input: PlanCreate): Promise<PlanOut> {
  allow(ctx, 'create');
  return inTenant(ctx, async (tx) => {
    if (input.teamId) {
      const [team] = await rowsOf(tx, sql`select 1 from teams where tenant_id = ${ctx.tenantId}::uuid and id = ${input.teamId}::uuid`);
      if (!team) throw invalid('teamId', 'no such team');
    }
    const now = new Date();
    const [row] = await tx.insert(compensationPlans).values({
      tenantId: ctx.tenantId, id: uuidv7(), name: input.name, periodStart: input.periodStart, periodEnd: input.periodEnd, teamId: input.teamId ?? null,
      rules: input.rules, createdBy: ctx.actor.id, createdAt: now, updatedAt: now,
    }).returning();
    const out = presentPlan(row!);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'compensation_plan.created', entity: 'compensation_plan', entityId: out.id, changes: diff(null, view(row!)) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'compensation_plan.created', entity: 'compensation_plan', entityId: out.id, payload: out }]);
    return out;
  });
}

export async function updatePlan(ctx: Ctx, id: string, patch: PlanPatch, ifMatch?: number): Promise<PlanOut> {
  allow(ctx, 'update');
  return inTenant(ctx, async (tx) => {
    const [before] = await tx.select().from(compensationPlans).where(byId(ctx.tenantId, id)).for('update');
    if (!before) throw notFound('Compensation plan');
    if (ifMatch !== undefined && before.version !== ifMatch) throw new AppError('stale_write', 412, `Compensation plan was changed by someone else (now version ${before.version}); reload and retry`);
    const start = patch.periodStart ?? before.periodStart;
    const end = patch.periodEnd ?? before.periodEnd;
    if (end < start) throw invalid('periodEnd', 'must not be before periodStart');
    const [after] = await tx.update(compensationPlans).set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.teamId !== undefined ? { teamId: patch.teamId ?? null } : {}),
      ...(patch.rules !== undefined ? { rules: patch.rules } : {}),
      periodStart: start, periodEnd: end, updatedAt: new Date(), version: before.version + 1,
    }).where(byId(ctx.tenantId, id)).returning();
    const out = presentPlan(after!);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'compensation_plan.updated', entity: 'compensation_plan', entityId: id, changes: diff(view(before), view(after!)) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'compensation_plan.updated', entity: 'compensation_plan', entityId: id, payload: out }]);
    return out;
  });
}

export async function deletePlan(ctx: Ctx, id: string): Promise<void> {
  allow(ctx, 'delete');
  await inTenant(ctx, async (tx) => {
    const [before] = await tx.delete(compensationPlans).where(byId(ctx.tenantId, id)).returning();
    if (!before) throw notFound('Compensation plan');
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'compensation_plan.deleted', entity: 'compensation_plan', entityId: id, changes: diff(view(before), null) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'compensation_plan.deleted', entity: 'compensation_plan', entityId: id, payload: { id } }]);
  });
}

/** A manager's mark (0-100) of a rep for a plan's period: the subjective component's main input. */
export async function setScore(ctx: Ctx, planId: string, userId: string, input: { score: number; note?: string | null | undefined }) {
  if (!can(ctx.principal, 'update', 'scorecard')) throw forbidden('Your role may not score reps');
  if (userId === ctx.principal.userId) throw forbidden('Nobody scores themselves');
  return inTenant(ctx, async (tx) => {
    const [plan] = await tx.select({ id: compensationPlans.id }).from(compensationPlans).where(byId(ctx.tenantId, planId));
    if (!plan) throw notFound('Compensation plan');
    const [user] = await rowsOf<{ id: string }>(tx, sql`select id from users where tenant_id = ${ctx.tenantId}::uuid and id = ${userId}::uuid`);
    if (!user) throw notFound('User');
    if (peopleReach(ctx.principal) === 'team') {
      const [member] = await rowsOf(tx, sql`select 1 from team_members where tenant_id = ${ctx.tenantId}::uuid and user_id = ${userId}::uuid
        and team_id = any(${`{${ctx.principal.teamIds.join(',')}}`}::uuid[])`);
      if (!member) throw forbidden('Managers score the members of their own teams');
    }
    const [before] = await tx.select().from(compensationScores).where(and(eq(compensationScores.tenantId, ctx.tenantId), eq(compensationScores.planId, planId), eq(compensationScores.userId, userId)));
    const values = { score: input.score, note: input.note?.trim() || null, scoredBy: ctx.actor.id, scoredAt: new Date() };
    const [row] = await tx.insert(compensationScores).values({ tenantId: ctx.tenantId, planId, userId, ...values })
      .onConflictDoUpdate({ target: [compensationScores.tenantId, compensationScores.planId, compensationScores.userId], set: values }).returning();
    const out = { planId, userId, score: row!.score, note: row!.note, scoredBy: row!.scoredBy, scoredAt: row!.scoredAt.toISOString() };
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{
      action: 'compensation_score.set', entity: 'compensation_plan', entityId: planId,
      changes: diff(before ? { [`score.${userId}`]: before.score } : null, { [`score.${userId}`]: row!.score }),
    }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'compensation_score.set', entity: 'compensation_plan', entityId: planId, payload: out }]);
    return out;
  });
}
