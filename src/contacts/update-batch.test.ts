// The batched update (one statement per table for a page of contacts, used by imports) must do
// exactly what updateContacts does row by row: the same stored records, source records and golden
// values, the same refusals, one audit entry and one event per contact, and an intact audit chain.
// Each case runs on twin contacts, one set updated each way, and the two outcomes are compared.
import { expect, it } from 'vitest';
import { forEachDatabase, type TestTenant } from '../../test/harness.ts';
import { verifyChain } from '../platform/audit/service.ts';
import { updateContacts } from './service.ts';
import { updateContactsBatch, type BatchPatch } from './update-batch.ts';

const strip = ({ id: _i, createdAt: _c, updatedAt: _u, sourceIdentifiers, enrichment, ...rest }: Record<string, unknown>, twin: string) => ({
  ...rest,
  enrichment: Object.fromEntries(Object.entries(enrichment as Record<string, { at?: string }>).map(([k, { at: _at, ...v }]) => [k, v])),
  // The twins' identifiers differ by their suffix only.
  sourceIdentifiers: (sourceIdentifiers as Array<{ system: string; externalId: string }>).map((s) => ({ ...s, externalId: s.externalId.replace(twin, '') })),
});

forEachDatabase('contacts batch update', (h) => {
  it('writes what updateContacts writes, refuses what it refuses, and audits each contact', async () => {
    const t: TestTenant = await h.tenant();
    const post = async (body: unknown) => {
      const res = await t.request('POST', '/api/v1/contacts', t.admin, body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    };
    await t.request('PUT', '/api/v1/sources/settings', t.admin, { trustedSystems: ['crm'], rules: ['trusted', 'recent'], fieldRules: {} });
    const twins = async (twin: string) => ({
      // typed in Rapport: gets Rapport's baseline claims on the first outside source
      typed: await post({ givenName: 'ada', familyName: 'Lovelace', jobTitle: 'Analyst', phones: [{ number: '+44 20 7946 0018' }] }),
      // from the trusted CRM: its title survives a later file
      trusted: await post({ givenName: 'Grace', familyName: 'Hopper', jobTitle: 'Admiral', source: { system: 'crm', externalId: `c1${twin}` } }),
      // from the file's system already
      filed: await post({ givenName: 'Alan', familyName: 'Turing', source: { system: 'file', externalId: `f1${twin}` } }),
      plain: await post({ givenName: 'Mary', familyName: 'Somerville' }),
      bad: await post({ givenName: 'Bad', familyName: 'Owner' }),
    });
    const a = await twins('a');
    const b = await twins('b');
    await post({ givenName: 'Holder', source: { system: 'file', externalId: 'held' } });
    const patches = (c: Awaited<ReturnType<typeof twins>>, twin: string): Array<{ id: string; patch: BatchPatch }> => [
      { id: c.typed.id, patch: { jobTitle: 'Countess', emails: [{ address: 'ada@example.com' }], source: { system: 'file', externalId: `f2${twin}`, payload: { row: 1 } } } },
      { id: c.trusted.id, patch: { jobTitle: 'Programmer', middleName: 'Brewster', source: { system: 'file', externalId: `f3${twin}` } } },
      { id: c.filed.id, patch: { familyName: 'TURING', tags: ['codebreaker'], source: { system: 'file', externalId: `f1${twin}` } } },
      { id: c.plain.id, patch: { lifecycleStage: 'client', tier: 'Gold' } }, // no source named, no golden field
      { id: c.bad.id, patch: { ownerId: '00000000-0000-7000-8000-000000000001' } }, // no such user: 422
    ];
    const one = await updateContacts(t.ctx, patches(a, 'a'), 'perRow');
    const many = await updateContactsBatch(t.ctx, patches(b, 'b'));
    expect(many.map((r) => r.status)).toEqual(one.map((r) => r.status));
    expect(many.map((r) => r.status)).toEqual([200, 200, 200, 200, 422]);
    expect(many[4]!.errors).toEqual(one[4]!.errors);
    for (const [k, r] of many.entries()) {
      if (!r.record) continue;
      expect(strip(r.record as unknown as Record<string, unknown>, 'b')).toEqual(strip(one[k]!.record as unknown as Record<string, unknown>, 'a'));
      // What it answers is what a later read answers.
      expect((await t.request('GET', `/api/v1/contacts/${r.record.id}`, t.admin)).json()).toEqual(r.record);
    }
    expect(many[1]!.record).toMatchObject({ jobTitle: 'Admiral', middleName: 'Brewster' }); // the trusted CRM's title stays
    expect(many[0]!.record).toMatchObject({ jobTitle: 'Countess', givenName: 'Ada' });

    // Source records and lineage: the same claims, providers and payloads.
    const lineage = async (id: string, twin: string) => {
      const l = (await t.request('GET', `/api/v1/contacts/${id}/lineage`, t.admin)).json() as { sources: Array<Record<string, unknown>>; fields: Record<string, Record<string, unknown>> };
      const bare = (s: Record<string, unknown>) => ({
        system: s['system'], externalId: s['system'] === 'rapport' ? 'self' : String(s['externalId']).replace(twin, ''), provides: s['provides'],
        payload: JSON.parse(JSON.stringify(s['payload'] ?? null).replace(/"([cf][0-9])[ab]"/g, '"$1"')),
        fields: Object.fromEntries(Object.entries(s['fields'] as Record<string, { value: unknown }>).map(([f, c]) => [f, c.value])),
      });
      return {
        sources: l.sources.map(bare).sort((x, y) => `${x.system}${x.externalId}`.localeCompare(`${y.system}${y.externalId}`)),
        fields: Object.fromEntries(Object.entries(l.fields).map(([f, v]) => [f, v['system']])),
      };
    };
    for (const key of ['typed', 'trusted', 'filed', 'plain'] as const) expect(await lineage(b[key].id, 'b')).toEqual(await lineage(a[key].id, 'a'));
    expect((await lineage(b.typed.id, 'b')).sources.map((s) => s.system)).toEqual(['file', 'rapport']);

    // A source identifier held by another record: 409 on that row, the others written.
    const clash = await updateContactsBatch(t.ctx, [
      { id: b.plain.id, patch: { jobTitle: 'Astronomer', source: { system: 'file', externalId: 'held' } } },
      { id: b.filed.id, patch: { jobTitle: 'Mathematician', source: { system: 'file', externalId: 'f1b' } } },
    ]);
    expect(clash.map((r) => r.status)).toEqual([409, 200]);
    expect(clash[0]!.errors![0]!.field).toBe('source.externalId');
    expect((await t.request('GET', `/api/v1/contacts/${b.plain.id}`, t.admin)).json().jobTitle).toBeNull();

    // One audit entry per contact written, and the chain holds.
    const history = (await t.request('GET', `/api/v1/contacts/${b.filed.id}/history`, t.admin)).json().data as Array<{ action: string; changes: Record<string, unknown> }>;
    expect(history.map((e) => e.action)).toEqual(['contact.updated', 'contact.updated', 'contact.created']);
    expect(Object.keys(history[1]!.changes).sort()).toEqual(['tags']); // TURING is recased to the stored Turing
    expect(await verifyChain(h.database.db, t.id)).toMatchObject({ ok: true });
  });
});
