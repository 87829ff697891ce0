// Turns contact rows into the API shape. Sensitive fields the caller's role may not see are left
// out entirely (absent, not blanked).
import { sql, type SQL } from 'drizzle-orm';
import { canViewField, sensitiveFields, type Principal } from '../platform/policy/index.ts';
import { contacts as c } from './tables.ts';
import type { ContactOut } from './schemas.ts';
import { presentQuality } from '../quality/schemas.ts';
import { issuesWithStaleSql } from '../quality/fields.ts';
import type { ContactWithRelations } from './data.ts';
import { isoSql, jsonPresenterSql } from './json-presenter.ts';

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

/** The keys of a contact's API JSON, in presentContact's order (contactJsonSql builds them). */
const JSON_KEYS = [
  'id', 'prefix', 'givenName', 'middleName', 'familyName', 'suffix', 'displayName', 'jobTitle', 'lifecycleStage', 'tier', 'ownerId', 'teamId',
  'emails', 'phones', 'addresses', 'birthDate', 'netWorth', 'accountNumbers', 'contractDocuments', 'consent', 'tags', 'categories',
  'companies', 'sourceIdentifiers', 'customFields', 'qualityIssues', 'completeness', 'confirmedAt', 'enrichment', 'createdAt', 'updatedAt', 'version',
] as const;
type JsonRelations = { categories: SQL; companies: SQL; sourceIdentifiers: SQL; stale: SQL };

/**
 * presentContact as SQL (json-presenter.ts): each row's API JSON built by PostgreSQL, so a page
 * or a get is sent as the database wrote it, without parsing, mapping, presenting and serialising
 * every column in Node. The same keys, values and hiding of sensitive fields as presentContact (a
 * test compares the two on both databases); `fields` keeps only those (and id) as selectFields
 * does; each variant is built once per relations object.
 */
export const contactJsonSql = jsonPresenterSql('contact', JSON_KEYS, (relations: JsonRelations, hidden) => ({
  id: sql`${c.id}`, prefix: sql`${c.prefix}`, givenName: sql`${c.givenName}`, middleName: sql`${c.middleName}`,
  familyName: sql`${c.familyName}`, suffix: sql`${c.suffix}`, displayName: sql`${c.displayName}`, jobTitle: sql`${c.jobTitle}`,
  lifecycleStage: sql`${c.lifecycleStage}`, tier: sql`${c.tier}`, ownerId: sql`${c.ownerId}`, teamId: sql`${c.teamId}`,
  emails: sql`${c.emails}`, phones: sql`${c.phones}`, addresses: sql`${c.addresses}`,
  birthDate: sql`${c.birthDate}`,
  netWorth: sql`case when ${c.netWorth} is null then null else json_build_object('amount', trim_scale(${c.netWorth}), 'currency', coalesce(${c.netWorthCurrency}, 'USD')) end`,
  accountNumbers: sql`${c.accountNumbers}`, contractDocuments: sql`${c.contractDocuments}`, consent: sql`${c.consent}`,
  tags: sql`${c.tags}`, categories: relations.categories, companies: relations.companies, sourceIdentifiers: relations.sourceIdentifiers,
  customFields: sql`${c.customFields}`,
  qualityIssues: issuesWithStaleSql(c, relations.stale), completeness: sql`${c.completeness}`, confirmedAt: isoSql(c.confirmedAt),
  // The age band would tell what the birth date hides.
  enrichment: hidden.includes('birthDate') ? sql`(${c.enrichment} - 'ageBand')` : sql`${c.enrichment}`,
  createdAt: isoSql(c.createdAt), updatedAt: isoSql(c.updatedAt), version: sql`${c.version}`,
}));

/** The audited view of a contact: every stored field, flattened for field-level history. */
export function auditView(row: ContactWithRelations): Record<string, unknown> {
  // Quality and enrichment are derived from the audited fields, so they are not audited again.
  const { tenantId: _t, searchTokens: _s, createdAt: _c, updatedAt: _u, version: _v, qualityIssues: _q, completeness: _k, enrichment: _e, stale: _st, ...rest } = row;
  return rest;
}
