// The canonical form behind every audit hash: it must equal what a reader recomputes from jsonb.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, GENESIS } from './chain.ts';

/** Reference: sort keys at every depth, then plain JSON.stringify. */
function sortedCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedCopy);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedCopy((v as Record<string, unknown>)[k])]));
  }
  return v;
}

describe('canonicalJson', () => {
  it('equals JSON.stringify with keys sorted at every depth, for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(canonicalJson(v)).toBe(JSON.stringify(sortedCopy(v)));
    }), { numRuns: 500 });
  });

  it('does not depend on key order, and survives a jsonb-like round trip', () => {
    const a = { b: 1, a: { d: [1, { z: null, y: 'x' }], c: 'é' } };
    const b = { a: { c: 'é', d: [1, { y: 'x', z: null }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(JSON.parse(JSON.stringify(a)))).toBe(canonicalJson(a));
  });

  it('leaves out undefined properties and writes dates as the ISO strings jsonb keeps', () => {
    const at = new Date('2026-12-01T10:00:00.000Z');
    expect(canonicalJson({ x: undefined, y: at })).toBe('{"y":"2026-12-01T10:00:00.000Z"}');
    const entry = { tenantId: 't', seq: 1, at: at.toISOString(), actorId: null, actorLabel: 'a', action: 'x', entity: 'contact', entityId: null, changes: { birthDate: { before: null, after: at as unknown } } };
    const stored = JSON.parse(JSON.stringify(entry));
    expect(entryHash(GENESIS, entry as never)).toBe(entryHash(GENESIS, stored));
  });
});
