#!/usr/bin/env node
// The `rapport` command. Runs dist/rapport.mjs, rebuilding it first when it is missing or older than
// any file under src/ or drizzle/. Without a working esbuild it runs the sources through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bundle = join(root, 'dist', 'rapport.mjs');

/** The newest modification time of any file below dir (0 when dir does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const t = statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs;
    if (t > latest) latest = t;
  }
  return latest;
}

function stale() {
  if (!existsSync(bundle)) return true;
  const built = statSync(bundle).mtimeMs;
  return newest(join(root, 'src')) > built || newest(join(root, 'drizzle')) > built;
}

async function load() {
  if (!stale()) return import(pathToFileURL(bundle).href);
  try {
    const { build } = await import('../scripts/build.mjs');
    await build();
    return import(pathToFileURL(bundle).href);
  } catch (err) {
    // No usable esbuild binary (e.g. installed without scripts): run the TypeScript sources instead.
    process.stderr.write(`rapport: could not build dist/rapport.mjs (${err instanceof Error ? err.message.split('\n')[0] : err}); running from src/ with tsx\n`);
    const { register } = await import('tsx/esm/api');
    register();
    return import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
  }
}

const cli = await load();
await cli.main();
