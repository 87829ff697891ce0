// Campaign ROI from verified outcomes, won deals and cost lines, credited three ways: the campaign
// named on the outcome or deal (explicit), the client's first touch and last touch inside the
// attribution window (campaigns/attribution.ts). Only verified outcomes and won deals count: open
// and lost deals are not revenue. Pure: rows in, report rows out; money summed in whole cents.
import { parseCents } from '../compensation/engine.ts';
import type { Credits } from '../campaigns/attribution.ts';
import type { WonDealRow } from '../deals/data.ts';
import type { CampaignCostRow, VerifiedOutcomeRow } from './data.ts';
import type { RoiRow } from './schemas.ts';

const models = ['explicit', 'firstTouch', 'lastTouch'] as const;
type Model = (typeof models)[number];

interface Acc { assets: number; revenue: number; engagements: number; clients: Set<string>; outcomes: number; dealsWon: number; dealRevenue: number }
const empty = (): Acc => ({ assets: 0, revenue: 0, engagements: 0, clients: new Set(), outcomes: 0, dealsWon: 0, dealRevenue: 0 });

function creditOf(a: Credits | undefined, model: Model): string | null {
  if (!a) return null;
  if (model === 'explicit') return a.explicitCampaignId;
  return (model === 'firstTouch' ? a.firstTouch : a.lastTouch)?.campaignId ?? null;
}

export function roiRows(
  costs: readonly CampaignCostRow[], outcomes: readonly VerifiedOutcomeRow[], attribution: ReadonlyMap<string, Credits>,
  groupBy: 'campaign' | 'type', interval: 'none' | 'month',
  deals: readonly WonDealRow[] = [], dealAttribution: ReadonlyMap<string, Credits> = new Map(),
): RoiRow[] {
  const campaign = new Map(costs.map((c) => [c.id, c]));
  const keyOf = (id: string) => (groupBy === 'campaign' ? id : campaign.get(id)!.type);
  const monthOf = (m: string | null) => (interval === 'month' ? m : null);
  const cost = new Map<string, number>();
  const groups = new Map<string, { key: string; month: string | null }>();
  const touch = (key: string, month: string | null) => {
    const g = `${key}|${month ?? ''}`;
    if (!groups.has(g)) groups.set(g, { key, month });
    return g;
  };
  for (const c of costs) {
    const g = touch(keyOf(c.id), monthOf(c.month));
    cost.set(g, (cost.get(g) ?? 0) + parseCents(c.cost));
  }
  const acc = new Map<string, Acc>();
  for (const o of outcomes) {
    for (const model of models) {
      const id = creditOf(attribution.get(o.id), model);
      if (!id || !campaign.has(id)) continue;
      const g = touch(keyOf(id), monthOf(o.month));
      const a = acc.get(`${g}|${model}`) ?? empty();
      const counted = parseCents(o.counted);
      a.outcomes += 1;
      if (o.kind === 'assets_deposited') a.assets += counted;
      else if (o.kind === 'revenue') a.revenue += counted;
      else if (o.kind === 'ib_engagement') a.engagements += 1;
      else if (o.kind === 'account_opened') a.clients.add(o.contact_id);
      acc.set(`${g}|${model}`, a);
    }
  }
  for (const d of deals) {
    for (const model of models) {
      const id = creditOf(dealAttribution.get(d.id), model);
      if (!id || !campaign.has(id)) continue;
      const g = touch(keyOf(id), monthOf(d.month));
      const a = acc.get(`${g}|${model}`) ?? empty();
      a.dealsWon += 1;
      a.dealRevenue += parseCents(d.amount);
      acc.set(`${g}|${model}`, a);
    }
  }
  const rows: RoiRow[] = [];
  for (const [g, { key, month }] of groups) {
    const costCents = cost.get(g) ?? 0;
    const first = groupBy === 'campaign' ? campaign.get(key)! : undefined;
    for (const model of models) {
      const a = acc.get(`${g}|${model}`) ?? empty();
      rows.push({
        key, name: first?.name ?? key, type: first?.type ?? key, month, model,
        cost: costCents / 100, assets: a.assets / 100, revenue: a.revenue / 100, engagements: a.engagements, clientsGained: a.clients.size, outcomes: a.outcomes,
        dealsWon: a.dealsWon, dealRevenue: a.dealRevenue / 100,
        costPerClient: a.clients.size ? Math.round(costCents / a.clients.size) / 100 : null,
        revenuePerCost: costCents ? Math.round(((a.revenue + a.dealRevenue) / costCents) * 10_000) / 10_000 : null,
      });
    }
  }
  return rows.sort((x, y) => x.name.localeCompare(y.name) || x.key.localeCompare(y.key) || (x.month ?? '').localeCompare(y.month ?? '') || models.indexOf(x.model) - models.indexOf(y.model));
}
