// Where the matching engine loses pairs: `npx tsx bench/match-misses.ts --only "<dataset>" [--top 12]`
// (or `--csv <file>` for a file of bench/holdout-multilingual.ts).
// Runs one labelled dataset of bench/match.ts, finds the weight threshold of the best recall at
// precision >= 0.95, then prints the model (m, u, weight per level), the false negatives (blocked
// true pairs below that threshold) and false positives (other pairs above it) grouped by their
// comparison pattern, with one waterfall per group, and how many true pairs blocking never made
// (and how many of those one cluster made through other records). `--oracle` adds what any scorer of
// these comparison levels could reach: true pairs sharing no evidence at all, or only names (and the
// city), and the best recall at the precision target of a score that knows, for every pattern of
// levels, its share of true pairs among the candidates (in-sample, so an optimistic bound).
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readCsvDataset } from '../src/matching/engine/csv.ts';
import { matchDatasets } from '../src/matching/engine/match.ts';
import { levelWeights, formatExplanation } from '../src/matching/engine/score.ts';
import type { Dataset } from '../src/matching/engine/prepare.ts';

const { values: args } = parseArgs({ options: { only: { type: 'string' }, top: { type: 'string' }, precision: { type: 'string' }, csv: { type: 'string' }, oracle: { type: 'boolean' } } });
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'datasets');
const febrlTruth = (inputs: Dataset[]) => inputs.flatMap((d) => d.ids.map((id) => /^rec-(\d+)-/.exec(id)![1]!));
const column = (name: string) => (inputs: Dataset[]) => inputs.flatMap((d) => d.columns[name]!.map((v) => String(v ?? '').replace(/'/g, '')));
const cases = [
  { name: 'febrl3', files: ['febrl3/dataset3.csv'], id: 'rec_id', truth: febrlTruth },
  { name: 'febrl4 (link)', files: ['febrl4/dataset4a.csv', 'febrl4/dataset4b.csv'], id: 'rec_id', truth: febrlTruth },
  { name: 'fake_1000', files: ['fake_1000/fake_1000.csv'], id: 'unique_id', truth: column('cluster'), exclude: ['cluster'] },
  { name: 'historical_50k', files: ['historical_50k/historical_figures_with_errors_50k.csv'], id: 'unique_id', truth: column('cluster'), exclude: ['cluster'] },
  { name: 'chicago (orgs)', files: ['dedupe_chicago_early_childhood/csv_example_input_with_true_ids.csv'], id: 'Id', truth: column('True Id'), exclude: ['True Id', 'Source'] },
  { name: 'restaurants (dedupe)', files: ['restaurant_fodors_zagat/restaurant-nophone-training.csv'], id: null, truth: column('unique_id'), exclude: ['unique_id'] },
  { name: 'restaurants (link)', files: ['restaurant_fodors_zagat/restaurant-1.csv', 'restaurant_fodors_zagat/restaurant-2.csv'], id: null, truth: column('unique_id'), exclude: ['unique_id'] },
];
// --csv: a file written by bench/holdout-multilingual.ts (record_id, cluster = truth, culture left out).
if (args.csv) cases.unshift({ name: args.csv, files: [args.csv], id: 'record_id', truth: column('cluster'), exclude: ['cluster', 'culture'] });
const c = args.csv ? cases[0]! : cases.find((x) => x.name.startsWith(args.only ?? ''))!;
const top = Number(args.top ?? 12);
const target = Number(args.precision ?? 0.95);
const inputs = c.files.map((p) => readCsvDataset(args.csv ? p : join(root, p), c.id));
const entity = c.truth(inputs);
const r = await matchDatasets(inputs, { exclude: c.exclude, workers: 2, progress: (m) => console.log(`  ${m}`) });
const F = r.table.fields.length;

// True pairs in total.
const link = r.table.split < r.table.n;
const bySide = [new Map<string, number>(), new Map<string, number>()];
entity.forEach((e, i) => bySide[link && i >= r.table.split ? 1 : 0]!.set(e, (bySide[link && i >= r.table.split ? 1 : 0]!.get(e) ?? 0) + 1));
let truePairs = 0;
for (const [e, k] of bySide[0]!) truePairs += link ? k * (bySide[1]!.get(e) ?? 0) : (k * (k - 1)) / 2;

const order = Array.from({ length: r.count }, (_, p) => p).sort((a, b) => r.weight[b]! - r.weight[a]!);
let tp = 0;
let best = 0;
let threshold = Infinity;
order.forEach((p, k) => {
  if (entity[r.left[p]!] === entity[r.right[p]!]) tp++;
  if (tp / (k + 1) >= target && tp / truePairs >= best) {
    best = tp / truePairs;
    threshold = r.weight[p]!;
  }
});
let blockedTrue = 0;
for (let p = 0; p < r.count - r.implied; p++) if (entity[r.left[p]!] === entity[r.right[p]!]) blockedTrue++;
const linkedTrue = tp - blockedTrue;
console.log(`\n${c.name}: ${r.table.n} records, ${truePairs} true pairs, ${r.count - r.implied} candidates, ${blockedTrue} true pairs blocked (blocking recall ${(blockedTrue / truePairs).toFixed(3)}); ${r.implied} pairs of one cluster blocking never made, ${linkedTrue} of them true`);
console.log(`best recall at P >= ${target}: ${best.toFixed(3)} at match weight >= ${threshold.toFixed(2)}; prior weight ${Math.log2(r.model.prior / (1 - r.model.prior)).toFixed(2)}`);

console.log('\nmodel (level: m / u / weight):');
const weights = levelWeights(r.model);
r.model.fields.forEach((fm, f) => {
  console.log(`  ${fm.column}${fm.termFrequency ? ' (tf)' : ''}: ${fm.levels.map((l, i) => (i === 0 ? '' : `${l} ${fm.m[i]!.toFixed(3)}/${fm.u[i]!.toExponential(1)}/${weights[f]![i]! >= 0 ? '+' : ''}${weights[f]![i]!.toFixed(1)}`)).filter(Boolean).join(' | ')}`);
});
for (const s of r.model.sessions ?? []) console.log(`  session ${s.rule}: ${s.pairs} pairs, ${(s.matchShare * 100).toFixed(1)}% match, left out ${s.ignored.join(', ')}`);

function groupBy(pairs: number[]) {
  const groups = new Map<string, number[]>();
  for (const p of pairs) {
    const key = Array.from(r.gamma.subarray(p * F, p * F + F)).flatMap((l, f) => (l === 0 ? [] : [`${r.table.fields[f]!.column}=${r.model.fields[f]!.levels[l]}`])).join(', ');
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
}
const show = (p: number) => {
  const a = r.left[p]!;
  const b = r.right[p]!;
  const used = r.table.fields.filter((f) => f.ids[a]! >= 0 || f.ids[b]! >= 0);
  const vals = (i: number) => used.map((f) => `${f.column}: ${f.ids[i]! < 0 ? '∅' : f.values[f.ids[i]!]!.slice(0, 60)}`).join(' | ');
  console.log(`    A ${r.table.recordIds[a]}: ${vals(a)}`);
  console.log(`    B ${r.table.recordIds[b]}: ${vals(b)}`);
  for (const line of formatExplanation(r.explain(p))) if (!/ null /.test(line)) console.log(`      ${line}`);
};
const fn: number[] = [];
const fp: number[] = [];
for (let p = 0; p < r.count; p++) {
  const same = entity[r.left[p]!] === entity[r.right[p]!];
  if (same && r.weight[p]! < threshold) fn.push(p);
  if (!same && r.weight[p]! >= threshold) fp.push(p);
}
// Per field level, how much weight the misses lost and the false positives gained.
const perLevel = (pairs: number[]) => {
  const acc = new Map<string, { n: number; w: number }>();
  for (const p of pairs) {
    const e = r.explain(p);
    for (const s of e.steps) {
      if (s.level === 'null') continue;
      const k = `${s.column}=${s.level}`;
      const v = acc.get(k) ?? { n: 0, w: 0 };
      v.n++;
      v.w += s.weight + s.termFrequencyAdjustment;
      acc.set(k, v);
    }
  }
  return [...acc.entries()].sort((a, b) => b[1].n - a[1].n).slice(0, 25).map(([k, v]) => `${k} ×${v.n} (mean ${(v.w / v.n).toFixed(1)})`).join('; ');
};
console.log(`\nFALSE NEGATIVES (made, below threshold): ${fn.length}; never made (by blocking or a cluster): ${truePairs - tp}`);
console.log(`  by level: ${perLevel(fn)}`);
for (const [key, ps] of groupBy(fn).slice(0, top)) {
  console.log(`\n  ×${ps.length}  ${key}`);
  show(ps.sort((x, y) => r.weight[y]! - r.weight[x]!)[Math.floor(ps.length / 2)]!);
}
console.log(`\nFALSE POSITIVES (above threshold): ${fp.length}`);
console.log(`  by level: ${perLevel(fp)}`);
for (const [key, ps] of groupBy(fp).slice(0, top)) {
  console.log(`\n  ×${ps.length}  ${key}`);
  show(ps[Math.floor(ps.length / 2)]!);
}

// True pairs neither blocking nor a cluster made: how they would score, grouped by pattern (a sample).
{
  const made = new Set<number>();
  for (let p = 0; p < r.count; p++) made.add(r.left[p]! * r.table.n + r.right[p]!);
  const members = new Map<string, number[]>();
  entity.forEach((e, i) => (members.get(e) ?? members.set(e, []).get(e)!).push(i));
  const missedL: number[] = [];
  const missedR: number[] = [];
  for (const list of members.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i]!, list[j]!];
        if (link && (a < r.table.split) === (b < r.table.split)) continue;
        if (!made.has(a * r.table.n + b)) {
          missedL.push(a);
          missedR.push(b);
        }
      }
    }
  }
  const { comparatorsOf } = await import('../src/matching/engine/comparisons.ts');
  const { scorePairs } = await import('../src/matching/engine/score.ts');
  const comps = comparatorsOf(r.table, r.settings);
  const S = Math.min(missedL.length, 20000);
  const step = missedL.length / Math.max(1, S);
  const left = new Int32Array(S);
  const right = new Int32Array(S);
  const gamma = new Uint8Array(S * F);
  for (let s = 0; s < S; s++) {
    const k = Math.floor(s * step);
    left[s] = missedL[k]!;
    right[s] = missedR[k]!;
    for (let f = 0; f < F; f++) gamma[s * F + f] = comps[f]!(left[s]!, right[s]!);
  }
  const w = scorePairs(r.model, r.table, gamma, left, S);
  let over = 0;
  for (let s = 0; s < S; s++) if (w[s]! >= threshold) over++;
  console.log(`\nNEVER MADE: ${missedL.length} true pairs; of a sample of ${S}, ${over} (${((100 * over) / Math.max(1, S)).toFixed(1)}%) would score above the threshold`);
  const groups = new Map<string, number[]>();
  for (let s = 0; s < S; s++) {
    const key = Array.from(gamma.subarray(s * F, s * F + F)).flatMap((l, f) => (l === 0 ? [] : [`${r.table.fields[f]!.column}=${r.model.fields[f]!.levels[l]}`])).join(', ') + (w[s]! >= threshold ? '  [above]' : '');
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(s);
  }
  const vals = (i: number) => r.table.fields.filter((f) => f.ids[i]! >= 0).map((f) => `${f.column}: ${f.values[f.ids[i]!]!.slice(0, 40)}`).join(' | ');
  for (const [k, list] of [...groups.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 25)) {
    console.log(`  ×${list.length}  ${k}`);
    const s = list[0]!;
    console.log(`      A ${vals(left[s]!)}\n      B ${vals(right[s]!)}`);
  }
}

