// The search dictionary: every distinct normalised token of a tenant's names, emails and phones.
// Typo-tolerant matching runs pg_trgm over this small table, then exact array lookups on records.
import { sql } from 'drizzle-orm';
import { index, pgTable, pgView, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tenantId, tenantPolicy } from '../db/columns.ts';

export const searchTerms = pgTable(
  'search_terms',
  {
    tenantId: tenantId(),
    term: text('term').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.term] }),
    // Prefix lookups by range scan in any collation, words and emails apart: "john" must not
    // wade through every john.*@… address, nor a partial email through the words.
    index('search_terms_word_prefix_idx').on(t.tenantId, t.term.op('text_pattern_ops')).where(sql`strpos(${t.term}, '@') = 0`),
    index('search_terms_email_prefix_idx').on(t.tenantId, t.term.op('text_pattern_ops')).where(sql`strpos(${t.term}, '@') > 0`),
    // Fuzzy words and phone digits. Email tokens stay out: their domains ("gmail", "com") share
    // trigrams with countless words and would flood every similarity scan; an email's local-part
    // words are terms of their own anyway. A small pending list: every search scans it whole,
    // so letting it grow to the 4 MB default between vacuums costs each search tens of ms.
    index('search_terms_words_trgm_idx').using('gin', t.term.op('gin_trgm_ops')).with({ gin_pending_list_limit: 256 }).where(sql`strpos(${t.term}, '@') = 0`),
    tenantPolicy(),
  ],
).enableRLS();

// Row-level security only lets leakproof operators use an index, and LIKE, pg_trgm's % and
// array && are not leakproof: under RLS every search would scan. These views read the tables
// with their owner's rights and filter to the transaction's tenant themselves, the same rule the
// RLS policies apply, so the search service (running as rapport_app) gets its indexes back and
// still sees one tenant only. They expose only what search needs.
// nullif: outside a tenant transaction the setting reads '' (once set on the connection) or
// null; either way the views are empty.
const currentTenant = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

export const searchTermsScoped = pgView('search_terms_scoped', {
  tenantId: uuid('tenant_id').notNull(),
  term: text('term').notNull(),
}).as(sql`select tenant_id, term from search_terms where ${currentTenant}`);

export const contactSearch = pgView('contact_search', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  ownerId: uuid('owner_id'),
  teamId: uuid('team_id'),
  displayName: text('display_name').notNull(),
  jobTitle: text('job_title'),
  primaryEmail: text('primary_email'),
  searchTokens: text('search_tokens').array().notNull(),
}).as(sql`select tenant_id, id, owner_id, team_id, display_name, job_title, primary_email, search_tokens from contacts where ${currentTenant}`);

export const companySearch = pgView('company_search', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  ownerId: uuid('owner_id'),
  teamId: uuid('team_id'),
  name: text('name').notNull(),
  domain: text('domain'),
  industry: text('industry'),
  searchTokens: text('search_tokens').array().notNull(),
}).as(sql`select tenant_id, id, owner_id, team_id, name, domain::text as domain, industry, search_tokens from companies where ${currentTenant}`);
