// Cross-index lookups: which record an outside system's identifier belongs to. Every contact and
// company keeps the (system, external id) pairs of the systems that know it (source_identifiers,
// unique per tenant); a merge moves them to the survivor, so an old identifier still finds the
// record people now use.
import { and, eq } from 'drizzle-orm';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { notFound } from '../platform/errors.ts';
import { sourceIdentifiers } from '../contacts/tables.ts';
import { getContact } from '../contacts/service.ts';
import { getCompany } from '../companies/service.ts';
import type { ContactOut } from '../contacts/schemas.ts';
import type { CompanyOut } from '../companies/schemas.ts';

export type Identity =
  | { type: 'contact'; id: string; system: string; externalId: string; contact: ContactOut }
  | { type: 'company'; id: string; system: string; externalId: string; company: CompanyOut };

/**
 * The record an identifier belongs to, as the caller may see it. An identifier of a record the
 * caller may not see answers 404 like an unknown one, so identifiers cannot be probed.
 */
export async function resolveIdentity(ctx: Ctx, system: string, externalId: string): Promise<Identity> {
  const [owner] = await readInTenant(ctx, (q) =>
    q.select({ contactId: sourceIdentifiers.contactId, companyId: sourceIdentifiers.companyId })
      .from(sourceIdentifiers)
      .where(and(eq(sourceIdentifiers.tenantId, ctx.tenantId), eq(sourceIdentifiers.system, system), eq(sourceIdentifiers.externalId, externalId)))
      .limit(1));
  const missing = () => notFound(`Identifier ${system}/${externalId}`);
  if (!owner) throw missing();
  try {
    if (owner.contactId) return { type: 'contact', id: owner.contactId, system, externalId, contact: await getContact(ctx, owner.contactId) };
    return { type: 'company', id: owner.companyId!, system, externalId, company: await getCompany(ctx, owner.companyId!) };
  } catch (err) {
    if ((err as { status?: number }).status === 404) throw missing();
    throw err;
  }
}
