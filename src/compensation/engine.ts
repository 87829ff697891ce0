// The compensation maths, pure (no database, no web): a plan declared as data applied to one rep's
// outcomes and activity for one period, giving a statement whose every amount names the verified
// outcomes behind it. Money is whole cents (integers) throughout; no plan text is ever evaluated.
//
// Assets: marginal bands of basis points over the period's verified net new assets, like tax
// brackets. Net new assets are verified inflows (the verified outcomes of the plan's asset kinds)
// less outflows (withdrawals and transfers out the caller hands in; see data.ts for which). Each
// entry's share is g(running total after it) - g(running total before it), where g is the banded
// payout (capped), entries taken in time order: the shares then add up exactly to the component, a
// cap or band edge falls inside the entry that crosses it, and an outflow gives back what it takes
// away. Below the threshold (on the net) the component pays nothing.
// Bonuses: a fixed amount per verified outcome of a kind (partly verified: pro rata to the share
// verified), optionally only from a minimum amount, up to a cap in the order outcomes were claimed.
// Subjective: a pool times a weighted score of the manager's mark, follow-up timeliness and activity.

export type OutcomeStatus = 'claimed' | 'verified' | 'partially_verified' | 'rejected' | 'lapsed';

export interface Band {
  /** Upper edge of the band in currency units of cumulative assets; null: no upper edge. */
  upTo: number | null;
  bps: number;
}

export interface Plan {
  currency: string;
  assets?: { kinds: string[]; bands: Band[]; threshold?: number | undefined; cap?: number | undefined } | undefined;
  bonuses?: Array<{ kind: string; amount: number; minAmount?: number | undefined; cap?: number | undefined }> | undefined;
  subjective?: { pool: number; managerWeight: number; timelinessWeight: number; activityWeight: number; activityTarget: number } | undefined;
}

export interface OutcomeIn {
  id: string;
  kind: string;
  status: OutcomeStatus;
  /** Claimed amount in cents (null for outcomes without one, e.g. an account opened). */
  claimedCents: number | null;
  /** Verified amount in cents for verified (null: the claim as made) and partially verified outcomes. */
  verifiedCents: number | null;
  /** When the outcome was claimed: the order shares are handed out in. */
  at: string;
}

/** Money that left a client's account in the period: it lowers net new assets. */
export interface OutflowIn {
  /** The transaction. */
  id: string;
  kind: string;
  /** What left, in cents (positive). */
  cents: number;
  /** When it was booked: outflows and outcomes are taken in time order. */
  at: string;
}

export interface ActivityIn {
  /** 0..100, null when the manager has not scored the period. */
  managerScore: number | null;
  /** Follow-up tasks due in the period and those completed by their due time. */
  followUpsDue: number;
  followUpsOnTime: number;
  interactions: number;
}

export interface Line {
  component: 'assets' | 'bonus';
  /** The outcome behind the line, or null for an outflow (then transactionId). */
  outcomeId: string | null;
  transactionId: string | null;
  kind: string;
  /** An outcome's status; 'booked' for an outflow from the system of record. */
  status: OutcomeStatus | 'booked';
  claimedCents: number | null;
  countedCents: number;
  amountCents: number;
  /** Cents of this outcome falling in each band (assets only), in band order. */
  bandVolumes?: number[];
  note?: string;
}

export interface Statement {
  currency: string;
  /** verifiedCents: net new assets, inflowCents less outflowCents. */
  assets: { verifiedCents: number; inflowCents: number; outflowCents: number; thresholdCents: number; reached: boolean; capCents: number | null; capped: boolean; amountCents: number; bands: Array<Band & { volumeCents: number }> };
  bonuses: Array<{ kind: string; count: number; amountCents: number; capped: boolean }>;
  subjective: { managerScore: number | null; timeliness: number | null; activity: number; activityScore: number; score: number; amountCents: number } | null;
  lines: Line[];
  totalCents: number;
}

export const isCounted = (s: OutcomeStatus) => s === 'verified' || s === 'partially_verified';