// --oracle: how much evidence the true pairs share, and the best a function of the level pattern could do.
if (args.oracle) {
  const { comparatorsOf } = await import('../src/matching/engine/comparisons.ts');
  const comps = comparatorsOf(r.table, r.settings);
  const kinds = r.table.fields.slice(0, F).map((f) => f.kind);
  const nameKind = (k: string) => k === 'given_name' || k === 'surname' || k === 'full_name' || k === 'city';
  const elseLevel = r.model.fields.map((fm) => fm.levels.length - 1);
  // Pattern counts over the candidates blocking made (their own levels) and the true pairs it never made.
  const byPattern = new Map<string, { t: number; f: number }>();
  const add = (g: ArrayLike<number>, same: boolean) => {
    const key = Array.from(g).join(',');
    const v = byPattern.get(key) ?? byPattern.set(key, { t: 0, f: 0 }).get(key)!;
    if (same) v.t++;
    else v.f++;
  };
  let nothing = 0;
  let namesOnly = 0;
  let all = 0;
  const classify = (g: ArrayLike<number>) => {
    let strong = false;
    let any = false;
    for (let f = 0; f < F; f++) {
      if (g[f] === 0 || g[f] === elseLevel[f]) continue;
      any = true;
      if (!nameKind(kinds[f]!)) strong = true;
    }
    all++;
    if (!any) nothing++;
    else if (!strong) namesOnly++;
  };
  const made = new Set<number>();
  for (let p = 0; p < r.count - r.implied; p++) {
    made.add(r.left[p]! * r.table.n + r.right[p]!);
    const g = r.gamma.subarray(p * F, p * F + F);
    const same = entity[r.left[p]!] === entity[r.right[p]!];
    add(g, same);
    if (same) classify(g);
  }
  const members = new Map<string, number[]>();
  entity.forEach((e, i) => (members.get(e) ?? members.set(e, []).get(e)!).push(i));
  const g = new Uint8Array(F);
  for (const list of members.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i]!, list[j]!];
        if (link && (a < r.table.split) === (b < r.table.split)) continue;
        if (made.has(a * r.table.n + b)) continue;
        for (let f = 0; f < F; f++) g[f] = comps[f]!(a, b);
        add(g, true);
        classify(g);
      }
    }
  }
  const classes = [...byPattern.values()].sort((x, y) => y.t / (y.t + y.f) - x.t / (x.t + x.f));
  let t = 0;
  let n = 0;
  let bound = 0;
  for (const c of classes) {
    t += c.t;
    n += c.t + c.f;
    if (t / n >= target) bound = t / truePairs;
  }
  console.log(`\nORACLE: ${all} true pairs; ${nothing} (${((100 * nothing) / all).toFixed(1)}%) share no evidence at all, ${namesOnly} (${((100 * namesOnly) / all).toFixed(1)}%) only names and/or the city (no email, phone, date, address or postcode agreement)`);
  console.log(`  a score that knew each level pattern's share of true pairs among the candidates (${byPattern.size} patterns): recall ${bound.toFixed(3)} at P >= ${target}`);
}
