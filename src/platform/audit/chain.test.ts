// The canonical form behind every audit hash: it must equal what a reader recomputes from jsonb.
// (Not JSON.stringify of a key-sorted copy: JavaScript objects list integer-like keys first.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { canonicalJson, entryHash, GENESIS, type ChainEntry } from './chain.ts';
import { createdChangesJson, diff } from './service.ts';

/** The first, plainly written implementation: the fast one must agree with it on every value. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(obj[k])}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('agrees with the plain implementation on any JSON value, keys sorted at every depth', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(canonicalJson(v)).toBe(reference(v));
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

  it('hashes an entry as the SHA-256 of the previous hash and the whole entry in canonical form', () => {
    // entryHash writes the entry's keys out by hand (to reuse the changes' text): it must equal the generic form.
    fc.assert(fc.property(
      fc.record({
        tenantId: fc.uuid(), seq: fc.integer({ min: 1 }), at: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
        actorId: fc.option(fc.uuid()), actorLabel: fc.string(), action: fc.string(), entity: fc.string(), entityId: fc.option(fc.uuid()),
        changes: fc.dictionary(fc.string(), fc.record({ before: fc.jsonValue(), after: fc.jsonValue() })),
      }),
      fc.string(),
      (e, prev) => {
        const entry = e as ChainEntry;
        const generic = createHash('sha256').update(prev).update('\n').update(canonicalJson(entry)).digest('hex');
        expect(entryHash(prev, entry)).toBe(generic);
      },
    ), { numRuns: 300 });
  });

  it('writes a create\'s changes straight to the canonical form of diff(null, record)', () => {
    // The bulk create path hashes and stores createdChangesJson(view) in place of canonicalJson(diff(null, view)).
    const value = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constant(Number.NaN), fc.constant(Infinity),
      fc.date({ noInvalidDate: false }), fc.constant(() => 1));
    fc.assert(fc.property(fc.dictionary(fc.string(), value), (record) => {
      expect(createdChangesJson(record)).toBe(canonicalJson(diff(null, record)));
    }), { numRuns: 500 });
    expect(createdChangesJson({ b: 'x', a: null, c: { z: 1, y: [2] } })).toBe('{"b":{"after":"x","before":null},"c":{"after":{"y":[2],"z":1},"before":null}}');
  });
});
