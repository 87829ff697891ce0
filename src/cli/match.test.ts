// `rapport match` run in-process through run() on the FEBRL fixtures: pairs.csv and clusters.csv
// with the documented headers, linkage and dedupe, settings from a file, usage errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './main.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/matching/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rapport-match-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { DATA_DIR: dir }, signal: new AbortController().signal });
  return { code, out, err };
}
const csvRows = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','));
const entity = (id: string) => id.match(/^rec-(\d+)-/)![1];

describe('rapport match', () => {
  it('links two files into pairs.csv and clusters.csv', async () => {
    const pairs = join(dir, 'pairs.csv');
    const clusters = join(dir, 'clusters.csv');
    const r = await cli(['match', '--input', fixture('febrl4a-300.csv'), '--input', fixture('febrl4b-300.csv'), '--id-column', 'rec_id', '--output', pairs, '--clusters', clusters, '--workers', '1']);
    expect(r.err.join('\n')).toMatch(/candidate pairs/);
    expect(r.code).toBe(0);
    const [header, ...rows] = csvRows(pairs);
    expect(header).toEqual(['id_l', 'id_r', 'match_probability']);
    const correct = rows.filter(([l, rr]) => entity(l!) === entity(rr!)).length;
    expect(correct / rows.length).toBeGreaterThanOrEqual(0.98);
    expect(correct / 300).toBeGreaterThanOrEqual(0.98);
    for (const [l, rr, p] of rows) {
      expect(l).toMatch(/-org$/);
      expect(rr).toMatch(/-dup-0$/);
      expect(Number(p)).toBeGreaterThanOrEqual(0.5);
    }
    const [cHeader, ...cRows] = csvRows(clusters);
    expect(cHeader).toEqual(['id', 'cluster_id']);
    expect(cRows).toHaveLength(600);
  });

  it('deduplicates one file with settings from a file and a threshold', async () => {
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, JSON.stringify({
      comparisons: [
        { column: 'given_name', kind: 'given_name', termFrequency: true, swapWith: 'surname' },
        { column: 'surname', kind: 'surname', termFrequency: true, swapWith: 'given_name' },
        { column: 'date_of_birth', kind: 'date' },
        { column: 'address_1', kind: 'address' },
        { column: 'postcode', kind: 'postcode' },
        { column: 'soc_sec_id', kind: 'identifier' },
      ],
      blocking: [{ keys: ['soc_sec_id'] }, { keys: ['surname:metaphone', 'date_of_birth:year'] }, { keys: ['given_name:nick', 'surname:metaphone'], unordered: true }, { keys: ['postcode', 'given_name:first1'] }],
    }));
    const pairs = join(dir, 'dedupe.csv');
    const r = await cli(['match', '--input', fixture('febrl3-subset.csv'), '--id-column', 'rec_id', '--settings', settings, '--threshold', '0.9', '--output', pairs, '--workers', '1']);
    expect(r.code).toBe(0);
    const rows = csvRows(pairs).slice(1);
    expect(rows.length).toBeGreaterThan(400);
    expect(rows.filter(([l, rr]) => entity(l!) === entity(rr!)).length / rows.length).toBeGreaterThanOrEqual(0.97);
    expect(rows.every(([, , p]) => Number(p) >= 0.9)).toBe(true);
  });

  it('takes labelled pairs', async () => {
    const labels = join(dir, 'labels.csv');
    const ids = csvRows(fixture('febrl3-subset.csv')).slice(1).map((r) => r[0]!.trim());
    const rows = ['id_l,id_r,match'];
    for (let i = 0; i + 1 < ids.length && rows.length < 60; i++) rows.push(`${ids[i]},${ids[i + 1]},${entity(ids[i]!) === entity(ids[i + 1]!) ? 1 : 0}`);
    writeFileSync(labels, rows.join('\n'));
    const pairs = join(dir, 'labelled.csv');
    const r = await cli(['match', '--input', fixture('febrl3-subset.csv'), '--id-column', 'rec_id', '--labels', labels, '--output', pairs, '--workers', '1']);
    expect(r.code).toBe(0);
    const out = csvRows(pairs).slice(1);
    expect(out.filter(([l, rr]) => entity(l!) === entity(rr!)).length / out.length).toBeGreaterThanOrEqual(0.97);
    const bad = await cli(['match', '--input', fixture('febrl3-subset.csv'), '--id-column', 'rec_id', '--labels', fixture('febrl4a-300.csv'), '--output', pairs]);
    expect(bad.code).toBe(1);
    expect(bad.err.at(-1)).toMatch(/labels need columns/);
  });

  it('answers bad usage with exit code 2 and a bad file with 1', async () => {
    expect((await cli(['match', '--id-column', 'rec_id', '--output', join(dir, 'x.csv')])).code).toBe(2);
    expect((await cli(['match', '--input', fixture('febrl3-subset.csv'), '--output', join(dir, 'x.csv')])).code).toBe(2);
    const missingColumn = await cli(['match', '--input', fixture('febrl3-subset.csv'), '--id-column', 'nope', '--output', join(dir, 'x.csv')]);
    expect(missingColumn.code).toBe(1);
    expect(missingColumn.err.at(-1)).toMatch(/no column nope/);
  });
});
