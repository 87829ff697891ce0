// Starts the server: reads config, opens and migrates the database, seeds the demo tenant on a
// fresh embedded install (or when asked), listens, and shuts down cleanly when told to stop.
// The only place that listens on a port; `rapport serve` calls it.
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openDatabase } from './cli/database.ts';
import type { Io } from './cli/io.ts';
import { demoTenant, seedDemo } from './seed/demo.ts';
import { createWorker } from './platform/jobs/worker.ts';
import { importJobs } from './imports/jobs.ts';
import { matchingJobs } from './matching/dedupe.ts';
import { keyJobs } from './matching/blocking-keys-job.ts';
import { ruleJobs } from './rules/jobs.ts';
import { qualityJobs } from './quality/recompute.ts';
import { sourceJobs } from './sources/recompute.ts';
import { outcomeJobs } from './outcomes/jobs.ts';
import { cadenceJobs } from './cadence/jobs.ts';

export interface ServeOptions {
  config: Config;
  io: Io;
  /** Seed the demo tenant (if missing) even when the database is not new. */
  demo?: boolean;
}

/** Serves until io.signal aborts; resolves once the app and the database are closed. */
export async function serve({ config, io, demo = false }: ServeOptions): Promise<void> {
  const { database, fresh, where } = await openDatabase(config);
  try {
    if (fresh || demo) {
      const seeded = await seedDemo(database);
      if (seeded) io.err(`rapport: seeded the demo tenant: sign in to "${demoTenant.slug}" as ${demoTenant.adminEmail} / ${demoTenant.password}`);
    }
  } catch (err) {
    await database.close();
    throw err;
  }
  const app = await buildApp({ database, config, logger: true });
  try {
    const address = await app.listen({ host: config.HOST, port: config.PORT });
    io.err(`rapport: listening on ${address} (${where})`);
  } catch (err) {
    await app.close();
    await database.close();
    throw err;
  }
  // Background jobs (imports, ...) run in this process too; every server runs a worker, which also
  // queues the tenants' scheduled runs (nightly cadence evaluation and pledge lapse, ...).
  const worker = createWorker(database, { ...importJobs, ...ruleJobs, ...matchingJobs, ...keyJobs, ...qualityJobs, ...sourceJobs, ...outcomeJobs, ...cadenceJobs }, { schedules: true });
  worker.start();
  await new Promise<void>((stopped) => {
    if (io.signal.aborted) stopped();
    else io.signal.addEventListener('abort', () => stopped(), { once: true });
  });
  io.err('rapport: shutting down');
  // Stop taking requests and finish those in flight before the database goes away; a running job
  // finishes its batch and goes back to the queue for the next server.
  await worker.stop();
  await app.close();
  await database.close();
}
