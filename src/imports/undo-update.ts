// Undoing one row an import updated: first the row's source record goes back to what it claimed
// before (or goes, if the row created it), then the previous values are written like an edit. The
// golden record is recomputed from the restored claims, so the undone values leave it even when the
// import's system is trusted above edits typed in Rapport.
import { inTenant, type Ctx } from '../platform/context.ts';
import { updateContact } from '../contacts/service.ts';
import { updateCompany } from '../companies/service.ts';
import type { ContactPatch } from '../contacts/schemas.ts';
import type { CompanyPatch } from '../companies/schemas.ts';
import { CLAIMS_BEFORE, restoreClaims, type ClaimsBefore } from '../sources/imports.ts';

export async function undoUpdate(ctx: Ctx, importId: string, entity: 'contact' | 'company', id: string, before: Record<string, unknown> | null): Promise<void> {
  const { [CLAIMS_BEFORE]: claims, ...previous } = before ?? {};
  if (claims) await inTenant(ctx, (tx) => restoreClaims(tx, ctx.tenantId, entity, id, claims as ClaimsBefore, importId));
  if (entity === 'company') await updateCompany(ctx, id, previous as CompanyPatch);
  else await updateContact(ctx, id, previous as ContactPatch);
}
