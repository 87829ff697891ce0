// The rule engine: conditions as data ({field, op, value} leaves, {all: [...]} and {any: [...]}
// groups), checked against each entity's field vocabulary, evaluated against a record's facts,
// and the actions that follow. Pure: no database, no web, and never code evaluation.
import type { FieldError } from '../platform/errors.ts';

export const ops = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'contains', 'isNull'] as const;
export type Op = (typeof ops)[number];
export type Scalar = string | number | boolean | null;
export type Condition =
  | { field: string; op: Op; value?: Scalar | Array<string | number> }
  | { all: Condition[] }
  | { any: Condition[] };
export type RuleAction =
  | { type: 'addCategory'; categoryId: string }
  | { type: 'addTag'; tag: string }
  | { type: 'setTier'; tier: string };
export type Entity = 'contact' | 'company';
export type Facts = Record<string, unknown>;

type Kind = 'text' | 'number' | 'date' | 'array';
/** The fields a rule may test, per entity, and what kind of value each holds. */
export const ruleFields: Record<Entity, Record<string, Kind>> = {
  contact: {
    givenName: 'text', middleName: 'text', familyName: 'text', displayName: 'text', jobTitle: 'text', lifecycleStage: 'text', tier: 'text',
    email: 'text', emailDomain: 'text', phone: 'text', country: 'text', region: 'text', city: 'text', postalCode: 'text',
    birthDate: 'date', netWorth: 'number', netWorthCurrency: 'text', tags: 'array', completeness: 'number',
    industry: 'text', companyName: 'text', companySize: 'number',
  },
  company: {
    name: 'text', domain: 'text', industry: 'text', size: 'number', country: 'text', region: 'text', city: 'text', postalCode: 'text',
    tags: 'array', completeness: 'number',
  },
};
export const actionsFor: Record<Entity, ReadonlyArray<RuleAction['type']>> = { contact: ['addCategory', 'addTag', 'setTier'], company: ['addTag'] };

const MAX_DEPTH = 5;
const MAX_LEAVES = 50;

const kindOf = (entity: Entity, field: string): Kind | undefined =>
  /^customFields\.[A-Za-z0-9_]{1,60}$/.test(field) ? 'text' : ruleFields[entity][field];

/** Every problem of a condition tree, each naming its path (condition.all.0.value). */
export function checkCondition(c: unknown, entity: Entity, path = 'condition', depth = 0, count = { leaves: 0 }): FieldError[] {
  const err = (field: string, message: string): FieldError[] => [{ field, message }];
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return err(path, 'must be an object: {field, op, value}, {all: [...]} or {any: [...]}');
  const o = c as Record<string, unknown>;
  const group = 'all' in o ? 'all' : 'any' in o ? 'any' : null;
  if (group) {
    if (Object.keys(o).length !== 1) return err(path, `a group has only "${group}"`);
    const list = o[group];
    if (!Array.isArray(list) || list.length === 0) return err(`${path}.${group}`, 'must be a non-empty list of conditions');
    if (depth >= MAX_DEPTH) return err(`${path}.${group}`, `groups nest at most ${MAX_DEPTH} deep`);
    return list.flatMap((x, i) => checkCondition(x, entity, `${path}.${group}.${i}`, depth + 1, count));
  }
  const extra = Object.keys(o).filter((k) => !['field', 'op', 'value'].includes(k));
  if (extra.length) return err(`${path}.${extra[0]}`, 'is not part of a condition (field, op, value, or a group all/any)');
  if (++count.leaves > MAX_LEAVES) return err(path, `a rule has at most ${MAX_LEAVES} conditions`);
  if (typeof o.field !== 'string') return err(`${path}.field`, 'is required');
  const kind = kindOf(entity, o.field);
  if (!kind) return err(`${path}.field`, `unknown ${entity} field "${o.field}"; one of ${Object.keys(ruleFields[entity]).join(', ')} or customFields.<key>`);
  if (!ops.includes(o.op as Op)) return err(`${path}.op`, `must be one of ${ops.join(', ')}`);
  const op = o.op as Op;
  const v = o.value;
  const vpath = `${path}.value`;
  if (op === 'isNull') return v === undefined || typeof v === 'boolean' ? [] : err(vpath, 'must be true or false (or absent, meaning true)');
  if (v === undefined) return err(vpath, 'is required');
  if (op === 'in') {
    return Array.isArray(v) && v.length > 0 && v.length <= 500 && v.every((x) => typeof x === 'string' || typeof x === 'number') ? [] : err(vpath, 'must be a list of 1-500 strings or numbers');
  }
  if (Array.isArray(v) || (typeof v === 'object' && v !== null)) return err(vpath, `must be a single value for ${op}`);
  if (['gt', 'gte', 'lt', 'lte'].includes(op)) {
    if (kind === 'number' && typeof v !== 'number') return err(vpath, `must be a number: ${o.field} is a number`);
    if (kind === 'date' && (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))) return err(vpath, `must be a date YYYY-MM-DD: ${o.field} is a date`);
    if (kind === 'array') return err(`${path}.op`, `${op} does not apply to the list ${o.field}`);
  }
  if (op === 'contains' && typeof v !== 'string') return err(vpath, 'must be a string');
  if (typeof v === 'string' && v.length > 500) return err(vpath, 'is longer than 500 characters');
  return [];
}

