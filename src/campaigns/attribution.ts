// Attribution: which campaigns get credit for an outcome or a deal. Explicit credit is the campaign
// named on the outcome (or on the interaction it was claimed on), or on the deal. Rule-based credit
// looks at the client's campaign touches (campaign_touches rows, and interactions logged with a
// campaign the contact took part in) that happened before the moment that counts and no longer ago
// than the campaign's attribution window (or a window the caller gives): the earliest is first
// touch, the latest last touch. The moment is the outcome's interaction; for a deal, when it was
// opened (or its closing, when that was recorded as earlier: a won deal entered afterwards), and a
// deal without a contact gets explicit credit only. One query for a whole batch, so the ROI report
// can attribute thousands at once.
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf, uuidArray } from '../db/sql.ts';

export interface Credit {
  campaignId: string;
  touchedAt: string;
  source: 'touch' | 'interaction';
}

/** The three credits, whatever is credited. */
export interface Credits {
  explicitCampaignId: string | null;
  firstTouch: Credit | null;
  lastTouch: Credit | null;
}

export interface Attribution extends Credits {
  outcomeId: string;
}

export interface DealAttribution extends Credits {
  dealId: string;
}

interface Row {
  subject_id: string;
  explicit: string | null;
  first_campaign: string | null; first_at: Date | string | null; first_source: Credit['source'] | null;
  last_campaign: string | null; last_at: Date | string | null; last_source: Credit['source'] | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();
const credit = (campaignId: string | null, at: Date | string | null, source: Credit['source'] | null): Credit | null =>
  campaignId && at && source ? { campaignId, touchedAt: iso(at), source } : null;

/**
 * Credits for the subjects `subjects` selects as (id, contact_id, explicit, at), keyed by id.
 * windowDays overrides every campaign's own attribution window when given.
 */
async function attribute(q: Queryable, tenantId: string, subjects: SQL, window: number | null): Promise<Map<string, Credits>> {
  const out = new Map<string, Credits>();
  const rows = await rowsOf<Row>(q, sql`
    with o as (${subjects}),
    t as (
      select ct.contact_id, ct.campaign_id, ct.touched_at, 'touch' as source from campaign_touches ct
      where ct.tenant_id = ${tenantId}::uuid and ct.contact_id in (select contact_id from o)
      union all
      select p.contact_id, i.campaign_id, i.occurred_at, 'interaction' from interaction_participants p
      join interactions i on i.tenant_id = p.tenant_id and i.id = p.interaction_id
      where p.tenant_id = ${tenantId}::uuid and p.contact_id in (select contact_id from o) and i.campaign_id is not null),
    w as (
      select o.id as subject_id, t.campaign_id, t.touched_at, t.source from o
      join t on t.contact_id = o.contact_id
      join campaigns c on c.tenant_id = ${tenantId}::uuid and c.id = t.campaign_id
      where t.touched_at <= o.at
        and t.touched_at >= o.at - make_interval(days => coalesce(${window}::int, c.attribution_window_days)))
    select o.id as subject_id, o.explicit,
      f.campaign_id as first_campaign, f.touched_at as first_at, f.source as first_source,
      l.campaign_id as last_campaign, l.touched_at as last_at, l.source as last_source
    from o
    left join lateral (select * from w where w.subject_id = o.id order by w.touched_at, w.campaign_id limit 1) f on true
    left join lateral (select * from w where w.subject_id = o.id order by w.touched_at desc, w.campaign_id desc limit 1) l on true`);
  for (const r of rows) {
    out.set(r.subject_id, {
      explicitCampaignId: r.explicit,
      firstTouch: credit(r.first_campaign, r.first_at, r.first_source),
      lastTouch: credit(r.last_campaign, r.last_at, r.last_source),
    });
  }
  return out;
}

/**
 * Attributes outcomes (ids of the tenant; unknown ids are left out of the answer). windowDays
 * overrides every campaign's own attribution window when given.
 */
export async function attributeOutcomes(q: Queryable, tenantId: string, outcomeIds: readonly string[], opts: { windowDays?: number } = {}): Promise<Map<string, Attribution>> {
  if (outcomeIds.length === 0) return new Map();
  const credits = await attribute(q, tenantId, sql`
      select o.id, o.contact_id, coalesce(o.campaign_id, i.campaign_id) as explicit, i.occurred_at as at
      from outcomes o join interactions i on i.tenant_id = o.tenant_id and i.id = o.interaction_id
      where o.tenant_id = ${tenantId}::uuid and o.id = any(${uuidArray(outcomeIds)})`, opts.windowDays ?? null);
  return new Map([...credits].map(([id, c]) => [id, { outcomeId: id, ...c }]));
}

/** Attributes deals the same way (ids of the tenant; unknown ids are left out of the answer). */
export async function attributeDeals(q: Queryable, tenantId: string, dealIds: readonly string[], opts: { windowDays?: number } = {}): Promise<Map<string, DealAttribution>> {
  if (dealIds.length === 0) return new Map();
  const credits = await attribute(q, tenantId, sql`
      select d.id, d.contact_id, d.campaign_id as explicit, least(d.created_at, coalesce(d.closed_at, d.created_at)) as at
      from deals d where d.tenant_id = ${tenantId}::uuid and d.id = any(${uuidArray(dealIds)})`, opts.windowDays ?? null);
  return new Map([...credits].map(([id, c]) => [id, { dealId: id, ...c }]));
}
