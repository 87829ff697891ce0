import { describe, expect, it } from 'vitest';
import { expandAge } from './age.ts';
import { queryParams } from '../grid/query.ts';

describe('age filters', () => {
  it('asks the API for birth dates that make the age range true today', () => {
    const today = new Date(2026, 11, 1, 12);
    const filters = expandAge([
      { field: 'region', op: 'eq', value: 'US-TX' },
      { field: 'age', op: 'gte', value: '50' },
      { field: 'age', op: 'lte', value: '65' },
      { field: 'age', op: 'gte', value: '' },
    ], today);
    expect([...queryParams({ filters, match: 'all', sort: null }).entries()]).toEqual([
      ['filter[region][eq]', 'US-TX'],
      ['filter[birthDate][lte]', '1976-12-01'],
      ['filter[birthDate][gte]', '1960-12-02'],
      ['match', 'all'],
    ]);
  });
});
