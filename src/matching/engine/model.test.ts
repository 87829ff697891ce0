// Estimation: EM recovers known m probabilities and the match share from synthetic comparison
// vectors; u from random pairs follows the value frequencies.
import { describe, expect, it } from 'vitest';
import { comparatorsOf } from './comparisons.ts';
import { prepareTable } from './match.ts';
import { estimateU, expectationMaximisation, random } from './model.ts';
import { parseSettings } from './settings.ts';

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
    // 50 x "smith", 30 x "jones", 20 x "brown": P(two distinct records agree) = (50*49 + 30*29 + 20*19) / (100*99).
    const surname = [...Array(50).fill('smith'), ...Array(30).fill('jones'), ...Array(20).fill('brown')] as string[];
    const settings = parseSettings({ comparisons: [{ column: 'surname', kind: 'surname' }], blocking: [{ keys: ['surname'] }] });
    const table = prepareTable([{ ids: surname.map((_, i) => String(i)), columns: { surname } }], settings);
    const u = estimateU(table, comparatorsOf(table, settings), 20_000, 3)[0]!;
    expect(u[1]).toBeCloseTo((50 * 49 + 30 * 29 + 20 * 19) / (100 * 99), 10);
    // smith/jones/brown never meet on any fuzzy level: almost all the rest is "else".
    expect(u[u.length - 1]!).toBeGreaterThan(0.6);
    expect(u.slice(1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });
});
