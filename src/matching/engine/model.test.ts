// Estimation: EM recovers known m probabilities and the match share from synthetic comparison
// vectors; u from random pairs follows the value frequencies.
import { describe, expect, it } from 'vitest';
import { comparatorsOf } from './comparisons.ts';
import { prepareTable } from './match.ts';
import { estimateDependence, estimateU, expectationMaximisation, random, type Model } from './model.ts';
import { alignModel, explainPair, scorePairs } from './score.ts';
import { parseSettings } from './settings.ts';
import { capSwapped } from './train.ts';

/** Draws a level from a distribution over levels 1.. (level 0 = missing is never drawn here). */
function draw(dist: readonly number[], r: number): number {
  let acc = 0;
  for (let l = 1; l < dist.length; l++) {
    acc += dist[l]!;
    if (r < acc) return l;
  }
  return dist.length - 1;
}

describe('expectation-maximisation', () => {
  // Three fields; index 0 is the (unused) missing level.
  const m = [[1, 0.85, 0.1, 0.05], [1, 0.9, 0.07, 0.03], [1, 0.7, 0.2, 0.06, 0.04]];
  const u = [[1, 0.01, 0.04, 0.95], [1, 0.002, 0.03, 0.968], [1, 0.05, 0.1, 0.25, 0.6]];
  const lambda = 0.3;
  const pairs = 40_000;
  const rand = random(7);
  const gamma = new Uint8Array(pairs * 3);
  for (let p = 0; p < pairs; p++) {
    const probs = rand() < lambda ? m : u;
    for (let f = 0; f < 3; f++) gamma[p * 3 + f] = draw(probs[f]!, rand());
  }

  it('recovers m and the match share without labels', () => {
    const fit = expectationMaximisation({ gamma, pairs }, [4, 4, 5], u, 200);
    expect(fit.lambda).toBeCloseTo(lambda, 1);
    for (let f = 0; f < 3; f++) for (let l = 1; l < m[f]!.length; l++) expect(Math.abs(fit.m[f]![l]! - m[f]![l]!)).toBeLessThan(0.03);
  });

  it('converges when every pair matches (the match share held at its bound)', () => {
    // Pairs drawn from m alone, as a session blocked on a shared phone number nearly is.
    const all = new Uint8Array(pairs * 3);
    const r = random(11);
    for (let p = 0; p < pairs; p++) for (let f = 0; f < 3; f++) all[p * 3 + f] = draw(m[f]!, r());
    const fit = expectationMaximisation({ gamma: all, pairs }, [4, 4, 5], u, 200, { fixU: true });
    expect(fit.lambda).toBe(0.999);
    expect(fit.iterations).toBeLessThan(50);
    for (let f = 0; f < 3; f++) for (let l = 1; l < m[f]!.length; l++) expect(Math.abs(fit.m[f]![l]! - m[f]![l]!)).toBeLessThan(0.03);
  });

  it('takes labelled pairs at their known class', () => {
    // Labels that say every pair agreeing exactly on field 0 is a match pull m toward it.
    const labelledGamma = new Uint8Array([1, 3, 3, 1, 3, 3]);
    const fit = expectationMaximisation({ gamma, pairs, labelled: { gamma: labelledGamma, match: [true, true] } }, [4, 4, 5], u, 200);
    const plain = expectationMaximisation({ gamma, pairs }, [4, 4, 5], u, 200);
    expect(fit.m[1]![3]!).toBeGreaterThan(plain.m[1]![3]!);
  });
});

