// The matching API's shapes (zod): the real-time check, the review queue and decisions, merges.
import { z } from 'zod';
import { addressOut, contactOut, emailOut, phoneOut } from '../contacts/schemas.ts';
import { companyOut } from '../companies/schemas.ts';
import { candidateStatuses, matchEntities } from './tables.ts';

export const waterfallOut = z.object({
  priorWeight: z.number().describe('log2 of the prior odds that two random contacts are the same person'),
  steps: z.array(z.object({
    column: z.string(), level: z.string().describe('The comparison level this pair reached on the field'),
    m: z.number().nullable(), u: z.number().nullable(),
    weight: z.number().describe('log2(m/u): positive pushes toward a match'),
    termFrequencyAdjustment: z.number(),
  })),
}).describe('How each field moved the match weight (Fellegi–Sunter), in order');

export const matchContactOut = z.object({
  id: z.uuid(), displayName: z.string(), givenName: z.string().nullable(), familyName: z.string().nullable(),
  emails: z.array(emailOut), phones: z.array(phoneOut), addresses: z.array(addressOut),
  birthDate: z.string().nullable().optional().describe('Sensitive: absent for roles without permission'),
  company: z.string().nullable(), ownerId: z.uuid().nullable(), teamId: z.uuid().nullable(), version: z.number(), updatedAt: z.string(),
});

export const matchCompanyOut = z.object({
  id: z.uuid(), name: z.string(), domain: z.string().nullable(), website: z.string().nullable(), phones: z.array(phoneOut), addresses: z.array(addressOut),
  ownerId: z.uuid().nullable(), teamId: z.uuid().nullable(), version: z.number(), updatedAt: z.string(),
});

export const hitOut = z.object({ contact: matchContactOut, probability: z.number(), matchWeight: z.number(), waterfall: waterfallOut });
export const checkOut = z.object({
  model: z.enum(['trained', 'default']).describe('trained: the tenant\'s model from its last dedupe job; default: untrained weights'),
  candidates: z.array(hitOut).describe('Best first; only contacts you may see, at or above 50%'),
});
export const companyCheckOut = z.object({
  model: z.enum(['trained', 'default']),
  candidates: z.array(z.object({ company: matchCompanyOut, probability: z.number(), matchWeight: z.number(), waterfall: waterfallOut })).describe('Best first; only companies you may see, at or above 50%'),
});
export const checkQuery = z.object({ limit: z.coerce.number().int().min(1).max(20).default(5) });
export const draftCheckQuery = checkQuery.extend({
  excludeId: z.uuid().optional().describe('The contact being edited: left out of its own candidates, and pairs people said differ stay out'),
});

export const candidateQuery = z.object({
  entity: z.enum(matchEntities).default('contact'),
  status: z.enum(candidateStatuses).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const candidateOut = z.object({
  id: z.uuid(), entity: z.enum(matchEntities), status: z.enum(candidateStatuses),
  band: z.enum(['uncertain', 'likely']).describe('uncertain: 50-95%, for a person to decide; likely: 95% and above'),
  probability: z.number(), matchWeight: z.number(), waterfall: waterfallOut,
  left: z.union([matchContactOut, matchCompanyOut]), right: z.union([matchContactOut, matchCompanyOut]),
  decidedBy: z.uuid().nullable(), decidedAt: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
});

const fieldChoice = z.enum(['survivor', 'merged']);
export const contactMergeFields = [
  'prefix', 'givenName', 'middleName', 'familyName', 'suffix', 'jobTitle', 'lifecycleStage', 'tier', 'ownerId', 'teamId',
  'birthDate', 'netWorth', 'emails', 'phones', 'addresses', 'tags', 'accountNumbers', 'contractDocuments', 'consent', 'customFields',
] as const;
export const companyMergeFields = [
  'name', 'domain', 'website', 'industry', 'size', 'description', 'ownerId', 'teamId', 'phones', 'addresses', 'tags', 'customFields',
] as const;
export type MergeableField = (typeof contactMergeFields)[number] | (typeof companyMergeFields)[number];
const allMergeFields = [...new Set([...contactMergeFields, ...companyMergeFields])] as [MergeableField, ...MergeableField[]];
export const fieldChoices = z.partialRecord(z.enum(allMergeFields), fieldChoice)
  .describe('Per field, whose value the survivor keeps. Default: for fields outside systems supply (names, birth date, job title, net worth, emails, phones, addresses; a company\'s name, domain, website...) the tenant\'s survivorship settings choose (trusted system, then recency, then completeness, in the tenant\'s order; a tie keeps the survivor\'s), lists unioned with the chosen side\'s items first; other fields keep the survivor\'s unless empty, lists (tags, account numbers, documents) unioned and maps (consent, custom fields) combined. An empty value never wins over a value');

export const decisionBody = z.strictObject({
  decision: z.enum(['merge', 'not_duplicate', 'dismiss']),
  survivorId: z.uuid().optional().describe('merge only: which of the two records survives (default: the older one)'),
  fields: fieldChoices.optional(),
});

export const pairDecisions = ['same', 'not_same'] as const;
export const pairDecisionBody = z.strictObject({
  entity: z.enum(matchEntities).describe('contact or company: both ids are of this kind'),
  leftId: z.uuid(), rightId: z.uuid(),
  decision: z.enum(pairDecisions).describe('same: one person or firm (a label for training; merge separately); not_same: different, never offered as duplicates of each other again'),
}).refine((b) => b.leftId !== b.rightId, { path: ['rightId'], message: 'must be another record than leftId' });
export type PairDecisionInput = z.infer<typeof pairDecisionBody>;
export const pairDecisionOut = z.object({
  entity: z.enum(matchEntities), leftId: z.uuid().describe('The lower of the two ids'), rightId: z.uuid(),
  decision: z.enum(pairDecisions), candidateId: z.uuid().nullable().describe('The review-queue pair of these two records, if any'),
  decidedBy: z.uuid().nullable(), decidedAt: z.string(),
  changed: z.boolean().describe('false when the same decision was already recorded (nothing was written)'),
});

export const dedupeQuery = z.object({ entity: z.enum(matchEntities).default('contact') });

export const mergeBody = z.strictObject({ mergedId: z.uuid(), fields: fieldChoices.optional() });
export const companyMergeBody = z.strictObject({
  mergedId: z.uuid(),
  fields: z.partialRecord(z.enum(companyMergeFields), fieldChoice).optional().describe('Per field, whose value the survivor keeps (default as for contacts)'),
});

export const mergeOut = z.object({
  id: z.uuid(), survivorId: z.uuid(), mergedId: z.uuid(), candidateId: z.uuid().nullable(),
  fields: z.record(z.string(), fieldChoice),
  lineage: z.object({
    fields: z.record(z.string(), z.object({
      from: z.enum(['survivor', 'merged', 'both']), recordId: z.uuid(), updatedAt: z.string(),
      rule: z.string().optional().describe('What chose the value: choice (the caller), only value, same value, trusted / recent / complete (the tenant\'s survivorship settings), tie (the survivor\'s kept), survivor, union, combined'),
    })),
    moved: z.record(z.string(), z.number()).describe('Related rows moved to the survivor, by table'),
  }),
  createdBy: z.uuid().nullable(), createdAt: z.string(), undoneAt: z.string().nullable(),
  survivor: z.union([contactOut, companyOut]).optional().describe('The survivor after the merge (on POST)'),
});

export const decisionOut = z.object({ candidate: candidateOut.omit({ left: true, right: true }), merge: mergeOut.nullable() });
