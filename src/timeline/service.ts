// A contact's or company's timeline: whoever may read the record sees, newest first, the
// interactions, notes, tasks and deals about it that they may see, and the record's own changes.
import type { PgTable } from 'drizzle-orm/pg-core';
import { inTenant, type Ctx } from '../platform/context.ts';
import { invalid } from '../platform/errors.ts';
import { loadForAction, type OwnedTable } from '../platform/records.ts';
import { contacts } from '../contacts/tables.ts';
import { companies } from '../companies/tables.ts';
import { itemTypes, timelineRows, type ItemType, type TimelineCursor, type TimelineSubject } from './query.ts';
import { presentItem } from './presenter.ts';
import type { TimelineItem } from './schemas.ts';

const encodeCursor = (c: TimelineCursor) => Buffer.from(JSON.stringify([c.at, c.type, c.key])).toString('base64url');

function decodeCursor(cursor: string): TimelineCursor {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0]))
      && (itemTypes as readonly unknown[]).includes(v[1]) && typeof v[2] === 'string' && v[2].length <= 64) {
      return { at: v[0], type: v[1] as ItemType, key: v[2] };
    }
  } catch {
    // fall through to the 422 below
  }
  throw invalid('cursor', 'is not a cursor this API issued');
}

function parseTypes(types: string | undefined): ItemType[] {
  if (!types) return [...itemTypes];
  const out = types.split(',').map((t) => t.trim()).filter(Boolean);
  const bad = out.find((t) => !(itemTypes as readonly string[]).includes(t));
  if (bad) throw invalid('types', `unknown type ${bad}; use ${itemTypes.join(', ')}`);
  return out as ItemType[];
}

export async function timeline(
  ctx: Ctx, subject: TimelineSubject, q: { limit: number; cursor?: string | undefined; types?: string | undefined },
): Promise<{ data: TimelineItem[]; nextCursor: string | null }> {
  const types = parseTypes(q.types);
  const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
  const table = (subject.resource === 'contact' ? contacts : companies) as PgTable & OwnedTable;
  const rows = await inTenant(ctx, async (tx) => {
    await loadForAction(tx, ctx, subject.resource, table, subject.id, 'read');
    return timelineRows(tx, ctx, subject, types, q.limit, cursor);
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => presentItem(r, subject, ctx.principal)),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.at_key, type: last.type, key: last.sort_key }) : null,
  };
}
