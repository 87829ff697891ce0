// Builds what `rapport` runs: the server and CLI (src/cli/main.ts) bundled by esbuild into
// dist/rapport.mjs (dependencies stay in node_modules; only our own TypeScript is compiled), and
// the staff web app (web/) built by Vite into web/dist. Each writes to a temporary place and
// renames, so two processes building at once never serve a half-written build.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const outfile = join(root, 'dist', 'rapport.mjs');
export const webDir = join(root, 'web');
export const webDist = join(webDir, 'dist');

/** `rapport match` alone (src/cli/match-main.ts): the engine without the server's dependencies. */
export const matchOutfile = join(root, 'dist', 'rapport-match.mjs');

export async function build() {
  const esbuild = await import('esbuild');
  // The match bundle holds its one dependency (zod) too: resolving and loading zod's modules one by
  // one took about 35 ms of every `rapport match`.
  const bundles = [[join(root, 'src', 'cli', 'main.ts'), outfile, 'external'], [join(root, 'src', 'cli', 'match-main.ts'), matchOutfile, undefined]];
  for (const [entry, out, packages] of bundles) {
    const tmp = `${out}.${process.pid}.tmp`;
    await esbuild.build({
      entryPoints: [entry],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages,
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    renameSync(`${tmp}.map`, `${out}.map`);
    renameSync(tmp, out);
  }
  return outfile;
}

/** The newest modification time of any file below dir, or of the file itself (0 when missing). */
export function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const t = statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs;
    if (t > latest) latest = t;
  }
  return latest;
}

/** web/dist is missing or older than a source of the web app. */
export function webStale() {
  const built = newest(join(webDist, 'index.html'));
  if (!built) return true;
  const sources = [join(webDir, 'src'), join(webDir, 'index.html'), join(webDir, 'vite.config.ts')];
  return sources.some((s) => newest(s) > built);
}

export async function buildWeb() {
  const vite = await import('vite');
  const tmp = join(webDir, `.dist-${process.pid}`);
  // Vite takes process.env.NODE_ENV from the environment when set: under a test runner (NODE_ENV=test)
  // that would ship React's development build, three times the size.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: join(webDir, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir: tmp, emptyOutDir: true } });
  } finally {
    if (env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = env;
  }
  // Swap the finished build in (a rename is atomic; the old one is removed after).
  const old = existsSync(webDist) ? `${webDist}-old-${process.pid}` : null;
  if (old) renameSync(webDist, old);
  renameSync(tmp, webDist);
  if (old) rmSync(old, { recursive: true, force: true });
  return webDist;
}

// `node scripts/build.mjs` builds both; `node scripts/build.mjs web` only the web app.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const only = process.argv[2];
  let started = Date.now();
  if (only !== 'web') {
    await build();
    console.log(`built ${outfile} and ${matchOutfile} in ${Date.now() - started} ms`);
  }
  started = Date.now();
  await buildWeb();
  console.log(`built ${webDist} in ${Date.now() - started} ms`);
}
