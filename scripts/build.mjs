// Bundles the server and CLI (src/cli/main.ts) into dist/rapport.mjs. Dependencies stay in
// node_modules; only our own TypeScript is compiled. Writes to a temporary file and renames it, so
// two processes building at once never import a half-written bundle.
import { renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const outfile = join(root, 'dist', 'rapport.mjs');

export async function build() {
  const esbuild = await import('esbuild');
  const tmp = `${outfile}.${process.pid}.tmp`;
  await esbuild.build({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  renameSync(`${tmp}.map`, `${outfile}.map`);
  renameSync(tmp, outfile);
  return outfile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  await build();
  console.log(`built ${outfile} in ${Date.now() - started} ms`);
}
