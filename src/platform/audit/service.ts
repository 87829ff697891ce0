// Appending to and verifying the per-tenant audit chain. Every create, update, delete, login and
// permission change calls appendAudit inside the transaction that made the change.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { insertUnnest, JsonText } from '../../db/sql.ts';
import { auditHeads, auditLog, type FieldChange } from './tables.ts';
import { canonicalJson, entryHash, entryHashWith, GENESIS, type ChainEntry } from './chain.ts';

export interface Actor {
  id: string | null;
  label: string;
}

export interface AuditInput {
  action: string;
  entity: string;
  entityId: string | null;
  changes?: Record<string, FieldChange>;
  /** The changes already in canonical JSON (canonicalJson(changes)), e.g. from createdChangesJson. */
  changesJson?: string;
}

/**
 * Appends entries in order; the head row lock serialises writers within one tenant. The entries'
 * changes are put in canonical form before the lock is taken, so the lock covers only the chain
 * hashing, one multi-row insert and the head update (and the rest of the caller's transaction).
 */
export async function appendAudit(tx: Tx, tenantId: string, actor: Actor, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const changesJson = inputs.map((input) => input.changesJson ?? canonicalJson(input.changes ?? {}));
  const [head] = await tx
    .select({ seq: auditHeads.seq, hash: auditHeads.hash })
    .from(auditHeads)
    .where(eq(auditHeads.tenantId, tenantId))
    .for('update');
  let seq = head?.seq ?? 0;
  let hash = head?.hash ?? GENESIS;
  const at = new Date().toISOString();
  const rows = inputs.map((input, i) => {
    seq += 1;
    const entry: ChainEntry = {
      tenantId, seq, at, actorId: actor.id, actorLabel: actor.label,
      action: input.action, entity: input.entity, entityId: input.entityId, changes: input.changes ?? {},
    };
    const prevHash = hash;
    hash = entryHashWith(prevHash, entry, changesJson[i]!);
    return { ...entry, changes: new JsonText(changesJson[i]!), prevHash, hash };
  });
  await insertUnnest(tx, auditLog, rows);
  if (head) await tx.update(auditHeads).set({ seq, hash }).where(eq(auditHeads.tenantId, tenantId));
  else await tx.insert(auditHeads).values({ tenantId, seq, hash });
}

/** True for the values JSON.stringify writes as null (so they equal a null before). */
const jsonNull = (v: unknown) => (typeof v === 'number' ? !Number.isFinite(v) : v instanceof Date ? Number.isNaN(v.getTime()) : typeof v === 'function' || typeof v === 'symbol');

/**
 * canonicalJson(diff(null, after)) for a create, written straight from the record: no change
 * objects are built (a bulk create of 1,000 contacts would make some 30,000). audit.test.ts checks
 * it against the generic form.
 */
export function createdChangesJson(after: Record<string, unknown>): string {
  const keys = Object.keys(after).sort();
  let out = '{';
  for (const k of keys) {
    const a = after[k] ?? null;
    if (a === null || jsonNull(a)) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:{"after":${canonicalJson(a)},"before":null}`;
  }
  return out + '}';
}

/** out[k] = v, also for a key named __proto__ (plain assignment would set the prototype and drop it). */
function put(out: Record<string, FieldChange>, k: string, v: FieldChange) {
  if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}

/** o[k], or null; never an inherited value (before['__proto__'] would read Object.prototype). */
const own = (o: Record<string, unknown> | null, k: string): unknown => (o && (k !== '__proto__' || Object.hasOwn(o, k)) ? o[k] ?? null : null);

/** Field-level before/after for the keys that differ. */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Record<string, FieldChange> {
  const out: Record<string, FieldChange> = {};
  if (before === null && after !== null) {
    // A create: every value that is there (the general loop below gives the same, with two
    // JSON.stringify calls per field).
    for (const k of Object.keys(after)) {
      const a = after[k] ?? null;
      if (a !== null && !jsonNull(a)) put(out, k, { before: null, after: a });
    }
    return out;
  }
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    const b = own(before, k);
    const a = own(after, k);
    if (JSON.stringify(b) !== JSON.stringify(a)) put(out, k, { before: b, after: a });
  }
  return out;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAt?: number;
  reason?: string;
}

/** Walks a tenant's chain from the start; names the first entry whose hash or link is wrong. */
export async function verifyChain(db: Queryable, tenantId: string): Promise<VerifyResult> {
  let prev = GENESIS;
  let expectSeq = 1;
  let checked = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), gt(auditLog.seq, expectSeq - 1)))
      .orderBy(asc(auditLog.seq))
      .limit(5000);
    for (const row of batch) {
      if (row.seq !== expectSeq) return { ok: false, checked, brokenAt: expectSeq, reason: `entry ${expectSeq} is missing` };
      if (row.prevHash !== prev) return { ok: false, checked, brokenAt: row.seq, reason: `entry ${row.seq} does not link to entry ${row.seq - 1}` };
      const { prevHash: _p, hash, ...entry } = row;
      if (entryHash(prev, entry as ChainEntry) !== hash) {
        return { ok: false, checked, brokenAt: row.seq, reason: `entry ${row.seq} was altered (hash mismatch)` };
      }
      prev = hash;
      expectSeq += 1;
      checked += 1;
    }
    if (batch.length < 5000) break;
  }
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.tenantId, tenantId));
  const headSeq = head?.seq ?? 0;
  if (headSeq !== checked || (head && head.hash !== prev)) {
    return { ok: false, checked, brokenAt: checked + 1, reason: `chain ends at ${checked} but its head says ${headSeq}: entries were removed` };
  }
  return { ok: true, checked };
}

export async function fieldHistory(tx: Tx, tenantId: string, entityId: string, limit: number, beforeSeq?: number) {
  return tx
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.entityId, entityId), beforeSeq ? sql`${auditLog.seq} < ${beforeSeq}` : undefined))
    .orderBy(sql`${auditLog.seq} desc`)
    .limit(limit);
}
