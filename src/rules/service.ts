// Rule use cases: create, list, get, change, delete (tenant configuration: the category
// permissions apply, since rules categorise), and re-running one rule over existing records as a
// background job. Every change is audited and evented in its transaction.
import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../db/sql.ts';
import type { Tx } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { AppError, forbidden, notFound, type FieldError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can, canOnRecord, type Action } from '../platform/policy/index.ts';
import { existingIds } from '../platform/records.ts';
import { enqueueJob } from '../platform/jobs/service.ts';
import { categories } from '../categories/tables.ts';
import { checkActions, checkCondition, type Condition, type Entity } from './engine.ts';
import { rules } from './tables.ts';
import type { RuleCreate, RuleOut, RulePatch } from './schemas.ts';

type RuleRow = typeof rules.$inferSelect;

const allow = (ctx: Ctx, action: Action) => {
  if (!can(ctx.principal, action, 'category')) throw forbidden(`Your role may not ${action} rules`);
};

export function presentRule(r: RuleRow): RuleOut {
  return {
    id: r.id, name: r.name, entity: r.entity, condition: r.condition as Record<string, unknown>, actions: r.actions,
    enabled: r.enabled, position: r.position, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), version: r.version,
  };
}
const view = (r: RuleRow) => ({ name: r.name, entity: r.entity, condition: r.condition, actions: r.actions, enabled: r.enabled, position: r.position });

/** The condition against the entity's fields and the actions' categories: 422 naming each bad path. */
async function checkRule(tx: Tx, ctx: Ctx, entity: Entity, condition: unknown, actions: RuleCreate['actions']) {
  const errors: FieldError[] = [...checkCondition(condition, entity), ...checkActions(actions, entity)];
  const wanted = actions.flatMap((a) => (a.type === 'addCategory' ? [a.categoryId] : []));
  const found = await existingIds(tx, ctx.tenantId, categories, wanted);
  actions.forEach((a, i) => {
    if (a.type === 'addCategory' && !found.has(a.categoryId)) errors.push({ field: `actions.${i}.categoryId`, message: 'no such category' });
  });
  if (errors.length) throw new AppError('validation_failed', 422, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

async function record(tx: Tx, ctx: Ctx, action: string, id: string, before: RuleRow | null, after: RuleRow | null) {
  await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action, entity: 'rule', entityId: id, changes: diff(before && view(before), after && view(after)) }]);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: action, entity: 'rule', entityId: id, payload: after ? presentRule(after) : { id } }]);
}

export async function createRule(ctx: Ctx, input: RuleCreate): Promise<RuleOut> {
  allow(ctx, 'create');
  return inTenant(ctx, async (tx) => {
    await checkRule(tx, ctx, input.entity, input.condition, input.actions);
    const now = new Date();
    const [row] = await tx.insert(rules).values({
      tenantId: ctx.tenantId, id: uuidv7(), name: input.name, entity: input.entity, condition: input.condition as Condition,
      actions: input.actions, enabled: input.enabled ?? true, position: input.position ?? 0, createdBy: ctx.actor.id, createdAt: now, updatedAt: now,
    }).returning();
    await record(tx, ctx, 'rule.created', row!.id, null, row!);
    return presentRule(row!);
  });
}

async function ruleById(tx: Tx, ctx: Ctx, id: string, lock = false): Promise<RuleRow> {
  const q = tx.select().from(rules).where(and(eq(rules.tenantId, ctx.tenantId), eq(rules.id, id)));
  const [row] = await (lock ? q.for('update') : q);
  if (!row) throw notFound('Rule');
  return row;
}

export async function getRule(ctx: Ctx, id: string): Promise<RuleOut> {
  allow(ctx, 'read');
  return presentRule(await inTenant(ctx, (tx) => ruleById(tx, ctx, id)));
}

export async function listRules(ctx: Ctx, entity?: Entity): Promise<RuleOut[]> {
  allow(ctx, 'read');
  const rows = await readInTenant(ctx, (q) => q.select().from(rules)
    .where(and(eq(rules.tenantId, ctx.tenantId), entity ? eq(rules.entity, entity) : undefined)).orderBy(asc(rules.entity), asc(rules.position), asc(rules.id)));
  return rows.map(presentRule);
}

export async function updateRule(ctx: Ctx, id: string, patch: RulePatch, ifMatch?: number): Promise<RuleOut> {
  allow(ctx, 'update');
  return inTenant(ctx, async (tx) => {
    const before = await ruleById(tx, ctx, id, true);
    if (ifMatch !== undefined && ifMatch !== before.version) throw new AppError('stale_write', 412, `Rule was changed by someone else (now version ${before.version}); reload and retry`);
    await checkRule(tx, ctx, before.entity, patch.condition ?? before.condition, patch.actions ?? before.actions);
    const [after] = await tx.update(rules).set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.condition !== undefined ? { condition: patch.condition as Condition } : {}),
      ...(patch.actions !== undefined ? { actions: patch.actions } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.position !== undefined ? { position: patch.position } : {}),
      updatedAt: new Date(), version: before.version + 1,
    }).where(and(eq(rules.tenantId, ctx.tenantId), eq(rules.id, id))).returning();
    await record(tx, ctx, 'rule.updated', id, before, after!);
    return presentRule(after!);
  });
}

export async function deleteRule(ctx: Ctx, id: string): Promise<void> {
  allow(ctx, 'delete');
  await inTenant(ctx, async (tx) => {
    const before = await ruleById(tx, ctx, id, true);
    await tx.delete(rules).where(and(eq(rules.tenantId, ctx.tenantId), eq(rules.id, id)));
    await record(tx, ctx, 'rule.deleted', id, before, null);
  });
}

/**
 * Queues a re-run of one rule over every record of its entity. It changes records the caller
 * may not own, so it needs a role that may update every record (canOnRecord for a record owned by
 * nobody holds only for reach 'all').
 */
export async function runRule(ctx: Ctx, id: string): Promise<{ jobId: string }> {
  allow(ctx, 'update');
  return inTenant(ctx, async (tx) => {
    const rule = await ruleById(tx, ctx, id);
    if (!canOnRecord(ctx.principal, 'update', rule.entity, { ownerId: null, teamId: null, shared: null })) {
      throw forbidden(`Re-running a rule changes every ${rule.entity}; your role may not`);
    }
    const table = rule.entity === 'contact' ? sql`contacts` : sql`companies`;
    const [count] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${table} where tenant_id = ${ctx.tenantId}`);
    const job = await enqueueJob(tx, ctx, 'rules.run', { ruleId: id }, count?.n ?? null);
    return { jobId: job.id };
  });
}