/** What an outcome counts for: its verified amount; nothing unless verified or partly verified. */
export function countedCents(o: OutcomeIn): number {
  if (!isCounted(o.status)) return 0;
  if (o.status === 'partially_verified') return o.verifiedCents ?? 0;
  return o.verifiedCents ?? o.claimedCents ?? 0;
}

/** Half away from zero, so a positive and a negative share of the same size round alike. */
const round = (x: number) => Math.sign(x) * Math.round(Math.abs(x) + 1e-9);
const cents = (units: number) => Math.round(units * 100);

/** Band edges in cents: [from, to) pairs, the last open-ended. */
function edges(bands: readonly Band[]): Array<[number, number]> {
  let from = 0;
  return bands.map((b) => {
    const to = b.upTo === null ? Number.POSITIVE_INFINITY : cents(b.upTo);
    const pair: [number, number] = [from, to];
    from = to;
    return pair;
  });
}

/** The banded payout in cents of cumulative assets x (unrounded). */
function banded(x: number, bands: readonly Band[], e: Array<[number, number]>): number {
  let pay = 0;
  bands.forEach((b, i) => {
    const [from, to] = e[i]!;
    if (x > from) pay += ((Math.min(x, to) - from) * b.bps) / 10_000;
  });
  return pay;
}

function volumes(before: number, after: number, e: Array<[number, number]>): number[] {
  const lo = Math.min(before, after);
  const hi = Math.max(before, after);
  const sign = after >= before ? 1 : -1;
  // + 0: an untouched band reads 0, not -0, on the way down.
  return e.map(([from, to]) => sign * Math.max(0, Math.min(hi, to) - Math.max(lo, from)) + 0);
}

const byClaim = (a: { at: string; id: string }, b: { at: string; id: string }) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

interface Entry { id: string; at: string; outcome: OutcomeIn | null; outflow: OutflowIn | null; counted: number }

function assetsPart(plan: NonNullable<Plan['assets']>, outcomes: readonly OutcomeIn[], outflows: readonly OutflowIn[]): { part: Statement['assets']; lines: Line[] } {
  const entries: Entry[] = [
    ...outcomes.filter((o) => plan.kinds.includes(o.kind) && isCounted(o.status)).map((o) => ({ id: o.id, at: o.at, outcome: o, outflow: null, counted: countedCents(o) })),
    ...outflows.map((f) => ({ id: f.id, at: f.at, outcome: null, outflow: f, counted: -Math.abs(f.cents) })),
  ].sort(byClaim);
  const e = edges(plan.bands);
  const inflowCents = entries.reduce((s, x) => s + Math.max(0, x.counted), 0);
  const outflowCents = -entries.reduce((s, x) => s + Math.min(0, x.counted), 0);
  const total = inflowCents - outflowCents;
  const thresholdCents = cents(plan.threshold ?? 0);
  const capCents = plan.cap === undefined ? null : cents(plan.cap);
  const reached = total >= thresholdCents && total > 0;
  const g = (x: number) => {
    const pay = round(banded(Math.max(0, x), plan.bands, e));
    return capCents === null ? pay : Math.min(capCents, pay);
  };
  let running = 0;
  const lines = entries.map((x): Line => {
    const before = running;
    running += x.counted;
    const source = x.outcome
      ? { outcomeId: x.outcome.id, transactionId: null, kind: x.outcome.kind, status: x.outcome.status, claimedCents: x.outcome.claimedCents }
      : { outcomeId: null, transactionId: x.outflow!.id, kind: x.outflow!.kind, status: 'booked' as const, claimedCents: null };
    const line: Line = {
      component: 'assets', ...source, countedCents: x.counted,
      amountCents: reached ? g(running) - g(before) : 0, bandVolumes: volumes(Math.max(0, before), Math.max(0, running), e),
    };
    if (!reached) line.note = 'threshold not reached';
    else if (capCents !== null && g(running) === capCents && g(before) < capCents) line.note = 'reaches the cap';
    else if (capCents !== null && g(before) === capCents) line.note = 'above the cap';
    return line;
  });
  const amountCents = reached ? g(total) : 0;
  const bands = plan.bands.map((b, i) => ({ ...b, volumeCents: lines.reduce((s, l) => s + l.bandVolumes![i]!, 0) }));
  const capped = reached && capCents !== null && round(banded(total, plan.bands, e)) > capCents;
  return { part: { verifiedCents: total, inflowCents, outflowCents, thresholdCents, reached, capCents, capped, amountCents, bands }, lines };
}