export function checkActions(actions: RuleAction[], entity: Entity): FieldError[] {
  return actions.flatMap((a, i) => (actionsFor[entity].includes(a.type) ? [] : [{ field: `actions.${i}.type`, message: `${a.type} does not apply to a ${entity}` }]));
}

const lower = (x: unknown) => (typeof x === 'string' ? x.toLocaleLowerCase() : x);
const isEmpty = (x: unknown) => x === null || x === undefined || x === '' || (Array.isArray(x) && x.length === 0);
const same = (a: unknown, b: unknown) => (typeof a === 'number' || typeof b === 'number' ? Number(a) === Number(b) && a !== null && a !== '' : lower(a) === lower(b));

function compare(fact: unknown, v: unknown): number | null {
  if (isEmpty(fact)) return null;
  if (typeof v === 'number') {
    const n = Number(fact);
    return Number.isFinite(n) ? n - v : null;
  }
  return String(fact) < String(v) ? -1 : String(fact) > String(v) ? 1 : 0;
}

function test(fact: unknown, op: Op, v: unknown): boolean {
  if (Array.isArray(fact) && op !== 'isNull') {
    // A list (tags) holds when any of its items does; ne when none equals the value.
    return op === 'ne' ? !fact.some((x) => same(x, v)) : fact.some((x) => test(x, op, v));
  }
  switch (op) {
    case 'isNull': return isEmpty(fact) === (v ?? true);
    case 'eq': return !isEmpty(fact) && same(fact, v);
    case 'ne': return isEmpty(fact) || !same(fact, v);
    case 'in': return !isEmpty(fact) && (v as unknown[]).some((x) => same(fact, x));
    case 'contains': return typeof fact === 'string' && fact.toLocaleLowerCase().includes(String(v).toLocaleLowerCase());
    case 'gt': { const c = compare(fact, v); return c !== null && c > 0; }
    case 'gte': { const c = compare(fact, v); return c !== null && c >= 0; }
    case 'lt': { const c = compare(fact, v); return c !== null && c < 0; }
    case 'lte': { const c = compare(fact, v); return c !== null && c <= 0; }
  }
}

const factOf = (facts: Facts, field: string): unknown =>
  field.startsWith('customFields.') ? (facts.customFields as Record<string, unknown> | undefined)?.[field.slice(13)] : facts[field];

export function matches(c: Condition, facts: Facts): boolean {
  if ('all' in c) return c.all.every((x) => matches(x, facts));
  if ('any' in c) return c.any.some((x) => matches(x, facts));
  return test(factOf(facts, c.field), c.op, c.value);
}

export interface Outcome { addTags: string[]; addCategories: string[]; tier: string | undefined }

/** What the matching rules (in order) do to one record; a later setTier wins. */
export function outcome(rules: Array<{ condition: Condition; actions: RuleAction[] }>, facts: Facts): Outcome {
  const out: Outcome = { addTags: [], addCategories: [], tier: undefined };
  for (const r of rules) {
    if (!matches(r.condition, facts)) continue;
    for (const a of r.actions) {
      if (a.type === 'addTag' && !out.addTags.includes(a.tag)) out.addTags.push(a.tag);
      else if (a.type === 'addCategory' && !out.addCategories.includes(a.categoryId)) out.addCategories.push(a.categoryId);
      else if (a.type === 'setTier') out.tier = a.tier;
    }
  }
  return out;
}
