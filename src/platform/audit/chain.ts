// The hash chain, as pure functions: the same code computes a hash on append and on verify.
import { createHash } from 'node:crypto';
import type { FieldChange } from './tables.ts';

export const GENESIS = 'genesis';

export interface ChainEntry {
  tenantId: string;
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entity: string;
  entityId: string | null;
  changes: Record<string, FieldChange>;
}

/** JSON with object keys sorted at every depth, so jsonb's own key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  // Hot on bulk writes (one call tree per audit entry): plain loops, no intermediate arrays.
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return out + ']';
  }
  if (value instanceof Date) return JSON.stringify(value);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v);
    first = false;
  }
  return out + '}';
}

export function entryHash(prevHash: string, e: ChainEntry): string {
  return entryHashWith(prevHash, e, canonicalJson(e.changes));
}

/**
 * entryHash with the entry's changes already in canonical form (`changesJson`), so a bulk append
 * can serialise its entries' changes once, before it takes the chain's lock, and reuse the text
 * for the insert. The body is canonicalJson of the entry written out: the ChainEntry keys in
 * sorted order (chain.test.ts checks it against the generic form).
 */
export function entryHashWith(prevHash: string, e: ChainEntry, changesJson: string): string {
  const body = `{"action":${JSON.stringify(e.action)},"actorId":${canonicalJson(e.actorId)},"actorLabel":${JSON.stringify(e.actorLabel)},`
    + `"at":${JSON.stringify(new Date(e.at).toISOString())},"changes":${changesJson},"entity":${JSON.stringify(e.entity)},`
    + `"entityId":${canonicalJson(e.entityId)},"seq":${canonicalJson(e.seq)},"tenantId":${JSON.stringify(e.tenantId)}}`;
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
