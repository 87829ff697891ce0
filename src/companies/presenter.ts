// Turns company rows into the API shape, and into the flat view the audit trail diffs.
import type { CompanyOut } from './schemas.ts';
import { presentQuality } from '../quality/schemas.ts';
import type { CompanyWithRelations } from './data.ts';

export function presentCompany(row: CompanyWithRelations): CompanyOut {
  return {
    id: row.id,
    name: row.name, domain: row.domain, website: row.website, industry: row.industry,
    size: row.size, description: row.description,
    ownerId: row.ownerId, teamId: row.teamId,
    phones: row.phones, addresses: row.addresses,
    tags: row.tags,
    sourceIdentifiers: row.sourceIdentifiers,
    customFields: row.customFields,
    ...presentQuality(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

/** Every stored field except bookkeeping, for field-level history. */
export function auditView(row: CompanyWithRelations): Record<string, unknown> {
  // Quality and enrichment are derived from the audited fields, so they are not audited again.
  const { tenantId: _t, searchTokens: _s, createdAt: _c, updatedAt: _u, version: _v, qualityIssues: _q, completeness: _k, enrichment: _e, stale: _st, ...rest } = row;
  return rest;
}
