// Turns matching rows into the API shapes; a birth date the caller's role may not see is left out.
import { canViewField, type Principal } from '../platform/policy/index.ts';
import { UPPER_THRESHOLD } from './contact-records.ts';
import type { ContactSummary } from './data.ts';
import type { CompanySummary } from './company-records.ts';
import type { CheckResult } from './realtime.ts';
import type { matchCandidates, merges } from './tables.ts';
import type { z } from 'zod';
import type { candidateOut, checkOut, matchContactOut, mergeOut } from './schemas.ts';

export type CandidateOut = z.infer<typeof candidateOut>;
type MatchContactOut = z.infer<typeof matchContactOut>;

export function presentSummary(s: ContactSummary, p: Principal): MatchContactOut {
  const { birthDate, ...rest } = s;
  return canViewField(p, 'contact', 'birthDate') ? { ...rest, birthDate } : rest;
}

type Summary = ContactSummary | CompanySummary;
/** Contacts go through presentSummary; a company summary has nothing hidden. */
const presentAny = (s: Summary, p: Principal) => ('displayName' in s ? presentSummary(s, p) : s);

export function presentCandidate(row: typeof matchCandidates.$inferSelect, left: Summary | null, right: Summary | null, p: Principal): CandidateOut {
  return {
    id: row.id, status: row.status, band: row.probability >= UPPER_THRESHOLD ? 'likely' : 'uncertain',
    probability: row.probability, matchWeight: row.matchWeight,
    // The stored waterfall names the birth-date comparison's level; a role that may not see birth dates gets it blanked.
    waterfall: canViewField(p, 'contact', 'birthDate') ? row.waterfall
      : { ...row.waterfall, steps: row.waterfall.steps.map((s) => (s.column === 'birth_date' ? { ...s, level: 'hidden', m: null, u: null } : s)) },
    entity: row.entity,
    left: left ? presentAny(left, p) : (null as never), right: right ? presentAny(right, p) : (null as never),
    decidedBy: row.decidedBy, decidedAt: row.decidedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentCheck(r: CheckResult, p: Principal): z.infer<typeof checkOut> {
  return { model: r.model, candidates: r.candidates.map((c) => ({ ...c, contact: presentSummary(c.contact, p) })) };
}

export function presentMerge(row: typeof merges.$inferSelect): z.infer<typeof mergeOut> {
  return {
    id: row.id, survivorId: row.survivorId, mergedId: row.mergedId, candidateId: row.candidateId, fields: row.fields, lineage: row.lineage,
    createdBy: row.createdBy, createdAt: row.createdAt.toISOString(), undoneAt: row.undoneAt?.toISOString() ?? null,
  };
}
