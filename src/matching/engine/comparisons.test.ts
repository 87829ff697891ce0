// Comparison levels: which band a pair of values lands in, per field kind, and "null" = no evidence.
import { describe, expect, it } from 'vitest';
import { comparator, LEVELS } from './comparisons.ts';
import { cityKey, givenNameCore, nameSkeleton, foldText } from './normalize.ts';
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
    expect(level('date', '1985-03-07', '1985-03-08')).toBe('same year, one digit off');
    expect(level('date', '1985-03-07', '1986-03-07')).toBe('edit <= 1');
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

  it('given names by the name a person is called by: honorifics, Muhammad, initials and middle names left out', () => {
    expect(givenNameCore('muhammad imran')).toBe('imran');
    expect(givenNameCore('mohd abdul rahman')).toBe('abdulrahman');
    expect(givenNameCore('syed ali raza')).toBe('ali');
    expect(givenNameCore('s karthikeyan')).toBe('karthikeyan');
    expect(givenNameCore('muhammad')).toBe('muhammad');
    expect(level('given_name', 'Muhammad Imran', 'Imran')).toBe('variant spelling');
    expect(level('given_name', 'M. Imran', 'Mohd Imran')).toBe('variant spelling');
    expect(level('given_name', 'Syed Ali', 'Ali')).toBe('variant spelling');
    expect(level('given_name', 'Sri Lakshmi', 'Shri Laxmi')).not.toBe('else');
    expect(level('given_name', 'S. Karthikeyan', 'Karthikeyan')).toBe('variant spelling');
    expect(level('given_name', 'Mohd Abdul Rahman', 'Abdur Rehman')).toBe('nickname');
    // Another core name stays another name.
    expect(level('given_name', 'Muhammad Imran', 'Muhammad Bilal')).toBe('else');
  });

  it('romanisations of Ukrainian and Russian names and Arabic articles share a skeleton', () => {
    const sk = (s: string) => nameSkeleton(foldText(s));
    expect(sk('Schewtschenko')).toBe(sk('Shevchenko'));
    expect(sk('Schtscherbak')).toBe(sk('Shcherbak'));
    expect(sk('Hnatiuk')).toBe(sk('Gnatyuk'));
    expect(sk('Hryshchenko')).toBe(sk('Grishchenko'));
    expect(sk('Olha')).toBe(sk('Olga'));
    expect(sk('Kovalskyi')).toBe(sk('Kowalski'));
    expect(sk('Vyshnevskyy')).toBe(sk('Wischnewskij'));
    expect(sk('Abdurrahman')).toBe(sk('Abd al-Rahman'));
    expect(sk('Abdus Salam')).toBe(sk('Abdul Salam'));
    // A first h before a vowel stays (Hall is not Gall).
    expect(sk('Hall')).not.toBe(sk('Gall'));
    expect(level('surname', 'Гнатюк', 'Hnatiuk')).toBe('variant spelling');
    expect(level('given_name', 'Wolodymyr', 'Volodymyr')).toBe('variant spelling');
    expect(level('given_name', 'Oleksii', 'Alexei')).toBe('nickname');
    expect(level('given_name', 'Olexandr', 'Sasha')).toBe('nickname');
  });

  it('initials: a surname given as its initial, and names swapped with an initial for the other name', () => {
    expect(level('surname', 'K', 'Krishnan')).toBe('initial');
    expect(level('surname', 'K', 'Subramanian')).toBe('else');
    // "S." / "Karthikeyan" and "Karthikeyan" / "Subramanian": the initial's field is an initial, the other swapped.
    expect(level('given_name', 'S.', 'Karthikeyan', ['Karthikeyan', 'Subramanian'])).toBe('initial');
    expect(level('surname', 'Karthikeyan', 'Subramanian', ['S.', 'Karthikeyan'])).toBe('swapped with given name');
    expect(level('surname', 'Karthikeyan', 'Subramanian', ['R.', 'Karthikeyan'])).toBe('else');
    // Swapped through a nickname or an honorific.
    expect(level('given_name', 'Kit', 'Campbell', ['Campbell', 'Christopher'])).toBe('swapped with surname');
  });

  it('cities by their other names', () => {
    expect(cityKey('kiev')).toBe('kyiv');
    expect(level('city', 'Kiev', 'Kyiv')).toBe('variant spelling');
    expect(level('city', 'Київ', 'Kiev')).toBe('variant spelling');
    expect(level('city', 'Madras', 'Chennai')).toBe('variant spelling');
    expect(level('city', 'Lyallpur', 'Faisalabad')).toBe('variant spelling');
    expect(level('city', 'Lviv', 'Kyiv')).toBe('else');
  });

  it('phones by their national number whatever the format or country code', () => {
    expect(level('phone', '+380 44 123 4567', '044-123-45-67')).toBe('same last 9 digits');
    expect(level('phone', '0038 044 1234567', '(044) 123 4567')).toBe('same last 9 digits');
    expect(level('phone', '+92 300 1234567', '0300-1234567')).toBe('same last 9 digits');
    expect(level('phone', '+91 98400 12345', '098400 12345')).toBe('same last 9 digits');
  });

  it('e-mails: an initial for a name the other spells out, the rest alike', () => {
    expect(level('email', 'skhan@contoso.com', 'shazia.khan@hotmail.com')).toBe('initial and same rest');
    expect(level('email', 'o.kovalenko@ukr.net', 'oleksandr.kovalenko@gmail.com')).toBe('initial and same rest');
    expect(level('email', 'ikhan@contoso.com', 'shazia.khan@hotmail.com')).toBe('else');
  });
});

