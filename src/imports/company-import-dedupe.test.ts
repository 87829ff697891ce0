// A company import queues the companies' dedupe (issue 5: only contact imports did), and that job
// finds firms the file brings in again under another spelling of their name.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../test/harness.ts';
import { createWorker } from '../platform/jobs/worker.ts';
import { matchingJobs } from '../matching/dedupe.ts';
import { createGenerator } from '../seed/generate.ts';
import { runImportJob, upload } from './test-helpers.ts';

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

forEachDatabase('company import dedupe', (h) => {
  it('queues the companies dedupe after a company import, and the job finds the re-entered firms', async () => {
    const t = await h.tenant();
    const gen = createGenerator({ seed: 'company-import', tenantId: t.id, now: Date.UTC(2026, 0, 15), owners: [{ userId: t.adminId, teamId: null }] });
    const stored = gen.companies(60).map(({ row }) => ({ name: row.name, domain: row.domain ?? null, phones: (row.phones ?? []).map((p) => ({ number: p.number, type: p.type })), addresses: row.addresses ?? [] }));
    const bulk = await t.request('POST', '/api/v1/companies/bulk', t.admin, { mode: 'atomic', items: stored });
    expect(bulk.statusCode, bulk.body).toBe(200);
    const ids = bulk.json().results.map((r: { company: { id: string } }) => r.company.id) as string[];

    // The file brings back two stored firms (name in capitals with a suffix, same domain) and a new one.
    const again = [0, 1].filter((i) => stored[i]!.domain);
    expect(again).toHaveLength(2);
    const lines = ['Account ID,Account Name,Website', ...again.map((i) => `A${i},${cell(`${stored[i]!.name.toUpperCase()} LIMITED`)},https://www.${stored[i]!.domain}/contact`), 'N1,Jacquard Looms of Lyon,jacquard-looms.example'];
    const up = await upload(t, lines.join('\n'), 'resource=companies&source=salesforce&fileName=accounts.csv');
    expect((await runImportJob(h, t, up.import.id, 'run')).result).toMatchObject({ rows: 3, created: 3 });
    const jobs = (await t.request('GET', '/api/v1/jobs', t.admin)).json().data as Array<{ id: string; kind: string; status: string; payload: Record<string, unknown> }>;
    const queued = jobs.filter((j) => j.kind === 'dedupe.companies');
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ status: 'queued', payload: { entity: 'company', trigger: 'import', importId: up.import.id } });
    expect(jobs.filter((j) => j.kind === 'dedupe.contacts')).toEqual([]);

    // A second company import while that job waits shares it.
    const more = await upload(t, 'Account ID,Account Name\nN2,Engines of Difference\n', 'resource=companies&source=salesforce');
    await runImportJob(h, t, more.import.id, 'run');
    expect((await t.request('GET', '/api/v1/jobs', t.admin)).json().data.filter((j: { kind: string }) => j.kind === 'dedupe.companies')).toHaveLength(1);

    expect(await createWorker(h.database, matchingJobs).runOnce(queued[0]!.id)).toBe(true);
    const done = (await t.request('GET', `/api/v1/jobs/${queued[0]!.id}`, t.admin)).json();
    expect(done.status, done.error).toBe('succeeded');
    expect(done.result).toMatchObject({ entity: 'company', records: 64 });
    const queue = (await t.request('GET', '/api/v1/matching/candidates?entity=company&limit=200', t.admin)).json().data as Array<{ left: { id: string; name: string }; right: { id: string; name: string } }>;
    for (const i of again) {
      const pair = queue.find((c) => c.left.id === ids[i] || c.right.id === ids[i]);
      expect(pair, `${stored[i]!.name}: ${JSON.stringify(queue.map((c) => [c.left.name, c.right.name]))}`).toBeDefined();
      expect([pair!.left.name, pair!.right.name].sort()).toEqual([`${stored[i]!.name.toUpperCase()} LIMITED`, stored[i]!.name].sort());
    }
  });
});
