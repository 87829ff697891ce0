// The demo's sources, so "one customer, many sources" shows from the first start: every seeded
// contact gets its source record (the legacy CRM it came from, or Rapport for those typed in), then
// the core banking system sends what it knows of the clients (legal name, birth date, the net worth
// it holds) through the same write path as any API client, with a source of its own. The tenant
// trusts the core banking system first, so its values win where it speaks; lineage and the data
// sources page show who said what, and when.
import type { Tx } from '../db/client.ts';
import type { Ctx } from '../platform/context.ts';
import { recordCreatedSources } from '../sources/service.ts';
import { putSurvivorship } from '../sources/settings.ts';
import { updateContact } from '../contacts/service.ts';
import type { GeneratedContact } from './generate.ts';

export const CORE_BANKING = 'core-banking';

/** Source records for contacts inserted by the seed, inside its transaction. */
export async function recordSeededSources(tx: Tx, ctx: Ctx, contacts: readonly GeneratedContact[]): Promise<void> {
  await recordCreatedSources(tx, ctx, 'contact', contacts.map((c) => {
    const from = c.sources[0];
    return { id: c.row.id, input: { ...c.input, ...(from ? { source: { system: from.system, externalId: from.externalId } } : {}) } };
  }));
}

/**
 * The core banking system's view of up to `limit` clients (those with a net worth on file): the
 * amount it holds differs from the CRM's estimate. Returns how many contacts it spoke for.
 */
export async function seedCoreBanking(ctx: Ctx, contacts: readonly GeneratedContact[], limit = 60): Promise<number> {
  await putSurvivorship(ctx, { trustedSystems: [CORE_BANKING, 'rapport', 'legacy-crm'], rules: ['trusted', 'recent', 'complete'], fieldRules: {} });
  const clients = contacts.filter((c) => c.row.lifecycleStage === 'client' && c.input.netWorth).slice(0, limit);
  let n = 0;
  for (const c of clients) {
    const estimate = c.input.netWorth!;
    // Deterministic: the bank's figure is the CRM's estimate moved by -20%..+25%, to the thousand.
    const drift = ((n * 37) % 46) / 100 - 0.2;
    await updateContact(ctx, c.row.id, {
      givenName: c.row.givenName ?? undefined,
      familyName: c.row.familyName ?? undefined,
      ...(c.row.birthDate ? { birthDate: c.row.birthDate } : {}),
      netWorth: { amount: Math.round((estimate.amount * (1 + drift)) / 1000) * 1000, currency: estimate.currency },
      source: { system: CORE_BANKING, externalId: `CB-${String(100_000 + n).padStart(7, '0')}` },
    });
    n++;
  }
  return n;
}
