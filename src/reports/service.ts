// Management reports: activity by rep, kind and week; outcomes claimed against verified with the
// verification lag; cadence compliance; compensation statements; campaign ROI (verified outcomes and
// won deals). Each reads only the people the caller reaches (reps themselves, managers their teams,
// controllers and admins all).
import { sql, type SQL } from 'drizzle-orm';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { can } from '../platform/policy/index.ts';
import { parseCents } from '../compensation/engine.ts';
import { attributeDeals, attributeOutcomes } from '../campaigns/attribution.ts';
import { wonDeals } from '../deals/data.ts';
import { cadenceCompliance, peopleScope, peopleScopeSql } from '../cadence/service.ts';
import { listStatements } from '../compensation/service.ts';
import { activityRows, campaignCosts, outcomeStats, verifiedOutcomes } from './data.ts';
import { roiRows } from './roi.ts';
import type { ActivityRow, OutcomesRow, RoiRow } from './schemas.ts';

/** The caller's people scope over `column`, or 403 for roles without reports. */
function scopeOver(ctx: Ctx, column: SQL): SQL {
  const scope = peopleScope(ctx.principal);
  if (!scope || !can(ctx.principal, 'read', 'report')) throw forbidden('Your role may not read management reports');
  return peopleScopeSql(scope, ctx.tenantId, column);
}

export async function activityReport(ctx: Ctx, q: { from: string; to: string; tz: string }): Promise<ActivityRow[]> {
  const scope = scopeOver(ctx, sql`i.owner_id`);
  const rows = await readInTenant(ctx, (db) => activityRows(db, ctx.tenantId, q.from, q.to, q.tz, scope));
  return rows.map((r) => ({ userId: r.user_id, name: r.name, kind: r.kind, week: r.week, interactions: r.n }));
}

export async function outcomesReport(ctx: Ctx, q: { from: string; to: string }): Promise<OutcomesRow[]> {
  const scope = scopeOver(ctx, sql`o.claimed_by`);
  const rows = await readInTenant(ctx, (db) => outcomeStats(db, ctx.tenantId, q.from, q.to, scope));
  return rows.map((r) => ({
    userId: r.user_id, name: r.name, kind: r.kind, claimed: r.claimed, verified: r.verified, partiallyVerified: r.partially_verified,
    rejected: r.rejected, lapsed: r.lapsed, pending: r.pending,
    claimedAmount: parseCents(r.claimed_amount) / 100, verifiedAmount: parseCents(r.verified_amount) / 100,
    lagDaysAvg: r.lag_avg === null ? null : Number(r.lag_avg), lagDaysMedian: r.lag_median === null ? null : Number(r.lag_median),
  }));
}

/**
 * ROI reads every campaign's costs, so it is for those who reach beyond themselves. Outcomes count
 * by who claimed them, won deals by who owns them, both within the people the caller reaches.
 */
export async function roiReport(ctx: Ctx, q: { from: string; to: string; groupBy: 'campaign' | 'type'; interval: 'none' | 'month' }): Promise<RoiRow[]> {
  const scope = scopeOver(ctx, sql`o.claimed_by`);
  const dealScope = scopeOver(ctx, sql`d.owner_id`);
  if (peopleScope(ctx.principal)?.kind === 'own') throw forbidden('Campaign ROI is for managers, controllers and admins');
  return readInTenant(ctx, async (db) => {
    const costs = await campaignCosts(db, ctx.tenantId, q.from, q.to);
    const outcomes = await verifiedOutcomes(db, ctx.tenantId, q.from, q.to, scope);
    const attribution = await attributeOutcomes(db, ctx.tenantId, outcomes.map((o) => o.id));
    const deals = await wonDeals(db, ctx.tenantId, q.from, q.to, dealScope);
    const dealCredit = await attributeDeals(db, ctx.tenantId, deals.map((d) => d.id));
    return roiRows(costs, outcomes, attribution, q.groupBy, q.interval, deals, dealCredit);
  });
}

export const cadenceReport = async (ctx: Ctx, groupBy: 'rep' | 'team') => (await cadenceCompliance(ctx, groupBy)).data;

export const compensationReport = async (ctx: Ctx, planId: string) => (await listStatements(ctx, planId)).data;
