// Reading the audit trail: the tenant's log (admins, controllers) and one record's field history.
import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { ctxOf, type App } from '../http.ts';
import { inTenant } from '../context.ts';
import { forbidden } from '../errors.ts';
import { can } from '../policy/index.ts';
import { auditLog } from './tables.ts';
import { verifyChain } from './service.ts';

export const auditEntryOut = z.object({
  seq: z.number(), at: z.string(), actorId: z.uuid().nullable(), actorLabel: z.string(), action: z.string(),
  entity: z.string(), entityId: z.uuid().nullable(), changes: z.record(z.string(), z.object({ before: z.unknown().optional(), after: z.unknown().optional() })),
});

export const presentAudit = (r: typeof auditLog.$inferSelect) => ({
  seq: r.seq, at: new Date(r.at).toISOString(), actorId: r.actorId, actorLabel: r.actorLabel, action: r.action,
  entity: r.entity, entityId: r.entityId, changes: r.changes,
});

export default async function auditRoutes(app: App) {
  app.get('/audit', {
    schema: {
      tags: ['audit'], summary: 'The audit trail, newest first',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), before: z.coerce.number().int().optional(), entityId: z.uuid().optional() }),
      response: { 200: z.object({ data: z.array(auditEntryOut), nextCursor: z.string().nullable() }) },
    },
  }, async (req) => {
    const ctx = ctxOf(req);
    if (!can(ctx.principal, 'read', 'audit')) throw forbidden();
    const { limit, before, entityId } = req.query;
    const rows = await inTenant(ctx, (tx) =>
      tx.select().from(auditLog)
        .where(and(eq(auditLog.tenantId, ctx.tenantId), before ? lt(auditLog.seq, before) : undefined, entityId ? eq(auditLog.entityId, entityId) : undefined))
        .orderBy(desc(auditLog.seq)).limit(limit + 1),
    );
    const data = rows.slice(0, limit).map(presentAudit);
    return { data, nextCursor: rows.length > limit ? String(data[data.length - 1]!.seq) : null };
  });

  app.get('/audit/verify', {
    schema: { tags: ['audit'], summary: 'Recompute the hash chain', response: { 200: z.object({ ok: z.boolean(), checked: z.number(), brokenAt: z.number().optional(), reason: z.string().optional() }) } },
  }, async (req) => {
    const ctx = ctxOf(req);
    if (!can(ctx.principal, 'read', 'audit')) throw forbidden();
    return inTenant(ctx, (tx) => verifyChain(tx, ctx.tenantId));
  });
}