describe('u probabilities', () => {
  it('exact agreement is the chance two random records share a value; other levels come from random pairs', () => {
    // 50 x "smith", 30 x "jones", 20 x "brown": P(two distinct records agree) = (50*49 + 30*29 + 20*19) / (100*99),
    // counted in unordered pairs with half a pseudo-pair of agreement on top.
    const surname = [...Array(50).fill('smith'), ...Array(30).fill('jones'), ...Array(20).fill('brown')] as string[];
    const settings = parseSettings({ comparisons: [{ column: 'surname', kind: 'surname' }], blocking: [{ keys: ['surname'] }] });
    const table = prepareTable([{ ids: surname.map((_, i) => String(i)), columns: { surname } }], settings);
    const u = estimateU(table, comparatorsOf(table, settings), 20_000, 3)[0]!;
    expect(u[1]).toBeCloseTo(((50 * 49 + 30 * 29 + 20 * 19) / 2 + 0.5) / ((100 * 99) / 2 + 1), 10);
    expect(u[1]).toBeCloseTo((50 * 49 + 30 * 29 + 20 * 19) / (100 * 99), 4);
    // smith/jones/brown never meet on any fuzzy level: almost all the rest is "else".
    expect(u[u.length - 1]!).toBeGreaterThan(0.6);
    expect(u.slice(1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('a sparse column whose few values never repeat has not shown that agreement is rare', () => {
    // 5 faxes among 1,000 records, all different: 10 pairs, none agreeing.
    const fax = Array.from({ length: 1000 }, (_, i) => (i < 5 ? `+1 312 555 01${i}0` : undefined));
    const settings = parseSettings({ comparisons: [{ column: 'fax', kind: 'phone' }], blocking: [{ keys: ['fax'] }] });
    const table = prepareTable([{ ids: fax.map((_, i) => String(i)), columns: { fax } }], settings);
    const u = estimateU(table, comparatorsOf(table, settings), 5_000, 3)[0]!;
    expect(u[1]).toBeCloseTo(0.5 / 11, 10);
    // So an exact fax weighs a few bits, not the 27 a floor of 1e-9 gave.
    expect(Math.log2(0.9 / u[1]!)).toBeLessThan(5);
  });
});

describe('dependent fields', () => {
  // Three fields with levels null / exact / else. Among 20,000 random pairs, fields 0 and 1 (a
  // postcode and its town) agree together in 2% and never apart; field 2 agrees in 2% on its own.
  const m = [[1, 0.9, 0.1], [1, 0.9, 0.1], [1, 0.9, 0.1]];
  const u = [[1, 0.02, 0.98], [1, 0.02, 0.98], [1, 0.02, 0.98]];
  const samples = 20_000;
  const gamma = new Uint8Array(samples * 3);
  const rand = random(5);
  for (let s = 0; s < samples; s++) {
    const place = rand() < 0.02 ? 1 : 2;
    gamma.set([place, place, rand() < 0.02 ? 1 : 2], s * 3);
  }

  it('finds fields that agree together among non-matches more often than chance, and only those', () => {
    const deps = estimateDependence(gamma, samples, m, u, 1e-6);
    expect(deps.map((d) => [d.a, d.b])).toEqual([[0, 1]]);
    // Together 2% of the time against 0.02 x 0.02 if independent: about log2(50) bits.
    expect(deps[0]!.bits).toBeGreaterThan(4);
    expect(deps[0]!.bits).toBeLessThan(log2(1 / 0.02) + 0.5);
  });

  it('does not read the matches among random pairs as dependence', () => {
    // One random pair in 50 a match (agreeing on every field): fields independent among the rest.
    const mixed = new Uint8Array(samples * 3);
    for (let s = 0; s < samples; s++) {
      const match = rand() < 0.02;
      for (let f = 0; f < 3; f++) mixed[s * 3 + f] = match ? (rand() < 0.9 ? 1 : 2) : rand() < 0.02 ? 1 : 2;
    }
    expect(estimateDependence(mixed, samples, m, u, 0.02)).toEqual([]);
  });

  it('finds dependence among the non-matches even where the random pairs hold many matches and the prior is overestimated', () => {
    // Six fields. One random pair in 25 is a match, agreeing on each field 90% of the time; among
    // the rest fields 0 and 1 (a name and the e-mail made of it) agree together 1% of the time,
    // the others 1% each on their own. The prior given is four times the true share, as the
    // match share of candidates full of namesakes comes out before dependence is known: taking
    // out the matches expected from the prior alone left nothing of fields 0 and 1's dependence.
    const F = 6;
    const m6 = Array.from({ length: F }, () => [1, 0.9, 0.1]);
    const u6 = Array.from({ length: F }, () => [1, 0.01, 0.99]);
    const n = 40_000;
    const g = new Uint8Array(n * F);
    for (let s = 0; s < n; s++) {
      if (rand() < 0.04) {
        for (let f = 0; f < F; f++) g[s * F + f] = rand() < 0.9 ? 1 : 2;
        continue;
      }
      const name = rand() < 0.01 ? 1 : 2;
      g.set([name, name], s * F);
      for (let f = 2; f < F; f++) g[s * F + f] = rand() < 0.01 ? 1 : 2;
    }
    const deps = estimateDependence(g, n, m6, u6, 0.16);
    expect(deps.map((d) => [d.a, d.b])).toEqual([[0, 1]]);
    // About log2(1 / 0.01) bits: agreeing on the name says nothing more when the e-mail agrees.
    expect(deps[0]!.bits).toBeGreaterThan(5);
  });

  it('counts the overlap once: the weaker field loses the dependence bits, shown as a waterfall step', () => {
    const settings = parseSettings({
      comparisons: [{ column: 'postcode', kind: 'postcode' }, { column: 'town', kind: 'category' }, { column: 'colour', kind: 'category' }],
      blocking: [{ keys: ['postcode'] }],
    });
    const table = prepareTable([{ ids: ['1', '2'], columns: { postcode: ['2000', '2000'], town: ['sydney', 'sydney'], colour: ['red', 'red'] } }], settings);
    const plain: Model = {
      fields: [
        { column: 'postcode', levels: ['null', 'exact', 'edit <= 1', 'same first 3', 'else'], m: [1, 0.9, 0.04, 0.03, 0.03], u: [1, 0.001, 0.01, 0.05, 0.939], termFrequency: false, uExact: 0.001 },
        { column: 'town', levels: ['null', 'exact', 'else'], m: [1, 0.9, 0.1], u: [1, 0.01, 0.99], termFrequency: false, uExact: 0.01 },
        { column: 'colour', levels: ['null', 'exact', 'else'], m: [1, 0.5, 0.5], u: [1, 0.25, 0.75], termFrequency: false, uExact: 0.25 },
      ],
      prior: 1e-4, candidateMatchShare: 0.5, emIterations: 0,
    };
    const dependent: Model = { ...plain, dependence: [{ a: 0, b: 1, bits: 5 }] };
    const levels = Uint8Array.from([1, 1, 1]);
    const left = Int32Array.from([0]);
    const before = scorePairs(plain, table, levels, left, 1)[0]!;
    const after = scorePairs(dependent, table, levels, left, 1)[0]!;
    // The town (log2(0.9 / 0.01) = 6.5 bits, the weaker of the two) loses 5 bits.
    expect(before - after).toBeCloseTo(5, 9);
    const e = explainPair(dependent, table, levels, 0);
    expect(e.matchWeight).toBeCloseTo(after, 9);
    expect(e.steps[3]).toMatchObject({ column: 'town ~ postcode', level: 'agrees with a dependent field', weight: -5 });
    // Never more than the weaker field's own weight: the pair keeps its strongest field.
    const strong = scorePairs({ ...plain, dependence: [{ a: 0, b: 1, bits: 40 }] }, table, levels, left, 1)[0]!;
    expect(before - strong).toBeCloseTo(log2(0.9 / 0.01), 9);
    // A town that disagrees takes nothing off.
    const apart = Uint8Array.from([1, 2, 1]);
    expect(scorePairs(dependent, table, apart, left, 1)[0]!).toBeCloseTo(scorePairs(plain, table, apart, left, 1)[0]!, 9);
  });

  it('takes an e-mail alike before the @ as made of the names where the names agree: its bits come off, as a step', () => {
    const settings = parseSettings({
      comparisons: [{ column: 'given', kind: 'given_name' }, { column: 'family', kind: 'surname' }, { column: 'email', kind: 'email' }],
      blocking: [{ keys: ['family'] }],
    });
    const table = prepareTable([{ ids: ['1', '2'], columns: { given: ['olena', 'olena'], family: ['kovalenko', 'kovalenko'], email: ['olena.kovalenko@ukr.net', 'olenakovalenko@gmail.com'] } }], settings);
    const emailLevels = ['null', 'exact', 'same mailbox (dots, +tag)', 'same local part', 'same letters, other digits', 'jaro-winkler local >= 0.88', 'initial and same rest', 'else'];
    const plain: Model = {
      fields: [
        { column: 'given', levels: ['null', 'exact', 'variant spelling', 'nickname', 'initial', 'edit <= 1', 'jaro-winkler >= 0.92', 'phonetic', 'jaro-winkler >= 0.8', 'swapped with surname', 'else'], m: [1, 0.8, 0.05, 0.05, 0.02, 0.02, 0.01, 0.01, 0.01, 0.01, 0.02], u: [1, 0.005, 0.002, 0.002, 0.01, 0.002, 0.001, 0.001, 0.004, 0.0005, 0.9725], termFrequency: false, uExact: 0.005 },
        { column: 'family', levels: ['null', 'exact', 'variant spelling', 'edit <= 1', 'jaro-winkler >= 0.92', 'phonetic', 'jaro-winkler >= 0.8', 'initial', 'swapped with given name', 'else'], m: [1, 0.8, 0.05, 0.05, 0.02, 0.02, 0.01, 0.01, 0.01, 0.03], u: [1, 0.005, 0.001, 0.002, 0.001, 0.001, 0.004, 0.005, 0.0002, 0.9808], termFrequency: false, uExact: 0.005 },
        { column: 'email', levels: emailLevels, m: [1, 0.5, 0.1, 0.2, 0.05, 0.05, 0.05, 0.05], u: [1, 1e-4, 5e-5, 6e-5, 1e-4, 8e-4, 2e-4, 0.99874], termFrequency: false, uExact: 1e-4 },
      ],
      prior: 1e-4, candidateMatchShare: 0.5, emIterations: 0,
    };
    const sameLocal = emailLevels.indexOf('same local part');
    const left = Int32Array.from([0]);
    const score = (model: Model, levels: number[]) => scorePairs(model, table, Uint8Array.from(levels), left, 1)[0]!;
    const full: Model = { ...plain, derived: [{ field: 2, levels: ['same local part', 'initial and same rest'], from: [0, 1] }] };
    const some: Model = { ...plain, derived: [{ field: 2, levels: ['same local part'], from: [0, 1], bits: { 'same local part': 10 } }] };
    const emailWeight = log2(0.2 / 6e-5);
    // Names agree: the address's weight comes off, all of it or the bits measured.
    expect(score(plain, [1, 1, sameLocal]) - score(full, [1, 1, sameLocal])).toBeCloseTo(emailWeight, 9);
    expect(score(plain, [1, 1, sameLocal]) - score(some, [1, 1, sameLocal])).toBeCloseTo(10, 9);
    const e = explainPair(some, table, [1, 1, sameLocal], 0);
    expect(e.matchWeight).toBeCloseTo(score(some, [1, 1, sameLocal]), 9);
    expect(e.steps.at(-1)).toMatchObject({ column: 'email ~ given, family', level: 'made of the agreeing names', weight: -10 });
    // A family name that disagrees, one mailbox, or a level not listed: the address counts in full.
    expect(score(full, [1, 9, sameLocal])).toBeCloseTo(score(plain, [1, 9, sameLocal]), 9);
    expect(score(full, [1, 1, 1])).toBeCloseTo(score(plain, [1, 1, 1]), 9);
    expect(score(full, [1, 1, 5])).toBeCloseTo(score(plain, [1, 1, 5]), 9);
    // A missing family name leaves the given name to say it.
    expect(score(plain, [1, 0, sameLocal]) - score(full, [1, 0, sameLocal])).toBeCloseTo(emailWeight, 9);
    // A level that weighs against a match (m below u) keeps its weight: only evidence for one is taken.
    const initial = emailLevels.indexOf('initial and same rest');
    const against: Model = { ...full, fields: full.fields.map((fm, f) => (f === 2 ? { ...fm, m: fm.m.map((v, l) => (l === initial ? 1e-5 : v)) } : fm)) };
    const unmuted: Model = { ...against, derived: [] };
    expect(score(against, [1, 1, initial])).toBeCloseTo(score(unmuted, [1, 1, initial]), 9);
    expect(explainPair(against, table, [1, 1, initial], 0).matchWeight).toBeCloseTo(score(unmuted, [1, 1, initial]), 9);
  });

  it('scores with a stored model trained before a level was added (levels matched by label)', () => {
    const settings = parseSettings({ comparisons: [{ column: 'email', kind: 'email' }], blocking: [{ keys: ['email'] }] });
    const table = prepareTable([{ ids: ['1', '2'], columns: { email: ['jo.smith@x.org', 'josmith@x.org'] } }], settings);
    const old: Model = {
      fields: [{ column: 'email', levels: ['null', 'exact', 'same mailbox (dots, +tag)', 'same local part', 'jaro-winkler local >= 0.88', 'else'], m: [1, 0.8, 0.1, 0.05, 0.03, 0.02], u: [1, 1e-4, 1e-5, 1e-4, 1e-3, 0.999], termFrequency: false, uExact: 1e-4 }],
      prior: 1e-4, candidateMatchShare: 0.5, emIterations: 0,
    };
    const aligned = alignModel(old, table);
    expect(aligned.fields[0]!.levels).toContain('same letters, other digits');
    const jw = aligned.fields[0]!.levels.indexOf('jaro-winkler local >= 0.88');
    expect(aligned.fields[0]!.m[jw]).toBe(0.03);
    const e = explainPair(old, table, [2], 0);
    expect(e.steps[0]!.level).toBe('same mailbox (dots, +tag)');
    expect(e.steps[0]!.weight).toBeCloseTo(log2(0.1 / 1e-5), 9);
    // A level the old model never had weighs nothing.
    expect(explainPair(old, table, [aligned.fields[0]!.levels.indexOf('same letters, other digits')], 0).steps[0]!.weight).toBe(0);
  });
});

describe('swapped names', () => {
  it('weigh no more than the stronger of the two fields agreeing exactly', () => {
    const settings = parseSettings({
      comparisons: [{ column: 'given', kind: 'given_name', swapWith: 'surname' }, { column: 'surname', kind: 'surname', swapWith: 'given' }],
      blocking: [{ keys: ['surname'] }],
    });
    const table = prepareTable([{ ids: ['1', '2'], columns: { given: ['ann', 'lee'], surname: ['lee', 'ann'] } }], settings);
    const gs = 9; // given_name: 'swapped with surname'
    const ss = 8; // surname: 'swapped with given name'
    const m = [new Array(11).fill(0.05), new Array(10).fill(0.05)];
    const u = [new Array(11).fill(0.1), new Array(10).fill(0.1)];
    m[0]![1] = 0.5; u[0]![1] = 0.01; // given exact: 50x
    m[1]![1] = 0.5; u[1]![1] = 0.005; // surname exact: 100x
    m[0]![gs] = 0.1; u[0]![gs] = 1e-4; // 1000x: held at 100x (the surname's exact)
    m[1]![ss] = 0.1; u[1]![ss] = 2e-3; // 50x: under both, kept
    capSwapped(table, settings, m, u);
    expect(m[0]![gs]! / u[0]![gs]!).toBeCloseTo(100, 6);
    expect(m[1]![ss]).toBe(0.1);
  });
});

const log2 = Math.log2;
