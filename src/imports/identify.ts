// The first steps of writing a batch, shared by contacts and companies: each mapped row checked
// against the resource's patch schema, then split into creates and updates. A row updates the
// record its Rapport id names (when this caller can see it), else the record any of its source
// identifiers belongs to; two rows of a batch aimed at one record fail the later one.
import type { z } from 'zod';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { recordsBySource, sourceKey } from './data.ts';
import type { SourceRow } from './source.ts';

export interface Outcome {
  rowNo: number;
  entity: 'contact' | 'company' | 'interaction';
  action: 'created' | 'updated' | 'unchanged' | 'failed';
  recordId?: string | null;
  before?: Record<string, unknown> | null;
  error?: string | null;
  raw?: string[] | null;
}

const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const issues = (e: { issues: Array<{ path: PropertyKey[]; message: string }> }) => e.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
export const fieldErrors = (errors: Array<{ field: string; message: string }> | undefined) => (errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');

/** Checks a row's mapped input against the patch schema ahead of identify() (pure: no database). */
export function checkAhead(r: SourceRow, patchSchema: z.ZodType): void {
  if (!r.error && r.mapped) r.checked = { schema: patchSchema, result: patchSchema.safeParse(r.mapped.input) };
}

type Sourced = { sourceIdentifiers?: Array<{ system: string; externalId: string }> | undefined };

export async function identify<P extends Sourced, O extends { id: string }>(
  ctx: Ctx,
  entity: 'contact' | 'company',
  rows: SourceRow[],
  patchSchema: z.ZodType<P>,
  byIds: (ids: string[]) => Promise<Map<string, O>>,
  outcomes: Outcome[],
) {
  const fail = (r: SourceRow, error: string) => outcomes.push({ rowNo: r.rowNo, entity, action: 'failed', error, raw: r.raw });
  const good: Array<{ row: SourceRow; patch: P }> = [];
  for (const r of rows) {
    if (r.error || !r.mapped) { fail(r, r.error ?? 'nothing to import'); continue; }
    const parsed = r.checked?.schema === patchSchema ? r.checked.result as z.ZodSafeParseResult<P> : patchSchema.safeParse(r.mapped.input);
    if (!parsed.success) fail(r, issues(parsed.error));
    else good.push({ row: r, patch: parsed.data });
  }
  const pairs = good.flatMap((g) => g.patch.sourceIdentifiers ?? []);
  const bySource = await readInTenant(ctx, (q) => recordsBySource(q, ctx.tenantId, entity, pairs));
  const rapportIds = good.map((g) => g.row.mapped!.rapportId).filter((id): id is string => !!id && uuidLike.test(id));
  const existing = await byIds([...new Set([...rapportIds, ...bySource.values()])]);
  const claimed = new Map<string, number>();
  const creates: typeof good = [];
  const updates: Array<{ row: SourceRow; patch: P; target: O }> = [];
  for (const g of good) {
    const rid = g.row.mapped!.rapportId;
    const sourceIds = (g.patch.sourceIdentifiers ?? []).map((s) => bySource.get(sourceKey(s.system, s.externalId))).filter(Boolean) as string[];
    const targetId = rid && existing.has(rid) ? rid : sourceIds[0];
    const keys = targetId ? [targetId] : (g.patch.sourceIdentifiers ?? []).map((s) => sourceKey(s.system, s.externalId));
    const earlier = keys.map((k) => claimed.get(k)).find((n) => n !== undefined);
    if (earlier !== undefined) { fail(g.row, `the same record as row ${earlier}`); continue; }
    for (const k of keys) claimed.set(k, g.row.rowNo);
    if (!targetId) { creates.push(g); continue; }
    const target = existing.get(targetId);
    if (!target) { fail(g.row, `matches a ${entity} you may not see or change`); continue; }
    updates.push({ ...g, target });
  }
  return { creates, updates, fail };
}
