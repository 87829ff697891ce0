// Source records on every contact (and company) write, and the golden record computed from them.
// A write names its source (`source` in the body: system, external id, optional raw payload; an
// import names the file's system and the row's identifier); a write that names none is an edit
// typed in Rapport (system "rapport", keyed by the record's id). The write's values become that
// source's claims (each field with the time received), the golden record is recomputed from all of
// the record's sources by the tenant's survivorship settings (golden.ts), and the caller's service
// writes the golden values, all in the write's transaction. Read side: lineage per field.
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { insertUnnest } from '../db/sql.ts';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { uuidv7 } from '../platform/ids.ts';
import { canViewField, sensitiveFields } from '../platform/policy/index.ts';
import { survivorshipOf } from './settings.ts';
import { sourceRecords } from './tables.ts';
import { companyGoldenFields, contactGoldenFields, type Claim, type SurvivorshipSettings } from './golden.ts';
import { goldenPatches } from './golden-batch.ts';

export type Entity = 'contact' | 'company';
export const MANUAL = 'rapport';

/** What a write says about where its values come from (API: system, externalId, payload; imports add importId). */
export interface SourceClaim { system: string; externalId?: string | undefined; payload?: unknown; importId?: string | undefined }
type Identifier = { system: string; externalId: string };
type Sourced = { source?: SourceClaim | undefined; sourceIdentifiers?: Identifier[] | undefined };

type SourceRecordRow = typeof sourceRecords.$inferSelect;

export const goldenFields = (e: Entity): readonly string[] => (e === 'contact' ? contactGoldenFields : companyGoldenFields);
const ownerColumn = (e: Entity) => (e === 'contact' ? sourceRecords.contactId : sourceRecords.companyId);
export const ownerOf = (e: Entity, r: Pick<SourceRecordRow, 'contactId' | 'companyId'>) => (e === 'contact' ? r.contactId : r.companyId);
export const ownerValues = (e: Entity, id: string) => (e === 'contact' ? { contactId: id, companyId: null } : { contactId: null, companyId: id });
const sameKey = (a: Identifier, b: Identifier) => a.system === b.system && a.externalId === b.externalId;

/** A stored field in the shape a write takes (what a claim holds). */
export function storedValue(row: Record<string, unknown>, field: string): unknown {
  switch (field) {
    case 'netWorth': return row['netWorth'] === null || row['netWorth'] === undefined ? null : { amount: Number(row['netWorth']), currency: row['netWorthCurrency'] ?? 'USD' };
    case 'emails': return ((row['emails'] ?? []) as Array<{ address: string; type: string; primary: boolean }>).map((e) => ({ address: e.address, type: e.type, primary: e.primary }));
    case 'phones': return ((row['phones'] ?? []) as Array<{ number: string; type: string; primary: boolean }>).map((p) => ({ number: p.number, type: p.type, primary: p.primary }));
    default: return row[field] ?? null;
  }
}

export const isBlank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** The body as received, without the source envelope (the payload of an API write). */
function bodyOf(input: Record<string, unknown>): Record<string, unknown> {
  const { source: _s, ...rest } = input;
  return rest;
}

function claimsOf(entity: Entity, input: Record<string, unknown>, at: string): Record<string, Claim> {
  const out: Record<string, Claim> = {};
  for (const f of goldenFields(entity)) if (input[f] !== undefined) out[f] = { value: input[f], at };
  return out;
}

/**
 * A create's input with its source's identifier added to its identifiers (so the cross-index and the
 * identifier checks know it). Pure; call before the checks.
 */
export function withSourceIdentifier<T extends Sourced>(input: T): T {
  const s = input.source;
  if (!s?.externalId) return input;
  const key = { system: s.system, externalId: s.externalId };
  const list = input.sourceIdentifiers ?? [];
  return list.some((i) => sameKey(i, key)) ? input : { ...input, sourceIdentifiers: [...list, key] };
}

/**
 * The source records of records just created (one each: the create's source, or Rapport's). A create
 * has one source, so its golden record is its input: every claimed field is provided by it.
 */
