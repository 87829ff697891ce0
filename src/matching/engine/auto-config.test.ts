// Auto-configuration: kinds from column names and values, truth columns left out, blocking rules
// that only name compared columns.
import { describe, expect, it } from 'vitest';
import { autoConfigure, guessKind } from './auto-config.ts';
import { parseSettings } from './settings.ts';

describe('auto-configuration', () => {
  it('reads kinds from column names', () => {
    const kinds = Object.fromEntries(['First Name', 'last_name', 'Date of Birth', 'E-mail', 'Mobile', 'Zip Code', 'Street Address', 'Town', 'soc_sec_id', 'street_number', 'birth_place', 'Full Name', 'Company'].map((c) => [c, guessKind(c, ['x'])]));
    expect(kinds).toEqual({
      'First Name': 'given_name', last_name: 'surname', 'Date of Birth': 'date', 'E-mail': 'email', Mobile: 'phone', 'Zip Code': 'postcode',
      'Street Address': 'address', Town: 'city', soc_sec_id: 'identifier', street_number: 'numeric', birth_place: 'city', 'Full Name': 'full_name', Company: 'company',
    });
  });

  it('falls back on values and leaves truth and record keys out', () => {
    expect(guessKind('c1', ['a@b.com', 'c@d.org', 'e@f.net'])).toBe('email');
    expect(guessKind('c2', ['1985-03-07', '1990-12-01'])).toBe('date');
    for (const c of ['cluster', 'True Id', 'unique_id', 'customer_id', 'entity_id', 'Source']) expect(guessKind(c, ['1', '2'])).toBeNull();
  });

  it('gives valid settings whose rules name compared columns, without a redundant full name', () => {
    const columns = ['first_name', 'surname', 'full_name', 'dob', 'email', 'postcode', 'cluster'];
    const settings = parseSettings(autoConfigure(columns, () => ['x'], [], 1000));
    const compared = settings.comparisons.map((c) => c.column);
    expect(compared).toEqual(['first_name', 'surname', 'dob', 'email', 'postcode']);
    expect(settings.comparisons[0]!.swapWith).toBe('surname');
    for (const rule of settings.blocking) for (const key of rule.keys) expect(compared).toContain(key.split(':')[0]);
  });
});
