// The quality columns contacts and companies both carry: issues and completeness (computed on
// every write), when a person last confirmed the data, and derived enrichment with provenance.
import { jsonb, smallint, timestamp } from 'drizzle-orm/pg-core';
import type { QualityIssue } from './assess.ts';
import type { Enrichment } from './enrich.ts';

export const qualityColumns = () => ({
  qualityIssues: jsonb('quality_issues').$type<QualityIssue[]>().notNull().default([]),
  /** null until first assessed (rows written before quality existed, until recomputed). */
  completeness: smallint('completeness'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }),
  enrichment: jsonb('enrichment').$type<Enrichment>().notNull().default({}),
});
