// The settings document of a matching job (see README.md in this folder for the format): which
// columns are compared and how, the blocking rules, thresholds and estimation sizes. Parsed with zod
// so a bad document names the field at fault.
import { z } from 'zod';

export const FIELD_KINDS = [
  'given_name', 'surname', 'full_name', 'date', 'email', 'phone', 'postcode', 'address', 'company',
  'city', 'numeric', 'identifier', 'category', 'text',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Key transforms a blocking rule may apply to a column (see blocking.ts). */
export const KEY_TRANSFORMS = [
  'exact', 'compact', 'metaphone', 'nick', 'skeleton', 'first1', 'first2', 'first3', 'year', 'month_day',
  'digits', 'last7', 'token_metaphone', 'local_part',
] as const;
export type KeyTransform = (typeof KEY_TRANSFORMS)[number];

const comparison = z.object({
  column: z.string().min(1),
  kind: z.enum(FIELD_KINDS),
  /** Column of the second input when it differs (linkage of files with different headers). */
  columnRight: z.string().min(1).optional(),
  /** Term-frequency adjustment on exact agreement: a shared rare value weighs more. */
  termFrequency: z.boolean().optional(),
  /** For a given name: the surname column, so swapped given name / surname still agree. */
  swapWith: z.string().min(1).optional(),
});

const blockingRule = z.object({
  name: z.string().min(1).optional(),
  /** "column:transform" parts; a pair is a candidate when every part agrees. */
  keys: z.array(z.string().regex(/^[^:]+(:[a-z0-9_]+)?$/)).min(1),
  /** Sort the parts before comparing, so given name/surname swapped still block together. */
  unordered: z.boolean().optional(),
  /**
   * Token blocking: every word of every listed column (after the key's transform) is a key of its
   * own, in one key space across the columns, so a record sits in several blocks and a word that
   * moved to another column still meets. Pairs sharing several words are made once.
   */
  tokens: z.boolean().optional(),
  /**
   * Token rules: keys (column:transform) joined to every word, so a word only meets the same word
   * with the same birth place, year... (a name word too common alone, skipped, still blocks there).
   */
  with: z.array(z.string().regex(/^[^:]+(:[a-z0-9_]+)?$/)).min(1).optional(),
  /** Token rules: only each record's `rarest` words (smallest blocks first) become keys. */
  rarest: z.number().int().min(1).optional(),
  /** This rule's block size cap (default: the document's maxBlockSize). */
  maxBlockSize: z.number().int().min(2).optional(),
  /**
   * Pair budget: the rule's cap is lowered until its blocks make at most this many pairs per record,
   * so a broad rule stays linear in the input whatever the data.
   */
  pairsPerRecord: z.number().positive().optional(),
});

export const settingsSchema = z.object({
  comparisons: z.array(comparison).min(1),
  blocking: z.array(blockingRule).min(1),
  /** Match probability at or above which a pair is reported. */
  threshold: z.number().min(0).max(1).default(0.5),
  /** Blocks larger than this are skipped (and reported), so no rule goes quadratic. */
  maxBlockSize: z.number().int().min(2).default(500),
  /**
   * Random pairs compared to estimate u probabilities and the dependence between fields (default:
   * 200,000 up to 60,000 records, where they cost little beside the candidates, else 50,000).
   */
  uSamplePairs: z.number().int().min(1000).optional(),
  emIterations: z.number().int().min(1).max(1000).default(200),
  /** Rules whose pairs train m, one EM session each (default: chosen from the field kinds). */
  training: z.array(blockingRule).min(1).optional(),
  /**
   * Pairs per EM training session (one session per chosen blocking rule). 20,000 give the same
   * accuracy as 40,000 on every benchmark dataset (F1 within 0.001) and cost an eighth of the
   * comparisons at 100,000 records.
   */
  trainingPairs: z.number().int().min(100).default(20_000),
  cluster: z.object({
    /** Components up to this size are joined by any edge at or above the threshold. */
    looseSize: z.number().int().min(2).default(8),
    /** Beyond looseSize, a join needs an edge at least this probable. */
    strongThreshold: z.number().min(0).max(1).default(0.995),
  }).default({ looseSize: 8, strongThreshold: 0.995 }),
});

export type Settings = z.output<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;
export type ComparisonSettings = Settings['comparisons'][number];
export type BlockingRule = Settings['blocking'][number];

/** Validates a settings document; throws an Error naming each bad field. */
export function parseSettings(input: unknown): Settings {
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) {
    for (const rule of parsed.data.blocking) {
      for (const key of [...rule.keys, ...(rule.with ?? [])]) {
        const transform = key.split(':')[1] ?? 'exact';
        if (!(KEY_TRANSFORMS as readonly string[]).includes(transform)) throw new Error(`settings: blocking key ${key}: unknown transform ${transform}`);
      }
    }
    return parsed.data;
  }
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
  throw new Error(`settings: ${problems.join('; ')}`);
}
