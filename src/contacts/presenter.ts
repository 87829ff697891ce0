// Turns contact rows into the API shape. Sensitive fields the caller's role may not see are left
// out entirely (absent, not blanked).
import { canViewField, sensitiveFields, type Principal } from '../platform/policy/index.ts';
import type { ContactOut } from './schemas.ts';
import { presentQuality } from '../quality/schemas.ts';
import type { ContactWithRelations } from './data.ts';

export function presentContact(row: ContactWithRelations, p: Principal): ContactOut {
  const out: ContactOut = {
    id: row.id,
    prefix: row.prefix, givenName: row.givenName, middleName: row.middleName, familyName: row.familyName, suffix: row.suffix,
    displayName: row.displayName, jobTitle: row.jobTitle,
    lifecycleStage: row.lifecycleStage as ContactOut['lifecycleStage'], tier: row.tier,
    ownerId: row.ownerId, teamId: row.teamId,
    emails: row.emails, phones: row.phones, addresses: row.addresses,
    birthDate: row.birthDate,
    netWorth: row.netWorth === null ? null : { amount: Number(row.netWorth), currency: row.netWorthCurrency ?? 'USD' },
    accountNumbers: row.accountNumbers,
    contractDocuments: row.contractDocuments,
    consent: row.consent,
    tags: row.tags,
    categories: row.categories,
    companies: row.companies,
    sourceIdentifiers: row.sourceIdentifiers,
    customFields: row.customFields,
    // The age band would tell what the birth date hides.
    ...presentQuality(row, canViewField(p, 'contact', 'birthDate') ? [] : ['ageBand']),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
  for (const field of sensitiveFields.contact ?? []) {
    if (!canViewField(p, 'contact', field)) delete (out as Record<string, unknown>)[field];
  }
  return out;
}

/** The audited view of a contact: every stored field, flattened for field-level history. */
export function auditView(row: ContactWithRelations): Record<string, unknown> {
  // Quality and enrichment are derived from the audited fields, so they are not audited again.
  const { tenantId: _t, searchTokens: _s, createdAt: _c, updatedAt: _u, version: _v, qualityIssues: _q, completeness: _k, enrichment: _e, ...rest } = row;
  return rest;
}
