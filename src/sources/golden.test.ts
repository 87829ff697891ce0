// Survivorship rules on their own: trusted, recent and complete, per field, and the tie-breaks.
import { describe, expect, it } from 'vitest';
import { computeGolden, defaultSurvivorship, survivorshipSettings, type SourceState } from './golden.ts';

const src = (id: string, system: string, fields: Record<string, [unknown, string]>): SourceState =>
  ({ id, system, externalId: `${system}-1`, fields: Object.fromEntries(Object.entries(fields).map(([f, [value, at]]) => [f, { value, at }])) });

const a = src('a', 'hubspot', { givenName: ['Al', '2026-01-02T00:00:00Z'], jobTitle: ['CTO', '2026-01-02T00:00:00Z'], emails: [[{ address: 'a@x.io' }], '2026-01-02T00:00:00Z'] });
const b = src('b', 'salesforce', { givenName: ['Alexander', '2026-01-01T00:00:00Z'], jobTitle: [null, '2026-01-03T00:00:00Z'], emails: [[{ address: 'a@x.io' }, { address: 'b@x.io' }], '2026-01-01T00:00:00Z'] });

describe('computeGolden', () => {
  it('by default takes the most recent claim of each field, an explicit empty one included', () => {
    const g = computeGolden([a, b], ['givenName', 'jobTitle', 'emails', 'birthDate'], defaultSurvivorship);
    expect(g.values).toEqual({ givenName: 'Al', jobTitle: null, emails: [{ address: 'a@x.io' }] });
    expect(g.lineage['givenName']).toEqual({ sourceId: 'a', system: 'hubspot', externalId: 'hubspot-1', at: '2026-01-02T00:00:00Z' });
    expect(g.lineage['jobTitle']!.system).toBe('salesforce');
    expect('birthDate' in g.values).toBe(false); // no source claims it: it takes no part
    expect(g.provides.get('a')).toEqual(['givenName', 'emails']);
    expect(g.provides.get('b')).toEqual(['jobTitle']);
  });

  it('puts trusted systems first, unlisted ones after, then recency', () => {
    const g = computeGolden([a, b], ['givenName', 'jobTitle'], { ...defaultSurvivorship, trustedSystems: ['salesforce'] });
    expect(g.values).toEqual({ givenName: 'Alexander', jobTitle: null });
    const c = src('c', 'erp', { givenName: ['Sandy', '2026-01-05T00:00:00Z'] });
    expect(computeGolden([a, c], ['givenName'], { ...defaultSurvivorship, trustedSystems: ['salesforce'] }).values['givenName']).toBe('Sandy');
  });

  it('takes the most complete value (longest text, most items, a value over none) where configured, per field', () => {
    const settings = survivorshipSettings.parse({ trustedSystems: [], rules: ['recent'], fieldRules: { givenName: ['complete'], jobTitle: ['complete'], emails: ['complete'] } });
    const g = computeGolden([a, b], ['givenName', 'jobTitle', 'emails'], settings);
    expect(g.values).toEqual({ givenName: 'Alexander', jobTitle: 'CTO', emails: [{ address: 'a@x.io' }, { address: 'b@x.io' }] });
    expect(g.lineage['jobTitle']!.system).toBe('hubspot');
  });

  it('refuses settings naming a criterion or a system twice, or an unknown field', () => {
    expect(survivorshipSettings.safeParse({ trustedSystems: ['a', 'a'], rules: ['recent'], fieldRules: {} }).success).toBe(false);
    expect(survivorshipSettings.safeParse({ trustedSystems: [], rules: ['recent', 'recent'], fieldRules: {} }).success).toBe(false);
    expect(survivorshipSettings.safeParse({ trustedSystems: [], rules: ['recent'], fieldRules: { ownerId: ['recent'] } }).success).toBe(false);
  });
});
