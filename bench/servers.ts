// Starts the servers under test as child processes, so the load generator in this process does not
// share an event loop with them: the real `rapport serve` (the built bundle) and the raw server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/db/migrate.ts';
import { request } from './http-load.ts';
import type { Target } from './load-data.ts';

export interface Running {
  base: string;
  stop(): Promise<void>;
}

function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'LOG_LEVEL']) delete env[k];
  return env;
}

async function started(child: ChildProcess, base: string, healthPath: string, label: string): Promise<Running> {
  let exited = false;
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => { stderr = (stderr + c.toString()).slice(-4000); });
  child.on('exit', () => { exited = true; });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited) throw new Error(`${label} exited during start-up:\n${stderr}`);
    try {
      if ((await request(base, 'GET', healthPath, {})).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${label} did not become healthy:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    // A server whose event loop is stuck (PGlite runs queries synchronously) never handles
    // SIGTERM: give it ten seconds, then kill it.
    stop: () => new Promise<void>((resolve) => {
      if (exited) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    }),
  };
}

export interface ApiOptions {
  /** Another checkout to serve from (an A/B run against an older commit); default this tree. */
  root?: string | undefined;
  /** Extra node flags, e.g. --cpu-prof --cpu-prof-dir=DIR. */
  nodeArgs?: string[] | undefined;
  /** Name of the server's log under .bench-data/ (default api-<db>.log). */
  logName?: string | undefined;
}

/** `node bin/rapport.mjs serve` on the target database, request logging off. */
export function startApi(target: Target, port: number, options: ApiOptions = {}): Promise<Running> {
  const root = options.root ?? packageRoot();
  const env = {
    ...baseEnv(), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '10',
    ...(target.url ? { DATABASE_URL: target.url } : { DATA_DIR: target.dataDir! }),
  };
  // The server's own log (warnings and errors only) is kept for when a figure looks wrong.
  mkdirSync(join(packageRoot(), '.bench-data'), { recursive: true });
  const logFile = openSync(join(packageRoot(), '.bench-data', options.logName ?? `api-${target.kind}.log`), 'w');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(root, 'bin', 'rapport.mjs'), 'serve'], { env, cwd: root, stdio: ['ignore', logFile, 'pipe'] });
  return started(child, `http://127.0.0.1:${port}`, '/api/health', 'rapport serve');
}

export interface RawOptions {
  tenantId: string;
  repToken: string;
  repUserId: string;
  repTeamIds: string[];
  /** GET by id sends the API's own statement (PostgreSQL only): the limit for the same query. */
  apiSql?: boolean;
}

export function startRaw(target: Target, port: number, o: RawOptions): Promise<Running> {
  const args = [
    '--import', 'tsx', join(packageRoot(), 'bench', 'raw-server.ts'), '--port', String(port), '--tenant', o.tenantId,
    '--rep-token', o.repToken, '--rep-user', o.repUserId, '--rep-teams', o.repTeamIds.join(','),
    ...(target.url ? ['--url', target.url] : ['--pgdata', join(target.dataDir!, 'pgdata')]),
    ...(o.apiSql ? ['--api-sql'] : []),
  ];
  const child = spawn(process.execPath, args, { env: baseEnv(), cwd: packageRoot(), stdio: ['ignore', 'ignore', 'pipe'] });
  return started(child, `http://127.0.0.1:${port}`, '/health', 'raw server');
}
