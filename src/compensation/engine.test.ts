// Golden cases worked by hand (the arithmetic is in the comments), so the engine is checked against
// numbers a person computed rather than against itself.
import { describe, expect, it } from 'vitest';
import { computeStatement, parseCents, type ActivityIn, type OutcomeIn, type OutflowIn, type Plan } from './engine.ts';

const bands = [{ upTo: 1_000_000, bps: 10 }, { upTo: 5_000_000, bps: 20 }, { upTo: null, bps: 30 }];
const plan: Plan = { currency: 'EUR', assets: { kinds: ['assets_deposited'], bands, threshold: 250_000, cap: 20_000 } };
const quiet: ActivityIn = { managerScore: null, followUpsDue: 0, followUpsOnTime: 0, interactions: 0 };

let n = 0;
const outcome = (units: number, status: OutcomeIn['status'] = 'verified', extra: Partial<OutcomeIn> = {}): OutcomeIn => ({
  id: `o${++n}`, kind: 'assets_deposited', status, claimedCents: units * 100, verifiedCents: null, at: `2026-01-${String(n).padStart(2, '0')}T10:00:00Z`, ...extra,
});
const amounts = (s: ReturnType<typeof computeStatement>) => s.lines.map((l) => [l.outcomeId, l.amountCents]);

