// goldenPatch (service.ts) for a whole batch of updates at once, as the import writes a page: the
// same claims, identifier checks, seeded Rapport baselines, dropped sources and survivorship, but
// one query per step for the batch (identifiers, identifiers taken, source records locked, deletes,
// inserts, updates) instead of three to five per record. The records must be locked by the caller
// and distinct. A row whose source names another record's identifier gets its 409, the rest go on.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { insertUnnest, JsonText, textArray, uuidArray } from '../db/sql.ts';
import { updateUnnest } from '../db/update-unnest.ts';
import type { Ctx } from '../platform/context.ts';
import { conflict, type AppError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { sourceIdentifiers } from '../contacts/tables.ts';
import { survivorshipOf } from './settings.ts';
import { sourceRecords } from './tables.ts';
import { computeGolden, type Claim, type SourceState, type SurvivorshipSettings } from './golden.ts';
import { goldenFields, isBlank, MANUAL, ownerOf, ownerValues, storedValue, type Entity, type SourceClaim } from './service.ts';

type Identifier = { system: string; externalId: string };
type Sourced = { source?: SourceClaim | undefined; sourceIdentifiers?: Identifier[] | undefined };
type SourceRecordRow = typeof sourceRecords.$inferSelect;
export type StoredRow = Record<string, unknown> & { id: string; updatedAt: Date };
export type GoldenResult<P> = { patch: Omit<P, 'source'> } | { error: AppError };

const keyOf = (i: Identifier) => `${i.system}\u0000${i.externalId}`;
const stateOf = (r: SourceRecordRow): SourceState => ({ id: r.id, system: r.system, externalId: r.externalId, fields: r.fields });
const taken = (at: string) => conflict(`${at} already belongs to another record`, 'source.externalId');

/**
 * For each (locked) stored row and its patch: the patch to write, with the golden value of every
 * field any source claims, or the row's conflict. Same answers as goldenPatch row by row.
 * `recompute` recomputes records whose patches claim nothing (after a change of settings).
 */
export async function goldenPatches<P extends Sourced & object>(
  tx: Tx, ctx: Ctx, entity: Entity, items: ReadonlyArray<{ row: StoredRow; patch: P }>,
  opts: { settings?: SurvivorshipSettings; recompute?: boolean } = {},
): Promise<Array<GoldenResult<P>>> {
  let settings = opts.settings;
  const now = new Date();
  const at = now.toISOString();
  const fields = goldenFields(entity);
  const prepared = items.map(({ row, patch }) => {
    const { source, ...rest } = patch;
    const id = row.id;
    const key: Identifier = { system: source?.system ?? MANUAL, externalId: source?.externalId ?? id };
    const claims: Record<string, Claim> = {};
    for (const f of fields) if ((rest as Record<string, unknown>)[f] !== undefined) claims[f] = { value: (rest as Record<string, unknown>)[f], at };
    const receiving = source !== undefined || Object.keys(claims).length > 0;
    return { row, id, source, rest: rest as Omit<P, 'source'>, key, claims, receiving, identifiers: rest.sourceIdentifiers as Identifier[] | undefined, error: undefined as AppError | undefined };
  });
  // recompute: no claims, the golden record recomputed from the sources as they are (new settings).
  const active = opts.recompute ? prepared : prepared.filter((p) => p.receiving || p.rest.sourceIdentifiers);
  if (active.length === 0) return prepared.map((p) => ({ patch: p.rest }));
  const ownerColumn = entity === 'contact' ? sourceIdentifiers.contactId : sourceIdentifiers.companyId;

  // The source's identifier joins the record's identifiers unless another record has it.
  const named = active.filter((p) => p.source?.externalId);
  const needCurrent = named.filter((p) => !p.rest.sourceIdentifiers).map((p) => p.id);
  const current = new Map<string, Identifier[]>();
  if (needCurrent.length) {
    const rows = await tx.select({ owner: ownerColumn, system: sourceIdentifiers.system, externalId: sourceIdentifiers.externalId }).from(sourceIdentifiers)
      .where(and(eq(sourceIdentifiers.tenantId, ctx.tenantId), inArray(ownerColumn, needCurrent)));
    for (const r of rows) current.set(r.owner!, [...(current.get(r.owner!) ?? []), { system: r.system, externalId: r.externalId }]);
  }
  const joining = named.filter((p) => !(p.rest.sourceIdentifiers ?? current.get(p.id) ?? []).some((i) => keyOf(i) === keyOf(p.key)));
  const holders = new Map<string, string | null>();
  if (joining.length) {
    const rows = await tx.select({ system: sourceIdentifiers.system, externalId: sourceIdentifiers.externalId, contactId: sourceIdentifiers.contactId, companyId: sourceIdentifiers.companyId })
      .from(sourceIdentifiers)
      .where(and(eq(sourceIdentifiers.tenantId, ctx.tenantId), sql`(${sourceIdentifiers.system}, ${sourceIdentifiers.externalId}) in (select * from unnest(${textArray(joining.map((p) => p.key.system))}, ${textArray(joining.map((p) => p.key.externalId))}))`));
    for (const r of rows) holders.set(keyOf(r), ownerOf(entity, r));
  }
  const joiningSet = new Set(joining);
  for (const p of named) {
    if (joiningSet.has(p)) {
      const holder = holders.get(keyOf(p.key));
      if (holders.has(keyOf(p.key)) && holder !== p.id) p.error = taken(`${p.key.system} id ${p.key.externalId}`);
      else p.identifiers = [...(p.rest.sourceIdentifiers ?? current.get(p.id) ?? []), p.key];
    } else if (!p.rest.sourceIdentifiers) p.identifiers = undefined;
  }

  // Every source record of these records, and those holding the keys written to, locked in id order.
  const live = active.filter((p) => !p.error);
  const ids = live.map((p) => p.id);
  const keyed = live.filter((p) => p.receiving);
  // Two index lookups in a subquery (an OR of both would scan the table), locked in one statement.
  const ownerName = sql.raw(entity === 'contact' ? 'contact_id' : 'company_id');
  const byKeys = keyed.length
    ? sql` union all select id from source_records where tenant_id = ${ctx.tenantId} and (system, external_id) in (select * from unnest(${textArray(keyed.map((p) => p.key.system))}, ${textArray(keyed.map((p) => p.key.externalId))}))`
    : sql``;
  const records = ids.length === 0 ? [] : await tx.select().from(sourceRecords)
    .where(and(eq(sourceRecords.tenantId, ctx.tenantId), sql`${sourceRecords.id} in (select id from source_records where tenant_id = ${ctx.tenantId} and ${ownerName} = any(${uuidArray(ids)})${byKeys})`))
    .orderBy(asc(sourceRecords.id))
    .for('update');
  const byOwner = new Map<string, SourceRecordRow[]>();
  const byKey = new Map<string, SourceRecordRow>();
  for (const r of records) {
    const o = ownerOf(entity, r);
    if (o) byOwner.set(o, [...(byOwner.get(o) ?? []), r]);
    byKey.set(keyOf(r), r);
  }

  settings ??= await survivorshipOf(tx, ctx.tenantId);
  const gone: string[] = [];
  const inserts: SourceRecordRow[] = [];
  const written: SourceRecordRow[] = [];
  const providing: SourceRecordRow[] = [];
  const claimedKeys = new Set<string>();
  const out = new Map<(typeof prepared)[number], Record<string, unknown>>();
  for (const p of live) {
    const holder = byKey.get(keyOf(p.key));
    if ((holder && ownerOf(entity, holder) !== p.id) || (p.receiving && claimedKeys.has(keyOf(p.key)))) {
      p.error = taken(`${p.key.system} id ${p.key.externalId}`);
      continue;
    }
    if (p.receiving) claimedKeys.add(keyOf(p.key));
    let mine = byOwner.get(p.id) ?? [];
    if (p.identifiers) {
      const kept = new Set(p.identifiers.map(keyOf));
      const dropped = mine.filter((r) => r.system !== MANUAL && r.externalId !== p.id && !kept.has(keyOf(r)));
      if (dropped.length) {
        gone.push(...dropped.map((r) => r.id));
        mine = mine.filter((r) => !dropped.includes(r));
      }
    }
    const fresh = new Set<string>(); // ids of records this write creates
    let origin = mine.find((r) => keyOf(r) === keyOf(p.key));
    if (p.receiving && !origin && mine.length === 0) {
      // The stored values, as Rapport's, so a first outside source does not simply replace them.
      const baseline: Record<string, Claim> = {};
      for (const f of fields) {
        const v = storedValue(p.row, f);
        if (!isBlank(v)) baseline[f] = { value: v, at: p.row.updatedAt.toISOString() };
      }
      if (Object.keys(baseline).length) {
        const seeded: SourceRecordRow = {
          tenantId: ctx.tenantId, id: uuidv7(), ...ownerValues(entity, p.id), system: MANUAL, externalId: p.id,
          payload: null, fields: baseline, provides: [], receivedAt: p.row.updatedAt,
          importId: null, writtenBy: (p.row['createdBy'] as string | null | undefined) ?? null, createdAt: now,
        };
        mine = [...mine, seeded];
        fresh.add(seeded.id);
        if (p.key.system === MANUAL && p.key.externalId === p.id) origin = seeded;
      }
    }
    const received = {
      payload: p.source?.payload ?? p.rest, receivedAt: now, importId: p.source?.importId ?? null, writtenBy: ctx.actor.id,
    };
    let changed: string | undefined;
    if (p.receiving && origin) {
      const updated: SourceRecordRow = { ...origin, fields: { ...origin.fields, ...p.claims }, ...received };
      mine = mine.map((r) => (r.id === updated.id ? updated : r));
      if (!fresh.has(updated.id)) changed = updated.id;
    } else if (p.receiving) {
      origin = { tenantId: ctx.tenantId, id: uuidv7(), ...ownerValues(entity, p.id), ...p.key, ...received, fields: p.claims, provides: [], createdAt: now };
      mine = [...mine, origin];
      fresh.add(origin.id);
    }
    const golden = computeGolden(mine.map(stateOf), fields, settings);
    for (const r of mine) {
      const provides = golden.provides.get(r.id) ?? [];
      if (fresh.has(r.id)) inserts.push({ ...r, provides });
      else if (r.id === changed) written.push({ ...r, provides });
      else if (provides.join() !== r.provides.join()) providing.push({ ...r, provides });
    }
    out.set(p, { ...p.rest, ...(p.identifiers ? { sourceIdentifiers: p.identifiers } : {}), ...golden.values });
  }

  if (gone.length) await tx.delete(sourceRecords).where(and(eq(sourceRecords.tenantId, ctx.tenantId), inArray(sourceRecords.id, gone)));
  await insertUnnest(tx, sourceRecords, inserts.map((r) => ({ ...r, payload: new JsonText(JSON.stringify(r.payload ?? null)), fields: new JsonText(JSON.stringify(r.fields)) })));
  await updateUnnest(tx, sourceRecords, written.map((r) => ({ ...r, payload: new JsonText(JSON.stringify(r.payload ?? null)), fields: new JsonText(JSON.stringify(r.fields)) })),
    ['fields', 'payload', 'provides', 'receivedAt', 'importId', 'writtenBy']);
  await updateUnnest(tx, sourceRecords, providing, ['provides']);
  return prepared.map((p) => (p.error ? { error: p.error } : { patch: (out.get(p) ?? p.rest) as Omit<P, 'source'> }));
}
