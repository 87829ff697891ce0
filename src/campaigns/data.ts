// Campaign rows in and out of PostgreSQL; a campaign comes with its costs summed per currency.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { qualified, inIdOrder, rowsOf } from '../db/sql.ts';
import { ownedFieldMap, type FieldMap } from '../platform/list.ts';
import { campaignCosts, campaigns, campaignTouches } from './tables.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type CostRow = typeof campaignCosts.$inferSelect;
export type TouchRow = typeof campaignTouches.$inferSelect;
export type CampaignWithCosts = CampaignRow & { costs: Array<{ currency: string; total: string }> };

export const campaignFieldMap: FieldMap = {
  ...ownedFieldMap(campaigns),
  name: { column: campaigns.name, type: 'text', sortable: true },
  type: { column: campaigns.type, type: 'text' },
  parentId: { column: campaigns.parentId, type: 'uuid' },
  startsOn: { column: campaigns.startsOn, type: 'date', sortable: true },
  endsOn: { column: campaigns.endsOn, type: 'date' },
};

const costTotals = sql<Array<{ currency: string; total: string }>>`coalesce((select json_agg(json_build_object('currency', x.currency, 'total', x.total::text) order by x.currency)
  from (select k.currency, sum(k.amount) as total from ${campaignCosts} k
    where k.tenant_id = ${qualified(campaigns.tenantId)} and k.campaign_id = ${qualified(campaigns.id)} group by k.currency) x), '[]'::json)`;

export async function selectCampaigns(q: Queryable, tenantId: string, where: SQL | undefined, order: SQL[], limit: number): Promise<CampaignWithCosts[]> {
  const rows = await q.select({ c: campaigns, costs: costTotals }).from(campaigns)
    .where(and(eq(campaigns.tenantId, tenantId), where)).orderBy(...order).limit(limit);
  return rows.map(({ c, costs }) => ({ ...c, costs }));
}

export async function campaignsByIds(q: Queryable, tenantId: string, ids: string[]): Promise<CampaignWithCosts[]> {
  if (ids.length === 0) return [];
  return inIdOrder(ids, await selectCampaigns(q, tenantId, inArray(campaigns.id, ids), [], ids.length));
}

/** The campaign and its ancestors (parent, grandparent...), nearest first. */
export async function ancestorsOf(q: Queryable, tenantId: string, id: string): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(q, sql`with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from ${campaigns} where tenant_id = ${tenantId}::uuid and id = ${id}::uuid
      union all
      select c.id, c.parent_id, up.depth + 1 from ${campaigns} c join up on c.tenant_id = ${tenantId}::uuid and c.id = up.parent_id where up.depth < 50)
    select id from up order by depth`);
  return rows.map((r) => r.id);
}

/** Is the campaign referenced by interactions, outcomes, deals or child campaigns (so not deletable)? */
export async function campaignInUse(q: Queryable, tenantId: string, id: string): Promise<string | null> {
  const [row] = await rowsOf<{ what: string | null }>(q, sql`select case
      when exists (select 1 from interactions where tenant_id = ${tenantId}::uuid and campaign_id = ${id}::uuid) then 'interactions'
      when exists (select 1 from outcomes where tenant_id = ${tenantId}::uuid and campaign_id = ${id}::uuid) then 'outcomes'
      when exists (select 1 from deals where tenant_id = ${tenantId}::uuid and campaign_id = ${id}::uuid) then 'deals'
      when exists (select 1 from campaigns where tenant_id = ${tenantId}::uuid and parent_id = ${id}::uuid) then 'campaigns'
      else null end as what`);
  return row?.what ?? null;
}
