// String metrics against published reference values, plus properties (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { doubleMetaphone } from './double-metaphone.ts';
import { isAdjacentTransposition, jaro, jaroWinkler, levenshtein, tokenSetSimilarity } from './metrics.ts';
import { foldText, nameSkeleton } from './normalize.ts';

describe('Jaro–Winkler (Winkler 1990 reference values)', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
  ])('%s / %s = %f', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('Jaro without the prefix boost (MARTHA/MARHTA 0.944, DIXON/DICKSONX 0.767)', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.944, 3);
    expect(jaro('DIXON', 'DICKSONX')).toBeCloseTo(0.767, 3);
  });

  const word = fc.string({ unit: fc.constantFrom(...'abcdefghij'), maxLength: 12 });
  it('is symmetric, bounded to 0..1 and 1 on identity', () => {
    fc.assert(fc.property(word, word, (a, b) => {
      const s = jaroWinkler(a, b);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1 + 1e-12);
      expect(jaroWinkler(b, a)).toBeCloseTo(s, 12);
      expect(jaroWinkler(a, a)).toBe(1);
    }));
  });
});

describe('Levenshtein', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['', 'abc', 3],
    ['smith', 'smith', 0],
  ])('%s / %s = %i', (a, b, d) => expect(levenshtein(a, b)).toBe(d));

  const word = fc.string({ unit: fc.constantFrom(...'abcde'), maxLength: 10 });
  it('is symmetric, zero only on identity, and a bound cuts at max + 1', () => {
    fc.assert(fc.property(word, word, (a, b) => {
      const d = levenshtein(a, b);
      expect(levenshtein(b, a)).toBe(d);
      expect(d === 0).toBe(a === b);
      expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      expect(levenshtein(a, b, 1)).toBe(Math.min(d, 2));
      expect(levenshtein(a, b, 2)).toBe(Math.min(d, 3));
    }));
  });

  it('sees an adjacent transposition', () => {
    expect(isAdjacentTransposition('19560409', '19650409')).toBe(true);
    expect(isAdjacentTransposition('abc', 'acd')).toBe(false);
  });
});

describe('token-set similarity', () => {
  it('ignores word order and tolerates a typo in a word', () => {
    expect(tokenSetSimilarity(['acme', 'trading'], ['trading', 'acme'])).toBe(1);
    expect(tokenSetSimilarity(['pinkerton', 'cct'], ['pinkertn', 'cct'])).toBe(1);
    expect(tokenSetSimilarity(['acme'], ['globex', 'corp'])).toBe(0);
  });
  const tokens = fc.array(fc.string({ unit: fc.constantFrom(...'abcxyz'), minLength: 1, maxLength: 6 }), { maxLength: 5 });
  it('is bounded to 0..1 and 1 on identity', () => {
    fc.assert(fc.property(tokens, tokens, (a, b) => {
      const s = tokenSetSimilarity(a, b);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      expect(tokenSetSimilarity(a, a)).toBe(1);
    }));
  });
});

describe('Double Metaphone (codes from the published algorithm)', () => {
  it.each([
    ['Smith', 'SM0', 'XMT'], ['Schmidt', 'XMT', 'SMT'], ['Johnson', 'JNSN', 'ANSN'], ['Williams', 'ALMS', 'FLMS'],
    ['Jones', 'JNS', 'ANS'], ['Brown', 'PRN', 'PRN'], ['maurice', 'MRS', 'MRS'], ['aubrey', 'APR', 'APR'],
    ['cambrillo', 'KMPRL', 'KMPR'], ['heidi', 'HT', 'HT'], ['katherine', 'K0RN', 'KTRN'], ['Thumbail', '0MPL', 'TMPL'],
    ['richard', 'RXRT', 'RKRT'], ['bob', 'PP', 'PP'], ['eric', 'ARK', 'ARK'], ['geoff', 'JF', 'KF'],
    ['Through', '0R', 'TR'], ['Schwein', 'XN', 'XFN'], ['dave', 'TF', 'TF'], ['ray', 'R', 'R'],
    ['steven', 'STFN', 'STFN'], ['bryce', 'PRS', 'PRS'], ['Xavier', 'SF', 'SFR'], ['Jose', 'HS', 'HS'],
    ['Arnow', 'ARN', 'ARNF'], ['Filipowicz', 'FLPTS', 'FLPFX'], ['Tagliaro', 'TKLR', 'TLR'], ['Gough', 'KF', 'KF'],
  ])('%s -> %s / %s', (word, primary, alternate) => {
    expect(doubleMetaphone(word)).toEqual([primary, alternate]);
  });

  it('cuts codes to a maximum length (4 in the original)', () => {
    expect(doubleMetaphone('cambrillo', 4)).toEqual(['KMPR', 'KMPR']);
  });
});

describe('folding across scripts and spellings', () => {
  it.each([
    ['Олександр', 'oleksandr'], ['Александр', 'aleksandr'], ['Müller', 'muller'], ['Søren', 'soren'],
    ['Łukasz', 'lukasz'], ['Straße', 'strasse'], ['Ｊｏｈｎ', 'john'], ["O'Brien", 'o brien'], ['Григорій', 'hryhorii'],
  ])('%s -> %s', (raw, folded) => expect(foldText(raw)).toBe(folded));

  it('gives romanisation variants one skeleton', () => {
    const skel = (s: string) => nameSkeleton(foldText(s));
    expect(skel('Mueller')).toBe(skel('Müller'));
    expect(skel('Kumaar')).toBe(skel('Kumar'));
    expect(skel('Mykola')).toBe(skel('Микола'));
    expect(skel('Senthil')).toBe(skel('Sentil'));
  });
});
