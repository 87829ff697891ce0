// Starts one real server for every browser suite of the run (see browser.ts), and stops it after.
import { existsSync } from 'node:fs';
import { CHROMIUM, launchServer } from './browser.ts';

export async function setup({ provide }: { provide: (key: 'e2eUrl', value: string) => void }) {
  if (!existsSync(CHROMIUM)) return;
  const started = Date.now();
  const server = await launchServer();
  console.log(`e2e: server at ${server.url} (started in ${Date.now() - started} ms)`);
  provide('e2eUrl', server.url);
  return () => server.close();
}
