// Asking an enrichment provider about one record: read it (the caller must be allowed to change
// it), call the provider outside any transaction (a slow webhook must not hold row locks), then
// store the values with their provenance in a second transaction, audited and evented. Only
// non-sensitive fields leave Rapport.
import { and, eq } from 'drizzle-orm';
import { inTenant, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { loadForAction } from '../platform/records.ts';
import { contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import type { Enrichment } from './enrich.ts';
import { ProviderError, type EnrichmentProvider } from './provider.ts';

type Row = typeof contacts.$inferSelect | typeof companies.$inferSelect;

/** The fields a provider may see: no birth date, net worth, account numbers or documents. */
function outgoing(entity: 'contact' | 'company', r: Row): Record<string, unknown> {
  if (entity === 'company') {
    const c = r as typeof companies.$inferSelect;
    return { name: c.name, domain: c.domain, website: c.website, industry: c.industry, phones: c.phones, addresses: c.addresses };
  }
  const c = r as typeof contacts.$inferSelect;
  return {
    givenName: c.givenName, middleName: c.middleName, familyName: c.familyName, jobTitle: c.jobTitle,
    emails: c.emails, phones: c.phones, addresses: c.addresses,
  };
}

export async function enrichRecord(ctx: Ctx, entity: 'contact' | 'company', id: string, provider: EnrichmentProvider): Promise<{ enrichment: Enrichment; version: number }> {
  const table = entity === 'contact' ? contacts : companies;
  const row = await inTenant(ctx, (tx) => loadForAction<Row>(tx, ctx, entity, table, id, 'update'));
  let values;
  try {
    values = await provider.enrich({ entity, id, record: outgoing(entity, row) });
  } catch (err) {
    if (err instanceof ProviderError) throw new AppError('enrichment_failed', 502, err.message);
    throw err;
  }
  return inTenant(ctx, async (tx) => {
    const current = await loadForAction<Row>(tx, ctx, entity, table, id, 'update', { lock: true });
    const at = new Date();
    const enrichment: Enrichment = { ...current.enrichment };
    for (const v of values) enrichment[v.field] = { value: v.value, source: 'provider', from: provider.name, at: at.toISOString(), confidence: v.confidence };
    await tx.update(table).set({ enrichment, updatedAt: at, version: current.version + 1 }).where(and(eq(table.tenantId, ctx.tenantId), eq(table.id, id)));
    await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: `${entity}.enriched`, entity, entityId: id, changes: diff({ enrichment: current.enrichment }, { enrichment }) }]);
    await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: `${entity}.enriched`, entity, entityId: id, payload: { id, enrichment } }]);
    return { enrichment, version: current.version + 1 };
  });
}
