// Cadence use cases: the evaluation run (nightly or on demand) that rewrites every client's status
// and opens one follow-up task per overdue client and policy; a contact's cadence; compliance of
// each rep's or team's book; and the over-contact warnings an interaction create answers with.
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can, peopleReach, type Principal } from '../platform/policy/index.ts';
import { insertMany } from '../db/sql.ts';
import { loadForAction } from '../platform/records.ts';
import { contacts } from '../contacts/tables.ts';
import { tasks } from '../tasks/tables.ts';
import { cadencePolicies, cadenceRuns } from './tables.ts';
import { evaluate, warningsSql, type WarningRow } from './evaluate.ts';
import {
  complianceRows, followUpsNeeded, lastEvaluatedAt, linkTasks, lockTenantCadence, recordRun, statusesOfContact, writeStatuses,
  type FollowUpNeed, type PeopleScope,
} from './data.ts';

// Other domains (compensation, reports) limit rows to the people a principal reaches the same way.
export { peopleScopeSql, type PeopleScope } from './data.ts';
import { zoneSettings } from './zones.ts';
import { rowsOf } from '../db/sql.ts';
import type { CadenceWarning, ComplianceRow, ContactCadenceOut, EvaluateOut, RunOut } from './schemas.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Day after a YYYY-MM-DD date: the first day a client is overdue. */
const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function peopleScope(p: Principal): PeopleScope | null {
  const reach = peopleReach(p);
  if (reach === 'none') return null;
  if (reach === 'all') return { kind: 'all' };
  return reach === 'team' ? { kind: 'team', userId: p.userId, teamIds: p.teamIds } : { kind: 'own', userId: p.userId };
}

async function openFollowUps(tx: Tx, ctx: Ctx, needs: FollowUpNeed[], asOf: Date): Promise<number> {
  if (needs.length === 0) return 0;
  const now = new Date();
  const rows = needs.map((n) => ({
    tenantId: ctx.tenantId, id: uuidv7(), status: 'open',
    title: `Contact ${n.display_name}: ${n.policy_name} overdue since ${dayAfter(n.due_on)}`,
    notes: `Opened by cadence policy "${n.policy_name}": no contact since the interval ran out on ${n.due_on}.`,
    dueAt: asOf, assigneeId: n.owner_id, contactId: n.contact_id, ownerId: n.owner_id, teamId: n.team_id,
    createdBy: ctx.actor.id, createdAt: now, updatedAt: now,
  }));
  await insertMany(tx, tasks, rows);
  await linkTasks(tx, ctx.tenantId, needs.map((n, i) => ({ policyId: n.policy_id, contactId: n.contact_id, taskId: rows[i]!.id })));
  const views = rows.map((r, i) => ({
    id: r.id, title: r.title, status: r.status, dueAt: asOf.toISOString(), assigneeId: r.assigneeId, contactId: r.contactId,
    ownerId: r.ownerId, teamId: r.teamId, cadencePolicyId: needs[i]!.policy_id,
  }));
  await appendAudit(tx, ctx.tenantId, ctx.actor, views.map((v) => ({ action: 'task.created', entity: 'task', entityId: v.id, changes: diff(null, v) })));
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, views.map((v) => ({ type: 'task.created', entity: 'task', entityId: v.id, payload: v })));
  return rows.length;
}

/**
 * Evaluates every active policy for every client in one transaction: statuses as of `asOf`, then
 * a follow-up task for each overdue client whose policy has no open one (never a second).
 */
export async function evaluateCadence(ctx: Ctx, asOf = new Date()): Promise<EvaluateOut> {
  if (!can(ctx.principal, 'update', 'cadence_policy')) throw forbidden('Your role may not run the cadence evaluation');
  const started = Date.now();
  return inTenant(ctx, async (tx) => {
    await lockTenantCadence(tx, ctx.tenantId);
    const runId = uuidv7();
    const startedAt = new Date();
    const zones = await zoneSettings(ctx.database, tx, ctx.tenantId);
    const counts = await writeStatuses(tx, ctx.tenantId, runId, asOf, zones);
    const tasksCreated = await openFollowUps(tx, ctx, await followUpsNeeded(tx, ctx.tenantId), asOf);
    const n = (k: string) => counts[k] ?? 0;
    const out = {
      runId, asOf: asOf.toISOString(), evaluated: n('ok') + n('overdue') + n('over_contacted'), ok: n('ok'), overdue: n('overdue'),
      overContacted: n('over_contacted'), inactive: n('inactive'), tasksCreated, ms: Date.now() - started,
    };
    await recordRun(tx, ctx.tenantId, { id: runId, asOf, startedAt, counts: { ...counts, tasksCreated }, createdBy: ctx.actor.id });
    return out;
  });
}

