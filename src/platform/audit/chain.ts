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
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function entryHash(prevHash: string, e: ChainEntry): string {
  const body = canonicalJson({ ...e, at: new Date(e.at).toISOString() });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