describe('compensation engine', () => {
  it('pays marginal bands, splitting the outcome that crosses a band edge', () => {
    n = 0;
    const outcomes = [
      outcome(600_000), // f(600,000) = 600,000 x 0.10% = 600.00
      outcome(700_000), // f(1,300,000) = 1,000 + 300,000 x 0.20% = 1,600.00 -> 1,000.00
      outcome(500_000, 'partially_verified', { verifiedCents: 200_000_00 }), // f(1,500,000) = 2,000.00 -> 400.00
      outcome(1_000_000, 'claimed'), // unverified: nothing
      outcome(900_000, 'rejected'),
      outcome(800_000, 'lapsed'),
    ];
    const s = computeStatement(plan, outcomes, quiet);
    expect(s.assets).toMatchObject({ verifiedCents: 1_500_000_00, reached: true, capped: false, amountCents: 2_000_00 });
    expect(amounts(s)).toEqual([['o1', 600_00], ['o2', 1_000_00], ['o3', 400_00]]);
    expect(s.lines[1]!.bandVolumes).toEqual([400_000_00, 300_000_00, 0]);
    expect(s.assets.bands.map((b) => b.volumeCents)).toEqual([1_000_000_00, 500_000_00, 0]);
    expect(s.totalCents).toBe(2_000_00);
  });

  it('pays nothing below the threshold, and everything from the first cent once it is reached', () => {
    n = 0;
    const below = computeStatement(plan, [outcome(200_000), outcome(40_000)], quiet); // 240,000 < 250,000
    expect(below.assets).toMatchObject({ reached: false, amountCents: 0 });
    expect(below.lines.every((l) => l.amountCents === 0 && l.note === 'threshold not reached')).toBe(true);
    n = 0;
    const at = computeStatement(plan, [outcome(200_000), outcome(50_000)], quiet); // 250,000 x 0.10% = 250.00
    expect(amounts(at)).toEqual([['o1', 200_00], ['o2', 50_00]]);
  });

  it('caps the component inside the outcome that reaches the cap', () => {
    n = 0;
    // f(4,000,000) = 1,000 + 3,000,000 x 0.20% = 7,000.00
    // f(12,000,000) = 1,000 + 8,000 + 7,000,000 x 0.30% = 30,000.00, capped at 20,000.00 -> 13,000.00
    // a third outcome above the cap adds nothing
    const s = computeStatement(plan, [outcome(4_000_000), outcome(8_000_000), outcome(100_000)], quiet);
    expect(s.assets).toMatchObject({ amountCents: 20_000_00, capped: true });
    expect(amounts(s)).toEqual([['o1', 7_000_00], ['o2', 13_000_00], ['o3', 0]]);
    expect(s.lines.map((l) => l.note)).toEqual([undefined, 'reaches the cap', 'above the cap']);
  });

  it('drops a verified outcome later corrected to rejected', () => {
    n = 0;
    const first = [outcome(600_000), outcome(700_000), outcome(500_000, 'partially_verified', { verifiedCents: 200_000_00 })];
    expect(computeStatement(plan, first, quiet).assets.amountCents).toBe(2_000_00);
    const corrected = first.map((o) => (o.id === 'o2' ? { ...o, status: 'rejected' as const } : o));
    // 600,000 + 200,000 = 800,000 x 0.10% = 800.00
    const s = computeStatement(plan, corrected, quiet);
    expect(amounts(s)).toEqual([['o1', 600_00], ['o3', 200_00]]);
    expect(s.totalCents).toBe(800_00);
  });

  it('gives back with an outflow what it takes away, and rounds half away from zero', () => {
    n = 0;
    const flat: Plan = { currency: 'EUR', assets: { kinds: ['assets_deposited'], bands: [{ upTo: null, bps: 10 }] } };
    // 123,456.78 x 0.10% = 123.45678 -> 123.46; less 23,456.78: f(100,000.00) = 100.00 -> -23.46
    const s = computeStatement(flat, [outcome(0, 'verified', { claimedCents: 12_345_678 }), outcome(0, 'verified', { claimedCents: -2_345_678 })], quiet);
    expect(amounts(s)).toEqual([['o1', 123_46], ['o2', -23_46]]);
    expect(s.totalCents).toBe(100_00);
  });

  it('nets outflows against verified inflows in time order, so a withdrawal lowers the band payout', () => {
    n = 0;
    const withdrawal = (cents: number, at: string): OutflowIn => ({ id: `w${at}`, kind: 'withdrawal', cents, at });
    // o1 600,000 -> f = 600.00; o2 700,000 -> f(1,300,000) = 1,000 + 300,000 x 0.20% = 1,600.00 -> 1,000.00;
    // then 400,000 withdrawn -> f(900,000) = 900.00 -> -700.00. Net 900,000 pays 900.00, not 1,600.00.
    const s = computeStatement(plan, [outcome(600_000), outcome(700_000), outcome(50_000, 'claimed')], quiet, [withdrawal(400_000_00, '2026-01-02T12:00:00Z')]);
    expect(s.assets).toMatchObject({ verifiedCents: 900_000_00, inflowCents: 1_300_000_00, outflowCents: 400_000_00, reached: true, amountCents: 900_00 });
    expect(s.lines.map((l) => [l.outcomeId ?? l.transactionId, l.countedCents, l.amountCents])).toEqual([
      ['o1', 600_000_00, 600_00], ['o2', 700_000_00, 1_000_00], ['w2026-01-02T12:00:00Z', -400_000_00, -700_00],
    ]);
    expect(s.lines[2]).toMatchObject({ component: 'assets', outcomeId: null, kind: 'withdrawal', status: 'booked', claimedCents: null, bandVolumes: [-100_000_00, -300_000_00, 0] });
    expect(s.assets.bands.map((b) => b.volumeCents)).toEqual([900_000_00, 0, 0]);
    // An outflow before the inflows: the running total dips below zero and pays nothing back there.
    n = 0;
    const early = computeStatement(plan, [outcome(600_000), outcome(700_000)], quiet, [withdrawal(400_000_00, '2025-12-31T00:00:00Z')]);
    expect(early.lines.map((l) => l.amountCents)).toEqual([0, 200_00, 700_00]);
    expect(early.assets.amountCents).toBe(900_00);
    // Net below the threshold: nothing at all (300,000 in, 100,000 out = 200,000 < 250,000).
    n = 0;
    const below = computeStatement(plan, [outcome(300_000)], quiet, [withdrawal(100_000_00, '2026-01-05T00:00:00Z')]);
    expect(below.assets).toMatchObject({ verifiedCents: 200_000_00, reached: false, amountCents: 0 });
    expect(below.totalCents).toBe(0);
  });

  it('pays per-outcome bonuses: pro rata when partly verified, from a minimum, up to a cap', () => {
    n = 0;
    const bonusPlan: Plan = {
      currency: 'EUR',
      bonuses: [
        { kind: 'account_opened', amount: 250, cap: 500 },
        { kind: 'ib_engagement', amount: 1_000, minAmount: 10_000 },
      ],
    };
    const opened = (status: OutcomeIn['status']) => outcome(0, status, { kind: 'account_opened', claimedCents: null });
    const outcomes = [
      opened('verified'), opened('verified'), opened('claimed'), opened('verified'), // 250 + 250, then capped: 0
      outcome(100_000, 'partially_verified', { kind: 'ib_engagement', verifiedCents: 40_000_00 }), // 1,000 x 40% = 400.00
      outcome(5_000, 'verified', { kind: 'ib_engagement' }), // under the 10,000 minimum
      outcome(20_000, 'rejected', { kind: 'ib_engagement' }),
    ];
    const s = computeStatement(bonusPlan, outcomes, quiet);
    expect(s.bonuses).toEqual([
      { kind: 'account_opened', count: 3, amountCents: 500_00, capped: true },
      { kind: 'ib_engagement', count: 1, amountCents: 400_00, capped: false },
    ]);
    expect(amounts(s)).toEqual([['o1', 250_00], ['o2', 250_00], ['o4', 0], ['o5', 400_00]]);
    expect(s.totalCents).toBe(900_00);
  });

  it('weighs the manager score with follow-up timeliness and activity', () => {
    const subjective: Plan = { currency: 'EUR', subjective: { pool: 10_000, managerWeight: 0.5, timelinessWeight: 0.3, activityWeight: 0.2, activityTarget: 100 } };
    // 0.5 x 0.80 + 0.3 x 9/10 + 0.2 x 50/100 = 0.40 + 0.27 + 0.10 = 0.77 -> 7,700.00
    const s = computeStatement(subjective, [], { managerScore: 80, followUpsDue: 10, followUpsOnTime: 9, interactions: 50 });
    expect(s.subjective).toEqual({ managerScore: 80, timeliness: 0.9, activity: 50, activityScore: 0.5, score: 0.77, amountCents: 7_700_00 });
    // Unscored, nothing due, activity over target: 0 + 0.3 x 1 + 0.2 x 1 = 0.5 -> 5,000.00
    const unscored = computeStatement(subjective, [], { managerScore: null, followUpsDue: 0, followUpsOnTime: 0, interactions: 250 });
    expect(unscored.subjective).toMatchObject({ timeliness: null, activityScore: 1, score: 0.5, amountCents: 5_000_00 });
  });

  it('adds the components into one total', () => {
    n = 0;
    const full: Plan = {
      currency: 'EUR', assets: plan.assets, bonuses: [{ kind: 'account_opened', amount: 250 }],
      subjective: { pool: 1_000, managerWeight: 1, timelinessWeight: 0, activityWeight: 0, activityTarget: 1 },
    };
    // assets 600.00 (600,000 at 0.10%) + bonus 250.00 + subjective 1,000 x 0.6 = 600.00
    const s = computeStatement(full, [outcome(600_000), outcome(0, 'verified', { kind: 'account_opened', claimedCents: null })], { ...quiet, managerScore: 60 });
    expect(s.totalCents).toBe(1_450_00);
  });

  it('reads amounts as cents without binary fractions', () => {
    expect(parseCents('0.29')).toBe(29);
    expect(parseCents('1234.5')).toBe(123_450);
    expect(parseCents('-7')).toBe(-700);
    expect(() => parseCents('1e3')).toThrow();
  });
});
