// `rapport import contacts|companies|interactions FILE --source SYSTEM --tenant SLUG [--mapping m.json]
// [--time-zone ZONE] [--dry-run] [--errors out.csv] [--batch N]`: uploads the file like POST /api/v1/imports, queues its job and runs
// it in this process (progress on stderr, a summary on stdout). Row problems are not fatal (they
// go to the error report); a failed job, a bad file or a bad mapping exit non-zero.
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { once } from 'node:events';
import type { Config } from '../config.ts';
import { systemCtx } from '../platform/context.ts';
import { getJob } from '../platform/jobs/service.ts';
import { createWorker } from '../platform/jobs/worker.ts';
import { importJobs } from '../imports/jobs.ts';
import { errorReport } from '../imports/errors.ts';
import { setMapping, startImportJob, uploadImport } from '../imports/service.ts';
import { requireTenant, withDatabase } from './database.ts';
import { CliError, parse, required, UsageError, type Io } from './io.ts';

export const importUsage = 'rapport import contacts|companies|interactions FILE --source SYSTEM --tenant SLUG [--mapping m.json] [--time-zone ZONE] [--dry-run] [--errors out.csv] [--batch N]';
const resources = ['contacts', 'companies', 'interactions'] as const;

const n = (x: number) => x.toLocaleString('en-US');

export async function importCommand(args: string[], config: Config, io: Io): Promise<number> {
  const [resource, ...rest] = args;
  if (!resources.includes(resource as (typeof resources)[number])) throw new UsageError(`usage: ${importUsage}`);
  const kind = resource as (typeof resources)[number];
  const { values, positionals } = parse(rest, {
    source: { type: 'string' }, tenant: { type: 'string' }, mapping: { type: 'string' }, 'time-zone': { type: 'string' },
    'dry-run': { type: 'boolean' }, errors: { type: 'string' }, batch: { type: 'string' },
  }, 1);
  const file = required(positionals[0], 'FILE (the first argument)');
  const source = required(values.source, 'source');
  const slug = required(values.tenant, 'tenant');
  const batchRows = values.batch ? Number(values.batch) : undefined;
  if (batchRows !== undefined && !(Number.isInteger(batchRows) && batchRows >= 1 && batchRows <= 5000)) throw new UsageError('--batch must be a whole number from 1 to 5000');
  let mapping: Record<string, string> | undefined;
  if (values.mapping) {
    try {
      mapping = JSON.parse(readFileSync(values.mapping, 'utf8')) as Record<string, string>;
    } catch (err) {
      throw new CliError(`--mapping ${values.mapping}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // Interactions: dates without an offset are read in this zone (the mapping's "@timeZone").
  if (values['time-zone']) {
    if (kind !== 'interactions') throw new UsageError('--time-zone applies to interactions');
    mapping = { ...mapping, '@timeZone': values['time-zone'] };
  }
  const dry = values['dry-run'] ?? false;

  return withDatabase(config, async ({ database }) => {
    const tenant = await requireTenant(database, slug);
    const ctx = systemCtx(database, tenant.id, `rapport import (${source})`);
    const started = Date.now();
    const stream = createReadStream(file);
    await once(stream, 'open').catch((err: Error) => { throw new CliError(`${file}: ${err.message}`); });
    const uploaded = await uploadImport(ctx, { resource: kind, source, fileName: basename(file) }, stream);
    const imp = mapping ? await setMapping(ctx, uploaded.import.id, mapping, false) : uploaded.import;
    io.err(`import ${imp.id}: ${imp.format}, ${imp.encoding}${imp.delimiter ? `, delimiter ${JSON.stringify(imp.delimiter)}` : ''}, about ${n(imp.counts?.rows ?? 0)} rows`);
    if (imp.format === 'csv') {
      for (const [header, target] of Object.entries(imp.mapping)) io.err(`  ${header} -> ${target}`);
    }
    const job = await startImportJob(ctx, imp.id, dry ? 'dry' : 'run', { batchRows });
    let last = 0;
    const worker = createWorker(database, importJobs, {
      onProgress: (_job, p) => {
        if (Date.now() - last < 1000 && p.done !== p.total) return;
        last = Date.now();
        io.err(`  ${n(p.done)}${p.total ? ` / ${n(p.total)}` : ''} rows${p.rate ? `, ${n(Math.round(p.rate))} rows/s` : ''}${p.eta !== null ? `, about ${p.eta} s left` : ''}`);
      },
    });
    const stop = () => void worker.stop();
    io.signal.addEventListener('abort', stop, { once: true });
    try {
      // Another server's worker may have claimed it first: then wait for it.
      if (!(await worker.runOnce(job.id))) io.err('  another worker took the job; waiting for it');
      let final = await getJob(ctx, job.id);
      while ((final.status === 'queued' || final.status === 'running') && !io.signal.aborted) {
        await new Promise((r) => setTimeout(r, 1000));
        final = await getJob(ctx, job.id);
      }
      if (io.signal.aborted && final.status !== 'succeeded') {
        io.err(`stopped; job ${job.id} is back in the queue and resumes from its checkpoint on the next \`rapport serve\``);
        return 130;
      }
      if (final.status !== 'succeeded') throw new CliError(`the import job ${final.status}: ${final.error ?? 'no reason given'}`);
      const r = final.result as { rows: number; created: number; updated: number; unchanged: number; failed: number };
      const seconds = (Date.now() - started) / 1000;
      io.out(`${dry ? 'dry run: would import' : 'imported'} ${n(r.rows)} rows in ${seconds.toFixed(1)} s: ${n(r.created)} created, ${n(r.updated)} updated, ${n(r.unchanged)} unchanged, ${n(r.failed)} failed`);
      if (r.failed > 0) {
        if (values.errors) {
          const report = await errorReport(ctx, imp.id, dry ? 'dry' : 'run');
          const out = createWriteStream(values.errors);
          for await (const line of report.lines) if (!out.write(line)) await once(out, 'drain');
          out.end();
          await once(out, 'finish');
          io.err(`rows not imported, with reasons: ${values.errors}`);
        } else io.err(`rows not imported, with reasons: GET /api/v1/imports/${imp.id}/errors.csv${dry ? '?phase=dry' : ''} (or --errors FILE)`);
      }
      return 0;
    } finally {
      io.signal.removeEventListener('abort', stop);
    }
  });
}
