import { describe, expect, it } from 'vitest';
import { ageToBirthDate, checkAge, expandAge } from './age.ts';

const on = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('age filters as birth dates', () => {
  it('turns age bounds into inclusive birth date bounds for the day', () => {
    const today = on('2026-12-01');
    expect(ageToBirthDate({ field: 'age', op: 'gte', value: '50' }, today)).toEqual({ field: 'birthDate', op: 'lte', value: '1976-12-01' });
    expect(ageToBirthDate({ field: 'age', op: 'lte', value: '65' }, today)).toEqual({ field: 'birthDate', op: 'gte', value: '1960-12-02' });
    expect(ageToBirthDate({ field: 'age', op: 'gt', value: '49' }, today)).toEqual({ field: 'birthDate', op: 'lte', value: '1976-12-01' });
    expect(ageToBirthDate({ field: 'age', op: 'lt', value: '66' }, today)).toEqual({ field: 'birthDate', op: 'gte', value: '1960-12-02' });
    expect(ageToBirthDate({ field: 'age', op: 'isNull', value: 'true' }, today)).toEqual({ field: 'birthDate', op: 'isNull', value: 'true' });
  });

  it('counts someone born on 29 February a year older on 28 February of other years', () => {
    expect(ageToBirthDate({ field: 'age', op: 'gte', value: '1' }, on('2025-02-28'))).toEqual({ field: 'birthDate', op: 'lte', value: '2024-02-28' });
    expect(ageToBirthDate({ field: 'age', op: 'gte', value: '4' }, on('2028-02-29'))).toEqual({ field: 'birthDate', op: 'lte', value: '2024-02-29' });
  });

  it('leaves other filters alone and checks values', () => {
    const region = { field: 'region', op: 'eq' as const, value: 'US-TX' };
    expect(expandAge([region, { field: 'age', op: 'gte', value: '50' }], on('2026-12-01'))).toEqual([region, { field: 'birthDate', op: 'lte', value: '1976-12-01' }]);
    expect(checkAge({ field: 'age', op: 'gte', value: 'fifty' })).toBe('must be a whole number of years');
    expect(checkAge({ field: 'age', op: 'gte', value: ' 50 ' })).toBeNull();
  });
});
