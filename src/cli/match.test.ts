// `rapport match` run in-process through run() on the FEBRL fixtures: pairs.csv and clusters.csv
// with the documented headers, linkage and dedupe, settings from a file, usage errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './main.ts';
import { heartbeat } from './match.ts';

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
const probabilities = (path: string) => csvRows(path).slice(1).map(([l, r, p]) => [l!, r!, Number(p)] as const);
/** fake_1000's truth: record id -> cluster. */
const fake1000Truth = () => new Map(csvRows(fixture('fake_1000.csv')).slice(1).map((row) => [row[0]!, row.at(-1)!]));
/** Every pair of records that clusters.csv puts in one cluster, as "a|b" (sorted). */
function clusterPairs(path: string): Set<string> {
  const members = new Map<string, string[]>();
  for (const [id, c] of csvRows(path).slice(1)) members.set(c!, [...(members.get(c!) ?? []), id!]);
  const out = new Set<string>();
  for (const ids of members.values()) for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) out.add([ids[i]!, ids[j]!].sort().join('|'));
  return out;
}

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

  it('takes labelled pairs: labelled matches move m, so their pairs score higher', async () => {
    // Without labels: the candidate pairs' own probabilities (down to 0.1), to find true pairs the
    // model scores below 0.5.
    const base = ['match', '--input', fixture('fake_1000.csv'), '--id-column', 'unique_id', '--ignore', 'cluster', '--own-weights', '--threshold', '0.1', '--workers', '1'];
    const before = join(dir, 'unlabelled.csv');
    expect((await cli([...base, '--output', before])).code).toBe(0);
    const cluster = fake1000Truth();
    const missed = probabilities(before).filter(([l, r, p]) => cluster.get(l) === cluster.get(r) && p < 0.5).slice(0, 40);
    const wrong = probabilities(before).filter(([l, r, p]) => cluster.get(l) !== cluster.get(r) && p >= 0.5).slice(0, 20);
    expect(missed).toHaveLength(40);
    expect(wrong.length).toBeGreaterThan(5);
    const labels = join(dir, 'labels.csv');
    writeFileSync(labels, ['id_l,id_r,match', ...missed.map(([l, r]) => `${l},${r},1`), ...wrong.map(([l, r]) => `${l},${r},0`)].join('\n'));

    const after = join(dir, 'labelled.csv');
    expect((await cli([...base, '--labels', labels, '--output', after])).code).toBe(0);
    const now = new Map(probabilities(after).map(([l, r, p]) => [`${l}|${r}`, p]));
    // Every labelled match scores higher than without labels, and most now reach the threshold.
    for (const [l, r, p] of missed) expect(now.get(`${l}|${r}`), `${l}|${r}`).toBeGreaterThan(p);
    expect(missed.filter(([l, r]) => now.get(`${l}|${r}`)! >= 0.5).length).toBeGreaterThanOrEqual(20);

    const bad = await cli(['match', '--input', fixture('febrl3-subset.csv'), '--id-column', 'rec_id', '--labels', fixture('febrl4a-300.csv'), '--output', after]);
    expect(bad.code).toBe(1);
    expect(bad.err.at(-1)).toMatch(/labels need columns/);
  });

  it('--threshold sets the clustering threshold too: every pair of a cluster is in pairs.csv', async () => {
    const pairs = join(dir, 'strict.csv');
    const clusters = join(dir, 'strict-clusters.csv');
    const r = await cli(['match', '--input', fixture('fake_1000.csv'), '--id-column', 'unique_id', '--ignore', 'cluster', '--threshold', '0.99', '--output', pairs, '--clusters', clusters, '--workers', '1']);
    expect(r.code).toBe(0);
    const written = probabilities(pairs);
    expect(written.every(([, , p]) => p >= 0.99)).toBe(true);
    const inClusters = clusterPairs(clusters);
    expect(inClusters.size).toBeGreaterThan(500);
    const reported = new Set(written.map(([l, rr]) => [l, rr].sort().join('|')));
    // Clustered at 0.5 (the default), clusters held pairs below 0.99.
    expect([...inClusters].filter((p) => !reported.has(p))).toEqual([]);
  });

  it('--threshold wins over the settings document\'s threshold; without it the document\'s applies', async () => {
    const settings = join(dir, 'fake-settings.json');
    writeFileSync(settings, JSON.stringify({
      threshold: 0.7,
      comparisons: [
        { column: 'first_name', kind: 'given_name', termFrequency: true },
        { column: 'surname', kind: 'surname', termFrequency: true },
        { column: 'dob', kind: 'date' },
        { column: 'city', kind: 'city', termFrequency: true },
        { column: 'email', kind: 'email' },
      ],
      blocking: [{ keys: ['email'] }, { keys: ['surname:metaphone', 'dob:year'] }, { keys: ['first_name:nick', 'dob'] }, { keys: ['city', 'first_name:first1'] }],
    }));
    const run = async (extra: string[]) => {
      const pairs = join(dir, `fake-settings-${extra.length}.csv`);
      const clusters = join(dir, `fake-settings-clusters-${extra.length}.csv`);
      const r = await cli(['match', '--input', fixture('fake_1000.csv'), '--id-column', 'unique_id', '--settings', settings, ...extra, '--output', pairs, '--clusters', clusters, '--workers', '1']);
      expect(r.code).toBe(0);
      return { written: probabilities(pairs), inClusters: clusterPairs(clusters), err: r.err.join('\n') };
    };
    const own = await run([]);
    expect(own.err).toMatch(/at or above 0\.7 /);
    expect(Math.min(...own.written.map(([, , p]) => p))).toBeGreaterThanOrEqual(0.7);
    expect(own.written.some(([, , p]) => p < 0.99)).toBe(true);
    const strict = await run(['--threshold', '0.99']);
    expect(strict.err).toMatch(/at or above 0\.99 /);
    expect(strict.written.every(([, , p]) => p >= 0.99)).toBe(true);
    const reported = new Set(strict.written.map(([l, r]) => [l, r].sort().join('|')));
    expect([...strict.inClusters].filter((p) => !reported.has(p))).toEqual([]);
    expect(strict.inClusters.size).toBeLessThan(own.inClusters.size);
  });

  it('writes ids as 1:<id> and 2:<id> when the two inputs share ids', async () => {
    // Both FEBRL4 files renumbered 1..300 (every id in both), the truth kept in a column left out.
    const renumber = (name: string, order: (i: number) => number) => {
      const [header, ...rows] = readFileSync(fixture(name), 'utf8').trim().split('\n');
      const out = join(dir, `renumbered-${name}`);
      writeFileSync(out, [`id,truth,${header!.split(',').slice(1).join(',')}`, ...rows.map((row, i) => `${order(i) + 1},${row}`)].join('\n'));
      return out;
    };
    const a = renumber('febrl4a-300.csv', (i) => i);
    const b = renumber('febrl4b-300.csv', (i) => 299 - i);
    const pairs = join(dir, 'overlap.csv');
    const clusters = join(dir, 'overlap-clusters.csv');
    const r = await cli(['match', '--input', a, '--input', b, '--id-column', 'id', '--ignore', 'truth', '--output', pairs, '--clusters', clusters, '--workers', '1']);
    expect(r.code).toBe(0);
    expect(r.err.join('\n')).toMatch(/share ids: ids are written as 1:<id> and 2:<id>/);
    const truth = new Map<string, string>();
    for (const [file, input] of [[a, 1], [b, 2]] as const) for (const [id, rec] of csvRows(file).slice(1)) truth.set(`${input}:${id}`, entity(rec!.trim())!);
    const [header, ...rows] = csvRows(pairs);
    expect(header).toEqual(['id_l', 'id_r', 'match_probability']);
    expect(rows.length).toBeGreaterThan(250);
    for (const [l, rr] of rows) {
      expect(l).toMatch(/^1:\d+$/);
      expect(rr).toMatch(/^2:\d+$/);
    }
    expect(rows.filter(([l, rr]) => truth.get(l!) === truth.get(rr!)).length / rows.length).toBeGreaterThanOrEqual(0.98);
    const [cHeader, ...cRows] = csvRows(clusters);
    expect(cHeader).toEqual(['id', 'cluster_id']);
    expect(new Set(cRows.map(([id]) => id)).size).toBe(600);
    expect(cRows.every(([id, c]) => truth.has(id!) && truth.has(c!))).toBe(true);
    // A pair's two records share a cluster id that names one record.
    const clusterOf = new Map(cRows.map(([id, c]) => [id!, c!]));
    expect(rows.filter(([l, rr]) => clusterOf.get(l!) === clusterOf.get(rr!)).length / rows.length).toBeGreaterThanOrEqual(0.95);
  });

  it('--own-weights writes only the pairs blocking made, with their own probabilities', async () => {
    const common = ['match', '--input', fixture('fake_1000.csv'), '--id-column', 'unique_id', '--ignore', 'cluster', '--workers', '1'];
    const joined = join(dir, 'joined.csv');
    const ownPath = join(dir, 'own.csv');
    const r = await cli([...common, '--output', joined]);
    expect(r.code).toBe(0);
    const implied = Number(r.err.join('\n').match(/linked: (\d+) pairs of one cluster that blocking never made/)?.[1]);
    expect(implied).toBeGreaterThan(0);
    expect((await cli([...common, '--own-weights', '--output', ownPath])).code).toBe(0);
    const withJoins = new Map(probabilities(joined).map(([l, rr, p]) => [`${l}|${rr}`, p]));
    const own = probabilities(ownPath);
    // Own probabilities are never above the raised ones, some are below, and pairs only the
    // clusters made (or only raised to the threshold) are missing.
    expect(own.every(([l, rr, p]) => withJoins.has(`${l}|${rr}`) && p <= withJoins.get(`${l}|${rr}`)!)).toBe(true);
    expect(own.filter(([l, rr, p]) => p < withJoins.get(`${l}|${rr}`)!).length).toBeGreaterThan(10);
    expect(withJoins.size - own.length).toBeGreaterThan(0);
    expect(own.every(([, , p]) => p >= 0.5)).toBe(true);
  });

  it('says it is still working while a stage runs long, and stops when told', async () => {
    const lines: string[] = [];
    const progress = heartbeat({ out: () => {}, err: (l) => lines.push(l), env: {}, signal: new AbortController().signal }, 'read 3 records', 20);
    await new Promise((resolve) => setTimeout(resolve, 70));
    progress.say('compared 3 pairs');
    progress.stop();
    const said = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(lines[0]).toBe('read 3 records');
    expect(lines.slice(1, -1).length).toBeGreaterThanOrEqual(1);
    for (const l of lines.slice(1, -1)) expect(l).toMatch(/^ {2}\.\.\. still working, \d+ s after: read 3 records$/);
    expect(lines.at(-1)).toBe('compared 3 pairs');
    expect(lines).toHaveLength(said);
  });

  it('runs as a command from its own bundle, which loads none of the server\'s dependencies', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const pairs = join(dir, 'bin-pairs.csv');
    const run = spawnSync(process.execPath, [join(root, 'bin', 'rapport.mjs'), 'match', '--input', fixture('febrl3-subset.csv'), '--id-column', 'rec_id', '--output', pairs], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(csvRows(pairs)[0]).toEqual(['id_l', 'id_r', 'match_probability']);
    expect(csvRows(pairs).length).toBeGreaterThan(300);
    // Node's own modules only: zod (the settings' schema) is bundled in; no Fastify, Drizzle or
    // database driver.
    const imports = [...readFileSync(join(root, 'dist', 'rapport-match.mjs'), 'utf8').matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((m) => !m.startsWith('node:'))).toEqual([]);
  }, 60_000);

  it('answers bad usage with exit code 2 and a bad file with 1', async () => {
    expect((await cli(['match', '--id-column', 'rec_id', '--output', join(dir, 'x.csv')])).code).toBe(2);
    expect((await cli(['match', '--input', fixture('febrl3-subset.csv'), '--output', join(dir, 'x.csv')])).code).toBe(2);
    const missingColumn = await cli(['match', '--input', fixture('febrl3-subset.csv'), '--id-column', 'nope', '--output', join(dir, 'x.csv')]);
    expect(missingColumn.code).toBe(1);
    expect(missingColumn.err.at(-1)).toMatch(/no column nope/);
    const repeated = join(dir, 'repeated-ids.csv');
    writeFileSync(repeated, 'id,given_name,surname\n1,ada,lovelace\n2,alan,turing\n1,ada,byron\n');
    const twice = await cli(['match', '--input', repeated, '--id-column', 'id', '--output', join(dir, 'x.csv')]);
    expect(twice.code).toBe(1);
    expect(twice.err.at(-1)).toMatch(/repeated-ids\.csv: id 1 is on more than one row/);
  });
});
