// When PGlite's backend exits (here: COPY FROM STDIN with no data, which PGlite answers with
// exit(1)), the process must stop with a message, not spin forever (see stopOnBackendExit).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('embedded PGlite backend exit', () => {
  it('exits the process with status 70 and names the cause instead of hanging', () => {
    const script = `
      import { createDb } from './src/db/client.ts';
      const database = await createDb({});
      await database.query('create table t (a int)');
      await database.db.$client.exec('copy t from stdin');
      console.log('still running');
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(run.signal).toBeNull(); // not killed by the timeout: it did not hang
    expect(run.status).toBe(70);
    expect(run.stderr).toContain('the embedded PostgreSQL (PGlite) backend stopped (ExitStatus');
    expect(run.stdout).not.toContain('still running');
  }, 120_000);
});
