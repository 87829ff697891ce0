#!/usr/bin/env node
// The `rapport` command. Runs dist/rapport.mjs (`rapport match`: dist/rapport-match.mjs, without the
// server's dependencies), rebuilding both first when missing or older than any file under src/ or
// drizzle/. Without a working esbuild it runs the sources through tsx. Before `serve` it also
// builds the web app (web/dist) when that is missing or older than web/src.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildWeb, matchOutfile, newest, outfile, root, webDist, webStale } from '../scripts/build.mjs';

const command = process.argv[2];
// `rapport match` runs from its own bundle, without the server's dependencies.
const bundle = command === 'match' ? matchOutfile : outfile;

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
    return import(pathToFileURL(join(root, 'src', 'cli', command === 'match' ? 'match-main.ts' : 'main.ts')).href);
  }
}

async function ensureWeb() {
  if (!existsSync(join(root, 'web', 'src')) || !webStale()) return;
  const had = existsSync(join(webDist, 'index.html'));
  process.stderr.write(`rapport: building the web app (${had ? 'web/src changed' : 'web/dist missing'}) with Vite...\n`);
  const started = Date.now();
  try {
    await buildWeb();
    process.stderr.write(`rapport: built web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (err) {
    // Serve the API (and an older web build, if any) rather than refuse to start.
    process.stderr.write(`rapport: could not build the web app (${err instanceof Error ? err.message.split('\n')[0] : err}); ${had ? 'serving the previous build' : 'serving the API only'}\n`);
  }
}

if (command === 'serve') await ensureWeb();
const cli = await load();
await cli.main();
