// Formats a run as the Markdown that goes into docs/BENCHMARKS.md: per database, each figure of
// the API beside the raw-driver limit measured in the same run.
import type { Figures } from './http-load.ts';

export interface Measured {
  kind: string;
  size: number;
  version: string;
  bulkCount: number;
  connections: number;
  seconds: number;
  api: Record<string, Figures | string | number>;
  raw: Record<string, Figures | string | number>;
}

const int = (n: number) => n.toLocaleString('en-US');

/** Milliseconds to the precision that means something under this much noise. */
const msText = (x: number) => (x >= 10 ? String(Math.round(x)) : x.toFixed(1));

function latency(f: Figures): string {
  const parts = [`p50 ${msText(f.p50)}`];
  if (f.p95 !== undefined) parts.push(`p95 ${msText(f.p95)}`);
  if (f.p97_5 !== undefined) parts.push(`p97.5 ${msText(f.p97_5)}`);
  parts.push(`p99 ${msText(f.p99)} ms`);
  return `${int(f.rps)} req/s; ${parts.join(', ')}${f.errors ? `; **${f.errors} errors**` : ''}`;
}

function cell(v: Figures | string | number | undefined): string {
  if (v === undefined) return '–';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return `${int(v)} contacts/s`;
  return latency(v);
}

function ratio(a: Figures | string | number | undefined, b: Figures | string | number | undefined): string {
  const value = (v: typeof a) => (typeof v === 'number' ? v : typeof v === 'object' ? v.rps : null);
  const x = value(a);
  const y = value(b);
  return x !== null && y ? `${Math.round((100 * x) / y)}%` : '–';
}

export function formatReport(results: Measured[], machine: string, command: string): string {
  const lines = [`Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}. Command: \`${command}\`.`, ''];
  for (const r of results) {
    const c = r.connections;
    lines.push(
      `### ${r.kind === 'pglite' ? 'PGlite (embedded)' : r.version}: ${int(r.size)} contacts`, '',
      '| measurement | Rapport API | raw limit | API / raw |',
      '|---|---|---|---|',
      `| (a) bulk create, ${int(r.bulkCount)} contacts in calls of 1,000, 4 in flight | ${cell(r.api['bulk'])} | ${cell(r.raw['bulk'])} | ${ratio(r.api['bulk'], r.raw['bulk'])} |`,
      `| (a) the same with \`Prefer: return=minimal\` (ids and versions answered, not records) | ${cell(r.api['bulkMinimal'])} | ${cell(r.raw['bulk'])} | ${ratio(r.api['bulkMinimal'], r.raw['bulk'])} |`,
      `| (b) GET /contacts/:id, autocannon, ${c} connections, ${r.seconds} s | ${cell(r.api['get'])} | ${cell(r.raw['get'])} | ${ratio(r.api['get'], r.raw['get'])} |`,
      ...(r.raw['getApiSql'] ? [`| (b) the same beside the raw driver sending the API's own statement (JSON with categories, companies, source ids) | ${cell(r.api['get'])} | ${cell(r.raw['getApiSql'])} | ${ratio(r.api['get'], r.raw['getApiSql'])} |`] : []),
      `| (c) list page of 50 at random keyset depth, admin, ${c} clients | ${cell(r.api['list'])} | ${cell(r.raw['list'])} | ${ratio(r.api['list'], r.raw['list'])} |`,
      `| (c) the same as a rep (own + team's records only) | ${cell(r.api['listRep'])} | ${cell(r.raw['listRep'])} | ${ratio(r.api['listRep'], r.raw['listRep'])} |`,
      `| (c) the same filtered on an indexed column (\`filter[ownerId][eq]\`: one rep's contacts), admin | ${cell(r.api['listOwner'])} | ${cell(r.raw['listOwner'])} | ${ratio(r.api['listOwner'], r.raw['listOwner'])} |`,
      `| (d) GET /search?q=<name with a typo>, ${c} clients | ${cell(r.api['search'])} | ${cell(r.raw['search'])} | ${ratio(r.api['search'], r.raw['search'])} |`,
      '',
    );
  }
  return lines.join('\n');
}
