// The search dictionary: every distinct normalised token of a tenant's names, emails and phones.
// Typo-tolerant matching runs pg_trgm over this small table, then exact array lookups on records.
import { index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { tenantId, tenantPolicy } from '../db/columns.ts';

export const searchTerms = pgTable(
  'search_terms',
  {
    tenantId: tenantId(),
    term: text('term').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.term] }),
    index('search_terms_trgm_idx').using('gin', t.term.op('gin_trgm_ops')),
    tenantPolicy(),
  ],
).enableRLS();
