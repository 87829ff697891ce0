// Comparison levels: which band a pair of values lands in, per field kind, and "null" = no evidence.
import { describe, expect, it } from 'vitest';
import { comparator, LEVELS } from './comparisons.ts';
import { prepareField, normaliseDate } from './prepare.ts';
import type { FieldKind } from './settings.ts';

/** The level label two raw values get for a kind. */
function level(kind: FieldKind, a: string | undefined, b: string | undefined, swap?: [string, string]): string {
  const input = { ids: ['1', '2'], columns: { v: [a, b], w: swap ?? [undefined, undefined] } };
  const field = prepareField({ column: 'v', kind }, [input]);
  const partner = swap ? prepareField({ column: 'w', kind: 'surname' }, [input]) : undefined;
  return LEVELS[kind][comparator(field, partner)(0, 1)]!;
}

describe('comparison levels', () => {
  it('treats a missing value as no evidence', () => {
    expect(level('given_name', 'john', undefined)).toBe('null');
    // A title alone is no given name; with a name, the title is left out.
    expect(level('given_name', 'Sir', 'Charles')).toBe('null');
    expect(level('given_name', 'Dr. Olena', 'olena')).toBe('exact');
    expect(level('full_name', 'Mrs Priya Raman', 'Priya Raman')).toBe('exact');
    expect(level('email', ' ', 'a@b.com')).toBe('null');
  });

  it('given names: exact after folding, variants, nicknames, initials, typos, phonetics, swaps', () => {
    expect(level('given_name', 'JOSÉ', 'jose')).toBe('exact');
    expect(level('given_name', 'Kumaar', 'Kumar')).toBe('variant spelling');
    expect(level('given_name', 'William', 'Bill')).toBe('nickname');
    expect(level('given_name', 'Oleksandr', 'Александр')).toBe('nickname');
    expect(level('given_name', 'Mykola', 'Nikolai')).toBe('nickname');
    expect(level('given_name', 'Muhammad', 'Mohammed')).toBe('nickname');
    expect(level('given_name', 'J.', 'John')).toBe('initial');
    expect(level('given_name', 'michaela', 'micheala')).toBe('jaro-winkler >= 0.92');
    expect(level('given_name', 'katherine', 'kathrine')).toBe('edit <= 1');
    expect(level('given_name', 'smith', 'taylor', ['taylor', 'smith'])).toBe('swapped with surname');
    expect(level('given_name', 'smith', 'taylor')).toBe('else');
  });

  it('surnames written in Cyrillic and Latin meet', () => {
    expect(level('surname', 'Шевченко', 'Shevchenko')).toBe('exact');
    expect(level('surname', 'Коваленко', 'Kovalenko')).toBe('exact');
    expect(level('surname', 'Müller', 'Mueller')).toBe('variant spelling');
    expect(level('surname', 'Subramaniam', 'Subramanian')).toBe('edit <= 1');
  });

  it('full names: word order, scripts and nicknames', () => {
    expect(level('full_name', 'Олександр Шевченко', 'Alexander Shevchenko')).toBe('same words');
    expect(level('full_name', 'Shevchenko, Oleksandr', 'Oleksandr Shevchenko')).toBe('same words');
    expect(level('full_name', 'Bill Gates', 'William Gates')).toBe('same words');
    expect(level('full_name', 'Muhammad Ali Khan', 'Mohammed Khan')).toBe('token-set >= 0.8 or words contained');
  });

  it('dates: transposed day and month, typos, proximity', () => {
    expect(normaliseDate('1985-03-07')).toBe('19850307');
    expect(normaliseDate('07/03/1985')).toBe('19850307');
    expect(normaliseDate('19850307')).toBe('19850307');
    expect(level('date', '1985-03-07', '1985-07-03')).toBe('day/month transposed');
    expect(level('date', '1985-03-07', '1985-03-08')).toBe('edit <= 1');
    expect(level('date', '1985-03-31', '1985-04-02')).toBe('within 31 days');
    expect(level('date', '1985-03-07', '1987-11-20')).toBe('within 5 years');
    expect(level('date', '1985-03-07', '1955-11-20')).toBe('else');
  });

  it('emails, phones, postcodes, addresses, companies, numbers', () => {
    expect(level('email', 'John.Smith+crm@Gmail.com', 'johnsmith@gmail.com')).toBe('same mailbox (dots, +tag)');
    expect(level('email', 'jsmith@acme.com', 'jsmith@gmail.com')).toBe('same local part');
    // Digits alone differ: often two people (john.smith1, john.smith2), a level EM weighs apart.
    expect(level('email', 'john.smith1@gmail.com', 'john.smith2@gmail.com')).toBe('same letters, other digits');
    expect(level('email', 'jsmith@gmail.com', 'jsmith85@ukr.net')).toBe('same letters, other digits');
    expect(level('email', 'robert255@smith.net', 'roberta25@smith.net')).toBe('jaro-winkler local >= 0.88');
    expect(level('email', '1234@x.org', '5678@x.org')).toBe('else');
    expect(level('phone', '+44 20 7946 0958', '020 7946 0958')).toBe('same last 9 digits');
    expect(level('phone', '+380 44 123 4567', '+380 44 123 4568')).toBe('edit <= 1');
    expect(level('postcode', '2119', '2118')).toBe('edit <= 1');
    expect(level('address', '12 Pinkerton Street', 'pinkerton st 12')).toBe('same words');
    expect(level('address', 'pridhamstreet', 'pridham street')).toBe('jaro-winkler >= 0.9');
    expect(level('address', '1124 W Ainslie St', '1134 W Ainslie Street')).toBe('other house number');
    expect(level('company', 'Acme Trading Ltd.', 'ACME TRADING LIMITED')).toBe('same words');
    expect(level('numeric', '1200', '1150')).toBe('within 10%');
    expect(level('identifier', '5304218', '5304281')).toBe('edit <= 2');
  });
  it("organisation and full names: one name's words inside the other, every word sounding alike, swapped names with an empty partner", () => {
    expect(level('company', 'Ciboulette', 'Ciboulette Restaurant')).toBe('token-set >= 0.8 or words contained');
    expect(level('full_name', 'Yujean Kang', 'Yujean Kang Gourmet Chinese Cuisine')).toBe('token-set >= 0.8 or words contained');
    // Sharing the first word only is not "phonetic" for a name of several words.
    expect(level('full_name', 'Ritz Carlton Cafe', 'Ritz Carlton Dining Room')).not.toBe('phonetic');
    expect(level('full_name', 'Smyth John', 'Jon Smith')).not.toBe('else');
    // "Carl Halliley" and a record with "Halliley" typed as the given name and no surname.
    expect(level('given_name', 'Carl', 'Halliley', ['Halliley', ''])).toBe('swapped with surname');
    expect(level('given_name', 'Carl', 'Mary', ['Halliley', ''])).toBe('else');
  });
});
