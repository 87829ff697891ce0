// The rule engine alone: condition checks naming the bad path, evaluation, and action outcomes.
import { describe, expect, it } from 'vitest';
import { checkActions, checkCondition, matches, outcome, type Condition } from './engine.ts';

describe('checkCondition', () => {
  it('accepts leaves and nested groups over known fields', () => {
    expect(checkCondition({ all: [{ field: 'industry', op: 'eq', value: 'Finance' }, { any: [{ field: 'netWorth', op: 'gt', value: 1_000_000 }, { field: 'tags', op: 'contains', value: 'vip' }] }] }, 'contact')).toEqual([]);
    expect(checkCondition({ field: 'customFields.segment', op: 'in', value: ['a', 'b'] }, 'contact')).toEqual([]);
    expect(checkCondition({ field: 'birthDate', op: 'isNull' }, 'contact')).toEqual([]);
  });
  const bad: Array<[unknown, string, string]> = [
    [{ field: 'shoeSize', op: 'eq', value: 1 }, 'contact', 'condition.field'],
    [{ all: [{ field: 'country', op: 'like', value: 'US' }] }, 'contact', 'condition.all.0.op'],
    [{ any: [{ field: 'netWorth', op: 'gt', value: 'lots' }] }, 'contact', 'condition.any.0.value'],
    [{ field: 'birthDate', op: 'lt', value: '1/2/1990' }, 'contact', 'condition.value'],
    [{ field: 'country', op: 'in', value: 'US' }, 'contact', 'condition.value'],
    [{ field: 'country', op: 'eq' }, 'contact', 'condition.value'],
    [{ all: [] }, 'contact', 'condition.all'],
    [{ all: [{ field: 'country', op: 'eq', value: 'US' }], any: [] }, 'contact', 'condition'],
    [{ field: 'country', op: 'eq', value: 'US', code: 'x' }, 'contact', 'condition.code'],
    [{ field: 'netWorth', op: 'gt', value: 1 }, 'company', 'condition.field'],
    [{ field: 'tags', op: 'gt', value: 'a' }, 'contact', 'condition.op'],
    ['country = US', 'contact', 'condition'],
    [{ all: [{ all: [{ all: [{ all: [{ all: [{ all: [{ field: 'tier', op: 'eq', value: 'A' }] }] }] }] }] }] }, 'contact', 'condition.all.0.all.0.all.0.all.0.all.0.all'],
  ];
  it.each(bad)('%j on a %s names %s', (c, entity, path) => {
    expect(checkCondition(c, entity as 'contact').map((e) => e.field)).toEqual([path]);
  });
  it('refuses actions that do not apply to the entity', () => {
    expect(checkActions([{ type: 'addTag', tag: 'x' }, { type: 'setTier', tier: 'A' }], 'company')).toEqual([{ field: 'actions.1.type', message: expect.any(String) }]);
  });
});

describe('matches and outcome', () => {
  const hnw: Condition = { all: [{ field: 'industry', op: 'eq', value: 'Finance' }, { field: 'netWorth', op: 'gt', value: 1_000_000 }] };
  it('evaluates operators, case-insensitively for text, and lists item by item', () => {
    expect(matches(hnw, { industry: 'finance', netWorth: 2_500_000 })).toBe(true);
    expect(matches(hnw, { industry: 'Finance', netWorth: 1_000_000 })).toBe(false);
    expect(matches(hnw, { industry: 'Finance', netWorth: null })).toBe(false);
    expect(matches({ field: 'netWorth', op: 'gte', value: 1_000_000 }, { netWorth: 1_000_000 })).toBe(true);
    expect(matches({ field: 'region', op: 'in', value: ['US-TX', 'US-CA'] }, { region: 'US-TX' })).toBe(true);
    expect(matches({ field: 'tags', op: 'eq', value: 'VIP' }, { tags: ['new', 'vip'] })).toBe(true);
    expect(matches({ field: 'tags', op: 'ne', value: 'vip' }, { tags: ['vip'] })).toBe(false);
    expect(matches({ field: 'tags', op: 'isNull' }, { tags: [] })).toBe(true);
    expect(matches({ field: 'jobTitle', op: 'contains', value: 'chief' }, { jobTitle: 'Chief Financial Officer' })).toBe(true);
    expect(matches({ field: 'birthDate', op: 'lt', value: '1960-01-01' }, { birthDate: '1955-05-05' })).toBe(true);
    expect(matches({ field: 'birthDate', op: 'isNull', value: false }, { birthDate: null })).toBe(false);
    expect(matches({ field: 'customFields.segment', op: 'eq', value: 'gold' }, { customFields: { segment: 'Gold' } })).toBe(true);
    expect(matches({ any: [{ field: 'country', op: 'eq', value: 'GB' }, { field: 'country', op: 'eq', value: 'IE' }] }, { country: 'IE' })).toBe(true);
    expect(matches({ field: 'country', op: 'ne', value: 'US' }, { country: null })).toBe(true);
  });
  it('collects actions of matching rules in order; a later tier wins', () => {
    const rules = [
      { condition: hnw, actions: [{ type: 'addCategory' as const, categoryId: 'c1' }, { type: 'setTier' as const, tier: 'A' }] },
      { condition: { field: 'region', op: 'eq', value: 'US-TX' } as Condition, actions: [{ type: 'addTag' as const, tag: 'texas' }, { type: 'setTier' as const, tier: 'B' }] },
      { condition: { field: 'region', op: 'eq', value: 'US-CA' } as Condition, actions: [{ type: 'addTag' as const, tag: 'california' }] },
    ];
    expect(outcome(rules, { industry: 'Finance', netWorth: 5e6, region: 'US-TX' })).toEqual({ addTags: ['texas'], addCategories: ['c1'], tier: 'B' });
    expect(outcome(rules, { region: 'FR-IDF' })).toEqual({ addTags: [], addCategories: [], tier: undefined });
  });
});
