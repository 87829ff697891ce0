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
  const body = canonicalJson({ ...e, at: new Date(e.at).toISOString() });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
