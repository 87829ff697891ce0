// Cadence policy use cases: list, get, create, change (optimistic locking), delete. Policy resource
// 'cadence_policy'; every change is audited and evented in its transaction. A change takes effect at
// the next evaluation: statuses are always judged against the policy as it stands then.
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { AppError, forbidden, invalid, notFound } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can, type Action } from '../platform/policy/index.ts';
import { categories } from '../categories/tables.ts';
import { cadencePolicies } from './tables.ts';
import type { PolicyRow } from './data.ts';
import type { PolicyCreate, PolicyOut, PolicyPatch } from './schemas.ts';

const allow = (ctx: Ctx, action: Action) => {
  if (!can(ctx.principal, action, 'cadence_policy')) throw forbidden(`Your role may not ${action} cadence policies`);
};

export function presentPolicy(r: PolicyRow): PolicyOut {
  return {
    id: r.id, name: r.name, active: r.active, scopeKind: r.scopeKind, scopeValue: r.scopeValue, kinds: r.kinds,
    minIntervalDays: r.minIntervalDays, maxIntervalDays: r.maxIntervalDays, effectiveFrom: r.effectiveFrom.toISOString(),
    createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), version: r.version,
  };
}

const view = (r: PolicyRow) => {
  const { createdAt: _c, updatedAt: _u, version: _v, tenantId: _t, ...rest } = r;
  return { ...rest, effectiveFrom: r.effectiveFrom.toISOString() };
};
const byId = (tenantId: string, id: string) => and(eq(cadencePolicies.tenantId, tenantId), eq(cadencePolicies.id, id));

async function checkSegment(tx: Tx, tenantId: string, kind: string | undefined, value: string | null | undefined) {
  if (kind !== 'segment' || !value) return;
  const [cat] = await tx.select({ id: categories.id }).from(categories).where(and(eq(categories.tenantId, tenantId), eq(categories.id, value)));
  if (!cat) throw invalid('scopeValue', 'no such category');
}

export async function listPolicies(ctx: Ctx): Promise<PolicyOut[]> {
  allow(ctx, 'read');
  const rows = await readInTenant(ctx, (q) => q.select().from(cadencePolicies).where(eq(cadencePolicies.tenantId, ctx.tenantId)).orderBy(asc(cadencePolicies.name), asc(cadencePolicies.id)));
  return rows.map(presentPolicy);
}

export async function getPolicy(ctx: Ctx, id: string): Promise<PolicyOut> {
  allow(ctx, 'read');
  const [row] = await readInTenant(ctx, (q) => q.select().from(cadencePolicies).where(byId(ctx.tenantId, id)));
  if (!row) throw notFound('Cadence policy');
  return presentPolicy(row);
}

export async function createPolicy(ctx: Ctx, input: PolicyCreate): Promise<PolicyOut> {
  allow(ctx, 'create');
  return inTenant(ctx, async (tx) => {
    await checkSegment(tx, ctx.tenantId, input.scopeKind, input.scopeValue);
    const now = new Date();
    const [row] = await tx.insert(cadencePolicies).values({
      tenantId: ctx.tenantId, id: uuidv7(), name: input.name, active: input.active ?? true, scopeKind: input.scopeKind,
      scopeValue: input.scopeKind === 'all' ? null : input.scopeValue ?? null, kinds: input.kinds ?? null,
      minIntervalDays: input.minIntervalDays ?? null, maxIntervalDays: input.maxIntervalDays ?? null,
      effectiveFrom: input.effectiveFrom ? new Date(input.effectiveFrom) : now, createdBy: ctx.actor.id, createdAt: now, updatedAt: now,
    }).returning();
    const out = presentPolicy(row!);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'cadence_policy.created', entity: 'cadence_policy', entityId: out.id, changes: diff(null, view(row!)) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'cadence_policy.created', entity: 'cadence_policy', entityId: out.id, payload: out }]);
    return out;
  });
}

export async function updatePolicy(ctx: Ctx, id: string, patch: PolicyPatch, ifMatch?: number): Promise<PolicyOut> {
  allow(ctx, 'update');
  return inTenant(ctx, async (tx) => {
    const [before] = await tx.select().from(cadencePolicies).where(byId(ctx.tenantId, id)).for('update');
    if (!before) throw notFound('Cadence policy');
    if (ifMatch !== undefined && before.version !== ifMatch) {
      throw new AppError('stale_write', 412, `Cadence policy was changed by someone else (now version ${before.version}); reload and retry`);
    }
    const next = {
      scopeKind: patch.scopeKind ?? before.scopeKind,
      scopeValue: patch.scopeValue !== undefined ? patch.scopeValue : before.scopeValue,
      minIntervalDays: patch.minIntervalDays !== undefined ? patch.minIntervalDays : before.minIntervalDays,
      maxIntervalDays: patch.maxIntervalDays !== undefined ? patch.maxIntervalDays : before.maxIntervalDays,
    };
    // The patch alone may look fine while the policy it leaves behind does not.
    if (next.scopeKind === 'all') next.scopeValue = null;
    else if (!next.scopeValue) throw invalid('scopeValue', `is required for scope ${next.scopeKind}`);
    if (next.minIntervalDays == null && next.maxIntervalDays == null) throw invalid('maxIntervalDays', 'give minIntervalDays, maxIntervalDays or both');
    if (next.minIntervalDays != null && next.maxIntervalDays != null && next.minIntervalDays > next.maxIntervalDays) {
      throw invalid('minIntervalDays', 'must not exceed maxIntervalDays');
    }
    await checkSegment(tx, ctx.tenantId, next.scopeKind, next.scopeValue);
    const [after] = await tx.update(cadencePolicies).set({
      ...next,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.kinds !== undefined ? { kinds: patch.kinds } : {}),
      ...(patch.effectiveFrom !== undefined ? { effectiveFrom: new Date(patch.effectiveFrom) } : {}),
      updatedAt: new Date(), version: before.version + 1,
    }).where(byId(ctx.tenantId, id)).returning();
    const out = presentPolicy(after!);
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'cadence_policy.updated', entity: 'cadence_policy', entityId: id, changes: diff(view(before), view(after!)) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'cadence_policy.updated', entity: 'cadence_policy', entityId: id, payload: out }]);
    return out;
  });
}

export async function deletePolicy(ctx: Ctx, id: string): Promise<void> {
  allow(ctx, 'delete');
  await inTenant(ctx, async (tx) => {
    const [before] = await tx.delete(cadencePolicies).where(byId(ctx.tenantId, id)).returning();
    if (!before) throw notFound('Cadence policy');
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'cadence_policy.deleted', entity: 'cadence_policy', entityId: id, changes: diff(view(before), null) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: 'cadence_policy.deleted', entity: 'cadence_policy', entityId: id, payload: { id } }]);
  });
}
