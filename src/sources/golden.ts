// Survivorship for the golden record (pure): per field, which source's claim the record shows.
// Candidates are the sources that claim the field (only fields present in payloads take part; an
// explicit empty value is a claim too, so a person can clear a field). They are ranked by the
// tenant's criteria in order (per field if configured): `trusted` (position of the system in the
// tenant's ordered list; unlisted systems after all listed ones, tied), `recent` (the claim received
// last), `complete` (the longest text, the most list items, any value over none); then by recency,
// then completeness, then source id, so the result is always determined.
import { z } from 'zod';

export interface Claim { value: unknown; at: string }
export interface SourceState { id: string; system: string; externalId: string; fields: Record<string, Claim> }
export interface Winner { sourceId: string; system: string; externalId: string; at: string }

export const criteria = ['trusted', 'recent', 'complete'] as const;
export type Criterion = (typeof criteria)[number];

/** Golden fields: values outside systems supply. Ownership, tags, categories and links stay Rapport's own. */
export const contactGoldenFields = [
  'prefix', 'givenName', 'middleName', 'familyName', 'suffix', 'jobTitle', 'birthDate', 'netWorth', 'emails', 'phones', 'addresses',
] as const;
export const companyGoldenFields = ['name', 'domain', 'website', 'industry', 'size', 'description', 'phones', 'addresses'] as const;
const allGoldenFields = [...new Set([...contactGoldenFields, ...companyGoldenFields])] as [string, ...string[]];

const order = z.array(z.enum(criteria)).min(1).max(3)
  .refine((a) => new Set(a).size === a.length, 'names a criterion twice');

export const survivorshipSettings = z.strictObject({
  trustedSystems: z.array(z.string().trim().min(1).max(60)).max(50)
    .refine((a) => new Set(a).size === a.length, 'names a system twice')
    .describe('Systems from most to least trusted ("rapport" = edits typed in Rapport); unlisted systems rank after all listed ones'),
  rules: order.describe('Criteria in the order they decide: trusted, recent, complete'),
  fieldRules: z.partialRecord(z.enum(allGoldenFields), order).describe('Per-field criteria overriding `rules`'),
});
export type SurvivorshipSettings = z.infer<typeof survivorshipSettings>;
export const defaultSurvivorship: SurvivorshipSettings = { trustedSystems: [], rules: ['trusted', 'recent', 'complete'], fieldRules: {} };

/** How complete a value is: text length, list length, 1 for any other value, 0 for none. */
export function completeness(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'string') return v.trim().length;
  if (Array.isArray(v)) return v.length;
  if (typeof v === 'object') return Object.keys(v).length ? 1 : 0;
  return 1;
}

export interface Golden {
  values: Record<string, unknown>;
  lineage: Record<string, Winner>;
  /** source id -> the fields it provides */
  provides: Map<string, string[]>;
}

export function computeGolden(sources: SourceState[], fields: readonly string[], settings: SurvivorshipSettings): Golden {
  const rank = (system: string) => {
    const i = settings.trustedSystems.indexOf(system);
    return i < 0 ? settings.trustedSystems.length : i;
  };
  const time = (c: Claim) => Date.parse(c.at);
  const compare: Record<Criterion, (a: [SourceState, Claim], b: [SourceState, Claim]) => number> = {
    trusted: (a, b) => rank(a[0].system) - rank(b[0].system),
    recent: (a, b) => time(b[1]) - time(a[1]),
    complete: (a, b) => completeness(b[1].value) - completeness(a[1].value),
  };
  const values: Record<string, unknown> = {};
  const lineage: Record<string, Winner> = {};
  const provides = new Map<string, string[]>(sources.map((s) => [s.id, []]));
  for (const field of fields) {
    const candidates = sources.flatMap((s) => (s.fields[field] ? [[s, s.fields[field]] as [SourceState, Claim]] : []));
    if (candidates.length === 0) continue;
    const chain = [...(settings.fieldRules[field] ?? settings.rules), 'recent', 'complete'] as Criterion[];
    candidates.sort((a, b) => {
      for (const c of chain) {
        const d = compare[c](a, b);
        if (d !== 0) return d;
      }
      return a[0].id < b[0].id ? -1 : a[0].id > b[0].id ? 1 : 0;
    });
    const [source, claim] = candidates[0]!;
    values[field] = claim.value;
    lineage[field] = { sourceId: source.id, system: source.system, externalId: source.externalId, at: claim.at };
    provides.get(source.id)!.push(field);
  }
  return { values, lineage, provides };
}