export async function recordCreatedSources(tx: Tx, ctx: Ctx, entity: Entity, created: Array<{ id: string; input: Sourced & object }>): Promise<void> {
  if (created.length === 0) return;
  const now = new Date();
  const at = now.toISOString();
  // insertUnnest, not insertMany: json_populate_recordset took ~0.85 s per 1,000 contacts' records.
  await insertUnnest(tx, sourceRecords, created.map(({ id, input }) => {
    const body = input as Record<string, unknown>;
    const fields = claimsOf(entity, body, at);
    return {
      tenantId: ctx.tenantId, id: uuidv7(), ...ownerValues(entity, id),
      system: input.source?.system ?? MANUAL, externalId: input.source?.externalId ?? id,
      payload: input.source?.payload ?? bodyOf(body), fields, provides: Object.keys(fields),
      receivedAt: now, importId: input.source?.importId ?? null, writtenBy: ctx.actor.id, createdAt: now,
    };
  }));
}

/**
 * For an update of `row` (locked by the caller): stores the patch as its source's claims and answers
 * the patch to write, with the golden value of every field any source claims. A record older than
 * source records first gets its stored values as Rapport's claims, as of its last change. When the
 * patch replaces the identifiers, sources whose identifier left stop counting (their records go).
 * One record's goldenPatches (golden-batch.ts); a conflict on the source's identifier is thrown.
 * `recompute`: the patch claims nothing and the golden record is recomputed from the stored sources.
 */
export async function goldenPatch<P extends Sourced & object>(
  tx: Tx, ctx: Ctx, entity: Entity, row: Record<string, unknown> & { id: string; updatedAt: Date },
  patch: P, opts: { recompute?: boolean } = {},
): Promise<Omit<P, 'source'>> {
  const [result] = await goldenPatches(tx, ctx, entity, [{ row, patch }], opts);
  if ('error' in result!) throw result.error;
  return result!.patch;
}

export interface FieldLineage { system: string; externalId: string; at: string; receivedAt: string; importId: string | null }
export interface SourceOut {
  system: string; externalId: string; receivedAt: string; importId: string | null; writtenBy: string | null;
  fields: Record<string, Claim>; provides: string[]; payload?: unknown;
}
export interface Lineage { fields: Record<string, FieldLineage>; sources: SourceOut[]; identifiers: Identifier[]; settings: SurvivorshipSettings }

/**
 * Lineage of a record the caller may see (the caller checks visibility first): for each golden field
 * the source that gave its value and when; every source with its claims. Sensitive fields the role
 * may not read are left out of both, and raw payloads are shown only to roles that may read every
 * sensitive field (a payload carries them all).
 */
export async function lineageOf(ctx: Ctx, entity: Entity, id: string, identifiers: Identifier[]): Promise<Lineage> {
  const { records, settings } = await readInTenant(ctx, async (q) => ({
    records: await q.select().from(sourceRecords)
      .where(and(eq(sourceRecords.tenantId, ctx.tenantId), eq(ownerColumn(entity), id)))
      .orderBy(asc(sourceRecords.receivedAt), asc(sourceRecords.id)),
    settings: await survivorshipOf(q, ctx.tenantId),
  }));
  const hidden = new Set((sensitiveFields[entity] ?? []).filter((f) => !canViewField(ctx.principal, entity, f)));
  const fields: Record<string, FieldLineage> = {};
  for (const r of records) {
    for (const f of r.provides) {
      const claim = r.fields[f];
      if (!claim || hidden.has(f)) continue;
      // After a merge both records' sources may name a field until the next write: the latest claim tells.
      if (fields[f] && Date.parse(fields[f].at) >= Date.parse(claim.at)) continue;
      fields[f] = { system: r.system, externalId: r.externalId, at: claim.at, receivedAt: r.receivedAt.toISOString(), importId: r.importId };
    }
  }
  const sources = records.map((r): SourceOut => ({
    system: r.system, externalId: r.externalId, receivedAt: r.receivedAt.toISOString(), importId: r.importId, writtenBy: r.writtenBy,
    fields: Object.fromEntries(Object.entries(r.fields).filter(([f]) => !hidden.has(f))),
    provides: r.provides.filter((f) => !hidden.has(f)),
    ...(hidden.size === 0 ? { payload: r.payload } : {}),
  }));
  return { fields, sources, identifiers, settings };
}
