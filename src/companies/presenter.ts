// Turns company rows into the API shape (in Node, and as SQL for the reads PostgreSQL presents),
// and into the flat view the audit trail diffs.
import { sql, type SQL } from 'drizzle-orm';
import type { CompanyOut } from './schemas.ts';
import { presentQuality } from '../quality/schemas.ts';
import { issuesWithStaleSql } from '../quality/fields.ts';
import { isoSql, jsonPresenterSql } from '../contacts/json-presenter.ts';
import { companies as c } from './tables.ts';
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

/** The keys of a company's API JSON, in presentCompany's order (companyJsonSql builds them). */
const JSON_KEYS = [
  'id', 'name', 'domain', 'website', 'industry', 'size', 'description', 'ownerId', 'teamId', 'phones', 'addresses', 'tags',
  'sourceIdentifiers', 'customFields', 'qualityIssues', 'completeness', 'confirmedAt', 'enrichment', 'createdAt', 'updatedAt', 'version',
] as const;

/**
 * presentCompany as SQL (contacts/json-presenter.ts): GET /companies/:id and list pages are sent
 * as PostgreSQL wrote them. The same keys and values as presentCompany (a test compares the two on
 * both databases, for every role). Companies have no sensitive fields (policy/index.ts): any added
 * there would be left out here by role, and presentCompany would have to leave them out too (the
 * test would fail until it did). `fields` keeps only those (and id) as selectFields does.
 */
export const companyJsonSql = jsonPresenterSql('company', JSON_KEYS, (relations: { sourceIdentifiers: SQL; stale: SQL }) => ({
  id: sql`${c.id}`, name: sql`${c.name}`, domain: sql`${c.domain}`, website: sql`${c.website}`, industry: sql`${c.industry}`,
  size: sql`${c.size}`, description: sql`${c.description}`, ownerId: sql`${c.ownerId}`, teamId: sql`${c.teamId}`,
  phones: sql`${c.phones}`, addresses: sql`${c.addresses}`, tags: sql`${c.tags}`,
  sourceIdentifiers: relations.sourceIdentifiers, customFields: sql`${c.customFields}`,
  qualityIssues: issuesWithStaleSql(c, relations.stale), completeness: sql`${c.completeness}`, confirmedAt: isoSql(c.confirmedAt),
  enrichment: sql`${c.enrichment}`,
  createdAt: isoSql(c.createdAt), updatedAt: isoSql(c.updatedAt), version: sql`${c.version}`,
}));

/** Every stored field except bookkeeping, for field-level history. */
export function auditView(row: CompanyWithRelations): Record<string, unknown> {
  // Quality and enrichment are derived from the audited fields, so they are not audited again.
  const { tenantId: _t, searchTokens: _s, createdAt: _c, updatedAt: _u, version: _v, qualityIssues: _q, completeness: _k, enrichment: _e, stale: _st, ...rest } = row;
  return rest;
}
