// Starts one real server for every browser suite of the run (see browser.ts) in a child process
// (serve.ts), and stops it after. A server that stops answering then fails the tests that wait on
// it instead of stalling Vitest itself.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { root } from '../../scripts/build.mjs';
import { CHROMIUM } from './browser.ts';

export async function setup({ provide }: { provide: (key: 'e2eUrl', value: string) => void }) {
  if (!existsSync(CHROMIUM)) return;
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'e2e', 'serve.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error('e2e: the server did not start within 180 s')), 180_000);
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return void process.stdout.write(`${line}\n`);
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`e2e: the server exited with ${code} before it listened`));
    });
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`e2e: the server process exited early (${signal ?? `status ${code}`}); the suites after this fail`);
  });
  console.log(`e2e: server at ${url} (pid ${child.pid}, started in ${Date.now() - started} ms)`);
  provide('e2eUrl', url);
  return async () => {
    stopping = true;
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
}
