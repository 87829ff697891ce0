// The tenant's survivorship settings: read by every sourced write (defaults when unset), changed by
// admins only (PUT replaces them whole), audited as sources.settings_changed with before/after; a
// change queues the sources.recompute job (recompute.ts), so it applies to stored records too.
import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { defaultSurvivorship, survivorshipSettings, type SurvivorshipSettings } from './golden.ts';
import { survivorshipSettingsTable as table } from './tables.ts';
import { queueRecompute } from './recompute.ts';

export async function survivorshipOf(q: Queryable, tenantId: string): Promise<SurvivorshipSettings> {
  const [row] = await q.select().from(table).where(eq(table.tenantId, tenantId)).limit(1);
  if (!row) return defaultSurvivorship;
  const parsed = survivorshipSettings.safeParse({ trustedSystems: row.trustedSystems, rules: row.rules, fieldRules: row.fieldRules });
  return parsed.success ? parsed.data : defaultSurvivorship;
}

export const getSurvivorship = (ctx: Ctx) => readInTenant(ctx, (q) => survivorshipOf(q, ctx.tenantId));

export async function putSurvivorship(ctx: Ctx, input: SurvivorshipSettings): Promise<SurvivorshipSettings> {
  return inTenant(ctx, (tx) => putSurvivorshipIn(tx, ctx, input));
}

/** putSurvivorship in the caller's transaction (PUT /settings changes it with the other settings at once). */
export async function putSurvivorshipIn(tx: Tx, ctx: Ctx, input: SurvivorshipSettings): Promise<SurvivorshipSettings> {
  if (ctx.principal.role !== 'admin') throw forbidden('Only admins may change survivorship settings');
  // The row lock orders two admins' changes, so the audit shows them as applied.
  await tx.select({ t: table.tenantId }).from(table).where(eq(table.tenantId, ctx.tenantId)).for('update');
  const before = await survivorshipOf(tx, ctx.tenantId);
  const after: SurvivorshipSettings = { trustedSystems: input.trustedSystems, rules: input.rules, fieldRules: input.fieldRules };
  if (JSON.stringify(before) === JSON.stringify(after)) return before;
  const values = { ...after, fieldRules: after.fieldRules as Record<string, string[]>, updatedAt: new Date(), updatedBy: ctx.actor.id };
  await tx.insert(table).values({ tenantId: ctx.tenantId, ...values }).onConflictDoUpdate({ target: [table.tenantId], set: values });
  const keys = ['trustedSystems', 'rules', 'fieldRules'] as const;
  await appendAudit(tx, ctx.tenantId, ctx.actor, [{
    action: 'sources.settings_changed', entity: 'tenant', entityId: ctx.tenantId,
    changes: Object.fromEntries(keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => [k, { before: before[k], after: after[k] }])),
  }]);
  // Retroactive: stored golden records are recomputed under the new settings in the background.
  await queueRecompute(tx, ctx);
  return after;
}
