// A record's field history, read from the audit trail by whoever may read the record.
import type { PgTable } from 'drizzle-orm/pg-core';
import { inTenant, type Ctx } from '../context.ts';
import { canViewField, type OwnedResource } from '../policy/index.ts';
import { loadForAction, type OwnedTable } from '../records.ts';
import { fieldHistory } from './service.ts';

export async function recordHistory(
  ctx: Ctx, resource: OwnedResource, table: PgTable & OwnedTable, id: string, q: { limit: number; cursor?: string | undefined },
) {
  return inTenant(ctx, async (tx) => {
    await loadForAction(tx, ctx, resource, table, id, 'read');
    const rows = await fieldHistory(tx, ctx.tenantId, id, q.limit + 1, q.cursor ? Number(q.cursor) : undefined);
    const data = rows.slice(0, q.limit).map((r) => ({
      seq: r.seq, at: new Date(r.at).toISOString(), actorId: r.actorId, actorLabel: r.actorLabel, action: r.action,
      // Sensitive values stay hidden in history too, for roles that may not see them.
      changes: Object.fromEntries(Object.entries(r.changes).filter(([field]) => canViewField(ctx.principal, resource, field))),
    }));
    return { data, nextCursor: rows.length > q.limit ? String(data[data.length - 1]!.seq) : null };
  });
}
