// The timeline query: one UNION ALL over interactions, notes, tasks, deals and the record's own audit
// entries, newest first, cut by a keyset on (at, type, sort key). Each branch applies the cursor and
// its own ORDER BY/LIMIT so it reads at most one page from its index; the outer query merges them.
import { rowsOf } from '../db/sql.ts';
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import type { Ctx } from '../platform/context.ts';
import { visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { auditLog } from '../platform/audit/tables.ts';
import { interactionParticipants, interactions } from '../interactions/tables.ts';
import { notes } from '../notes/tables.ts';
import { tasks } from '../tasks/tables.ts';
import { taskVisibilitySql } from '../tasks/data.ts';
import { deals } from '../deals/tables.ts';

export const itemTypes = ['interaction', 'note', 'task', 'deal', 'change'] as const;
export type ItemType = (typeof itemTypes)[number];

export interface TimelineSubject {
  resource: 'contact' | 'company';
  id: string;
}

/** Where the timeline continues: strictly older than this (at, type, key). */
export interface TimelineCursor {
  at: string;
  type: ItemType;
  key: string;
}

export interface TimelineRow {
  type: ItemType;
  id: string;
  /** The sort key within a type: the id, or the zero-padded audit seq so it sorts as a number. */
  sort_key: string;
  /** `at` as UTC text with microseconds, so the cursor is exact whatever precision was stored. */
  at_key: string;
  data: Record<string, unknown>;
}

const atKey = (at: SQL) => sql`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface Branch {
  type: ItemType;
  id: SQL;
  sortKey: SQL;
  at: SQL;
  data: SQL;
  from: SQL;
  where: SQL;
}

function branches(ctx: Ctx, subject: TimelineSubject): Branch[] {
  const t = ctx.tenantId;
  const out: Branch[] = [];
  const interactionVisibility = visibilityOf(ctx.principal, 'interaction');
  if (interactionVisibility) {
    const about = subject.resource === 'contact'
      ? sql`${interactions.id} in (select p.interaction_id from ${interactionParticipants} p where p.tenant_id = ${t}::uuid and p.contact_id = ${subject.id}::uuid)`
      : sql`${interactions.companyId} = ${subject.id}::uuid`;
    out.push({
      type: 'interaction', id: sql`${interactions.id}::text`, sortKey: sql`${interactions.id}::text`, at: sql`${interactions.occurredAt}`,
      data: sql`json_build_object('kind', ${interactions.kind}, 'direction', ${interactions.direction}, 'subject', ${interactions.subject},
        'durationMinutes', ${interactions.durationMinutes}, 'outcomeCode', ${interactions.outcomeCode}, 'outcomeText', ${interactions.outcomeText},
        'companyId', ${interactions.companyId}, 'ownerId', ${interactions.ownerId})`,
      from: sql`${interactions}`,
      where: sql`${interactions.tenantId} = ${t}::uuid and ${about} and ${visibilitySql(interactionVisibility, interactions, 'interaction') ?? sql`true`}`,
    });
  }
  const noteVisibility = visibilityOf(ctx.principal, 'note');
  if (noteVisibility) {
    const about = subject.resource === 'contact' ? notes.contactId : notes.companyId;
    out.push({
      type: 'note', id: sql`${notes.id}::text`, sortKey: sql`${notes.id}::text`, at: sql`${notes.createdAt}`,
      data: sql`json_build_object('body', ${notes.body}, 'contactId', ${notes.contactId}, 'companyId', ${notes.companyId}, 'ownerId', ${notes.ownerId})`,
      from: sql`${notes}`,
      where: sql`${notes.tenantId} = ${t}::uuid and ${about} = ${subject.id}::uuid and ${visibilitySql(noteVisibility, notes, 'note') ?? sql`true`}`,
    });
  }
  const about = subject.resource === 'contact' ? tasks.contactId : tasks.companyId;
  // A task sits on the timeline when it was done, or else when it was created.
  out.push({
    type: 'task', id: sql`${tasks.id}::text`, sortKey: sql`${tasks.id}::text`, at: sql`coalesce(${tasks.completedAt}, ${tasks.createdAt})`,
    data: sql`json_build_object('title', ${tasks.title}, 'status', ${tasks.status}, 'dueAt', ${tasks.dueAt}, 'completedAt', ${tasks.completedAt},
      'assigneeId', ${tasks.assigneeId}, 'ownerId', ${tasks.ownerId})`,
    from: sql`${tasks}`,
    where: sql`${tasks.tenantId} = ${t}::uuid and ${about} = ${subject.id}::uuid and ${taskVisibilitySql(ctx) ?? sql`true`}`,
  });
  const dealVisibility = visibilityOf(ctx.principal, 'deal');
  if (dealVisibility) {
    const aboutDeal = subject.resource === 'contact' ? deals.contactId : deals.companyId;
    // A deal sits on the timeline when it was won or lost, or else when it was opened.
    out.push({
      type: 'deal', id: sql`${deals.id}::text`, sortKey: sql`${deals.id}::text`, at: sql`coalesce(${deals.closedAt}, ${deals.createdAt})`,
      data: sql`json_build_object('name', ${deals.name}, 'stage', ${deals.stage}, 'amount', ${deals.amount}, 'currency', ${deals.currency},
        'expectedCloseOn', ${deals.expectedCloseOn}, 'closedAt', ${deals.closedAt}, 'ownerId', ${deals.ownerId})`,
      from: sql`${deals}`,
      where: sql`${deals.tenantId} = ${t}::uuid and ${aboutDeal} = ${subject.id}::uuid and ${visibilitySql(dealVisibility, deals, 'deal') ?? sql`true`}`,
    });
  }
  out.push({
    type: 'change', id: sql`${auditLog.seq}::text`, sortKey: sql`lpad(${auditLog.seq}::text, 20, '0')`, at: sql`${auditLog.at}`,
    data: sql`json_build_object('action', ${auditLog.action}, 'actorId', ${auditLog.actorId}, 'actorLabel', ${auditLog.actorLabel}, 'changes', ${auditLog.changes})`,
    from: sql`${auditLog}`,
    where: sql`${auditLog.tenantId} = ${t}::uuid and ${auditLog.entityId} = ${subject.id}::uuid and ${auditLog.entity} = ${subject.resource}
      and ${auditLog.action} <> ${subject.resource + '.deleted'}`,
  });
  return out;
}

/** One page (limit + 1 rows, to tell whether more follow) of a record's timeline. */
export async function timelineRows(tx: Tx, ctx: Ctx, subject: TimelineSubject, types: readonly ItemType[], limit: number, cursor: TimelineCursor | undefined): Promise<TimelineRow[]> {
  const selected = branches(ctx, subject).filter((b) => types.includes(b.type));
  if (selected.length === 0) return [];
  const parts = selected.map((b) => {
    // The same row comparison as the outer ORDER BY, in the byte order (collate "C") both use.
    const after = cursor
      ? sql`and (${b.at}, ${b.type}::text collate "C", ${b.sortKey} collate "C") < (${cursor.at}::timestamptz, ${cursor.type}::text collate "C", ${cursor.key}::text collate "C")`
      : sql``;
    return sql`(select ${b.type}::text as type, ${b.id} as id, ${b.sortKey} collate "C" as sort_key, ${b.at} as at, ${atKey(b.at)} as at_key, ${b.data} as data
      from ${b.from} where ${b.where} ${after}
      order by ${b.at} desc, ${b.sortKey} collate "C" desc limit ${limit + 1})`;
  });
  const query = sql`select type, id, sort_key, at_key, data from (${sql.join(parts, sql` union all `)}) items
    order by at desc, type collate "C" desc, sort_key collate "C" desc limit ${limit + 1}`;
  return rowsOf<TimelineRow>(tx, query);
}