/** The latest evaluation runs, newest first: did last night's run happen, and what did it find. */
export async function listRuns(ctx: Ctx, limit: number): Promise<RunOut[]> {
  if (!can(ctx.principal, 'read', 'cadence_policy')) throw forbidden('Your role may not read cadence runs');
  const rows = await readInTenant(ctx, (q) => q.select().from(cadenceRuns).where(eq(cadenceRuns.tenantId, ctx.tenantId)).orderBy(desc(cadenceRuns.finishedAt)).limit(limit));
  return rows.map((r) => ({
    id: r.id, asOf: r.asOf.toISOString(), startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt.toISOString(), counts: r.counts, createdBy: r.createdBy,
  }));
}

/** A contact's standing under each policy it falls under, worked out now (not from the last run). */
export async function contactCadence(ctx: Ctx, contactId: string, asOf = new Date()): Promise<ContactCadenceOut> {
  return inTenant(ctx, async (tx) => {
    await loadForAction(tx, ctx, 'contact', contacts, contactId, 'read');
    const zones = await zoneSettings(ctx.database, tx, ctx.tenantId);
    const rows = await evaluate(tx, ctx.tenantId, asOf, zones, [contactId]);
    const policies = rows.length
      ? await tx.select().from(cadencePolicies).where(and(eq(cadencePolicies.tenantId, ctx.tenantId), inArray(cadencePolicies.id, rows.map((r) => r.policy_id))))
      : [];
    const stored = new Map((await statusesOfContact(tx, ctx.tenantId, contactId)).map((s) => [s.policy_id, s]));
    const byId = new Map(policies.map((p) => [p.id, p]));
    return {
      contactId, asOf: asOf.toISOString(),
      policies: rows.map((r) => {
        const p = byId.get(r.policy_id)!;
        const s = stored.get(r.policy_id);
        return {
          policy: { id: p.id, name: p.name, kinds: p.kinds, minIntervalDays: p.minIntervalDays, maxIntervalDays: p.maxIntervalDays },
          status: r.status, timeZone: r.tz, lastContactAt: iso(r.last_at), recentContacts: r.recent,
          nextAllowedOn: r.next_allowed_on, dueOn: r.due_on, openTaskId: s?.task_open ? s.task_id : null,
        };
      }).sort((a, b) => a.policy.name.localeCompare(b.policy.name)),
    };
  });
}

/** Each rep's (owner's) or team's share of their book inside every policy, as the last run left it. */
export async function cadenceCompliance(ctx: Ctx, groupBy: 'rep' | 'team') {
  const scope = peopleScope(ctx.principal);
  if (!scope || !can(ctx.principal, 'read', 'report')) throw forbidden('Your role may not read cadence compliance');
  return readInTenant(ctx, async (q) => {
    const rows = await complianceRows(q, ctx.tenantId, groupBy, scope);
    const data: ComplianceRow[] = rows.map((r) => ({
      id: r.id, name: r.name, clients: r.clients, inside: r.inside, overdue: r.overdue, overContacted: r.over_contacted,
      share: r.clients ? Math.round((r.inside / r.clients) * 10_000) / 10_000 : null,
    }));
    return { groupBy, evaluatedAt: iso(await lastEvaluatedAt(q, ctx.tenantId)), data };
  });
}

/**
 * Warnings for interactions just written in tx: a client contacted again inside a policy's
 * minimum interval. Informational: the interaction is logged all the same.
 */
export async function overContactWarnings(tx: Tx, ctx: Ctx, interactionIds: readonly string[]): Promise<Map<string, CadenceWarning[]>> {
  const out = new Map<string, CadenceWarning[]>();
  if (interactionIds.length === 0) return out;
  const zones = await zoneSettings(ctx.database, tx, ctx.tenantId);
  const rows = await rowsOf<WarningRow>(tx, warningsSql(ctx.tenantId, interactionIds, zones));
  for (const r of rows) {
    const other = new Date(r.other_at).toISOString();
    const list = out.get(r.interaction_id) ?? [];
    list.push({
      code: 'over_contacted', contactId: r.contact_id, policyId: r.policy_id, policyName: r.policy_name, minIntervalDays: r.min_interval_days,
      otherContactAt: other,
      message: `Cadence policy "${r.policy_name}" asks for at least ${r.min_interval_days} days between contacts; this client was also contacted on ${r.other_on} (${r.tz})`,
    });
    out.set(r.interaction_id, list);
  }
  return out;
}
