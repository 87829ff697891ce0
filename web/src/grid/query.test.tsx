import { describe, expect, it } from 'vitest';
import { operatorsFor, pageQuery, queryParams } from './query.ts';

describe('list query strings', () => {
  it('writes filters as filter[field][op]=value, with match only when it matters', () => {
    const one = queryParams({ filters: [{ field: 'region', op: 'eq', value: 'US-TX' }], match: 'any', sort: '-createdAt' });
    expect(decodeURIComponent(one.toString())).toBe('filter[region][eq]=US-TX&sort=-createdAt');
    const two = queryParams({
      filters: [{ field: 'region', op: 'eq', value: ' US-TX ' }, { field: 'customFields.industry', op: 'contains', value: 'energy & gas' }, { field: 'tier', op: 'eq', value: '' }],
      match: 'any', sort: null,
    });
    expect([...two.entries()]).toEqual([['filter[region][eq]', 'US-TX'], ['filter[customFields.industry][contains]', 'energy & gas'], ['match', 'any']]);
  });

  it('adds limit, the fields the columns need (once each) and the cursor', () => {
    const q = pageQuery({ filters: [], match: 'all', sort: 'displayName' }, { limit: 100, cursor: 'abc', fields: ['id', 'tags', 'tags', 'emails'] });
    expect(decodeURIComponent(q)).toBe('sort=displayName&limit=100&fields=id,tags,emails&cursor=abc');
  });

  it('offers only operators the API accepts for each field type', () => {
    expect(operatorsFor('array')).not.toContain('lt');
    expect(operatorsFor('number')).not.toContain('contains');
    expect(operatorsFor('text')).toContain('contains');
  });
});
