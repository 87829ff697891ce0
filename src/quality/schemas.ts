// API shapes of the quality module: the quality fields every contact and company shows, the
// tenant summary, and the recompute result.
import { z } from 'zod';
import type { QualityIssue } from './assess.ts';
import type { Enrichment } from './enrich.ts';

const derivedOut = z.object({
  value: z.string(), source: z.enum(['derived', 'provider']), from: z.string().describe('What the value was worked out from, or which provider sent it'),
  at: z.string(), confidence: z.number().min(0).max(1),
});

/** Spread into contactOut and companyOut. */
export const qualityFieldsOut = {
  qualityIssues: z.array(z.object({ code: z.string(), field: z.string(), message: z.string() }))
    .describe('Values that were kept as typed but failed a check (invalid phone, unknown country, ...)'),
  completeness: z.number().int().min(0).max(100).nullable().describe('0-100, weighted on key fields; null until first assessed'),
  confirmedAt: z.string().nullable().describe('When a person last confirmed the data (POST .../confirm)'),
  enrichment: z.record(z.string(), derivedOut).describe('Derived values with provenance; never replaces a typed value'),
};

/** The issue a record carries when not confirmed (or created) within the tenant's staleMonths. */
export const staleIssue = (since: Date): QualityIssue => ({ code: 'stale', field: 'confirmedAt', message: `not confirmed since ${since.toISOString().slice(0, 10)}` });

/**
 * The quality fields of a row; `stale` (read with the row: quality/fields.ts staleSql) adds the
 * stale issue, which depends on the clock and the tenant's setting and so is never stored.
 */
export function presentQuality(
  row: { qualityIssues: QualityIssue[]; completeness: number | null; confirmedAt: Date | null; createdAt: Date; enrichment: Enrichment; stale?: boolean | undefined },
  hidden: ReadonlyArray<keyof Enrichment> = [],
) {
  const enrichment = { ...row.enrichment };
  for (const k of hidden) delete enrichment[k];
  return {
    qualityIssues: row.stale ? [...row.qualityIssues, staleIssue(row.confirmedAt ?? row.createdAt)] : row.qualityIssues, completeness: row.completeness,
    confirmedAt: row.confirmedAt?.toISOString() ?? null, enrichment: enrichment as Record<string, z.infer<typeof derivedOut>>,
  };
}

export const summaryQuery = z.object({
  staleMonths: z.coerce.number().int().min(1).max(240).optional()
    .describe("A record not confirmed (or created) for this many months is stale; default: the tenant's staleMonths setting (PUT /settings)"),
});

const share = z.object({ count: z.number(), total: z.number(), share: z.number().nullable().describe('count / total, null when total is 0') });

export const summaryOut = z.object({
  contacts: z.object({
    total: z.number(),
    unassessed: z.number().describe('Rows written before quality existed; POST /quality/recompute assesses them'),
    averageCompleteness: z.number().nullable(),
    validEmails: share.describe('Email addresses that pass the syntax check, of all addresses'),
    validPhones: share.describe('Phone numbers read into E.164, of all numbers'),
    withIssues: z.number(),
    issuesByCode: z.record(z.string(), z.number()),
    missing: z.record(z.string(), z.number()).describe('Records without each key field'),
    stale: z.number(), staleMonths: z.number(),
    suspectedDuplicates: z.number().describe('Contacts in open duplicate candidate pairs (filled by the matching engine)'),
  }),
  companies: z.object({
    total: z.number(), unassessed: z.number(), averageCompleteness: z.number().nullable(),
    validPhones: share, withIssues: z.number(), issuesByCode: z.record(z.string(), z.number()), missing: z.record(z.string(), z.number()), stale: z.number(),
  }),
});
export type SummaryOut = z.infer<typeof summaryOut>;

export const jobStartedOut = z.object({ jobId: z.uuid().describe('GET /api/v1/jobs/{jobId} for progress and the result') });