function bonusPart(bonus: NonNullable<Plan['bonuses']>[number], outcomes: readonly OutcomeIn[]) {
  const min = bonus.minAmount === undefined ? null : cents(bonus.minAmount);
  const capCents = bonus.cap === undefined ? null : cents(bonus.cap);
  const each = cents(bonus.amount);
  let paid = 0;
  let capped = false;
  const lines: Line[] = [];
  for (const o of outcomes.filter((x) => x.kind === bonus.kind && isCounted(x.status)).sort(byClaim)) {
    const counted = countedCents(o);
    if (min !== null && counted < min) continue;
    // Partly verified: the bonus in the proportion verified (an outcome without amounts pays whole).
    const share = o.status === 'partially_verified' && o.claimedCents ? Math.min(1, counted / o.claimedCents) : 1;
    let amount = round(each * share);
    let note: string | undefined;
    if (capCents !== null && paid + amount > capCents) {
      amount = Math.max(0, capCents - paid);
      capped = true;
      note = amount > 0 ? 'reaches the cap' : 'above the cap';
    }
    paid += amount;
    lines.push({ component: 'bonus', outcomeId: o.id, transactionId: null, kind: o.kind, status: o.status, claimedCents: o.claimedCents, countedCents: counted, amountCents: amount, ...(note ? { note } : {}) });
  }
  return { summary: { kind: bonus.kind, count: lines.length, amountCents: paid, capped }, lines };
}

function subjectivePart(plan: NonNullable<Plan['subjective']>, a: ActivityIn): NonNullable<Statement['subjective']> {
  // No follow-ups falling due is nothing late: timeliness counts as full.
  const timeliness = a.followUpsDue > 0 ? a.followUpsOnTime / a.followUpsDue : null;
  const activityScore = plan.activityTarget > 0 ? Math.min(1, a.interactions / plan.activityTarget) : 1;
  const score = plan.managerWeight * ((a.managerScore ?? 0) / 100) + plan.timelinessWeight * (timeliness ?? 1) + plan.activityWeight * activityScore;
  return {
    managerScore: a.managerScore, timeliness, activity: a.interactions, activityScore, score: Math.round(score * 10_000) / 10_000,
    amountCents: round(cents(plan.pool) * score),
  };
}

/**
 * One rep's statement for one period under `plan`. Outcomes that are not verified count for
 * nothing; outflows lower the net new assets the asset bands pay on.
 */
export function computeStatement(plan: Plan, outcomes: readonly OutcomeIn[], activity: ActivityIn, outflows: readonly OutflowIn[] = []): Statement {
  const assets = plan.assets
    ? assetsPart(plan.assets, outcomes, outflows)
    : { part: { verifiedCents: 0, inflowCents: 0, outflowCents: 0, thresholdCents: 0, reached: false, capCents: null, capped: false, amountCents: 0, bands: [] }, lines: [] };
  const bonuses = (plan.bonuses ?? []).map((b) => bonusPart(b, outcomes));
  const subjective = plan.subjective ? subjectivePart(plan.subjective, activity) : null;
  const totalCents = assets.part.amountCents + bonuses.reduce((s, b) => s + b.summary.amountCents, 0) + (subjective?.amountCents ?? 0);
  return {
    currency: plan.currency, assets: assets.part, bonuses: bonuses.map((b) => b.summary), subjective,
    lines: [...assets.lines, ...bonuses.flatMap((b) => b.lines)], totalCents,
  };
}

/** "1234.5" -> 123450, without going through a binary fraction. */
export function parseCents(text: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new Error(`not an amount: ${text}`);
  const whole = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -whole : whole;
}
