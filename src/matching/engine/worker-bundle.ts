// The job's worker threads, run from TypeScript sources (tsx, the tests): a worker that registered
// tsx would compile and load every module again through a loader thread of its own, about half a
// second of CPU per worker and job. Instead the worker's code is bundled once with esbuild (the
// compiler tsx itself uses) into one JavaScript file in the temporary directory, built again when
// one of its sources changes; a worker starts from it as the built package's workers start from
// the package. Without esbuild at hand the caller falls back to tsx.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What a bundle was built from: each source's path, modification time and size. */
interface Manifest {
  bundle: string;
  inputs: Array<[path: string, mtimeMs: number, size: number]>;
}

/** The part of esbuild's API used here. */
type BuildSync = (options: Record<string, unknown>) => { outputFiles: Array<{ contents: Uint8Array }>; metafile: { inputs: Record<string, unknown> } };

const unchanged = (m: Manifest) =>
  statSync(m.bundle, { throwIfNoEntry: false }) !== undefined &&
  m.inputs.every(([path, mtimeMs, size]) => {
    const s = statSync(path, { throwIfNoEntry: false });
    return s !== undefined && s.mtimeMs === mtimeMs && s.size === size;
  });

/** Writes a file whole or not at all (another process may be reading or building it too). */
function writeWhole(path: string, data: string | Uint8Array) {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, data);
  renameSync(partial, path);
}

/** A file URL of `entry` (a TypeScript module's URL) bundled with its imports, or null when it cannot be built. */
export function bundledEntry(entry: string): string | null {
  try {
    const path = fileURLToPath(entry);
    const dir = join(tmpdir(), 'rapport-workers');
    const manifestPath = join(dir, `${createHash('sha256').update(path).digest('hex').slice(0, 16)}.json`);
    try {
      const known = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      if (unchanged(known)) return pathToFileURL(known.bundle).href;
    } catch {
      // No bundle yet, or an unreadable manifest: build one.
    }
    const { buildSync } = createRequire(entry)('esbuild') as { buildSync: BuildSync };
    const base = dirname(path);
    const built = buildSync({ entryPoints: [path], absWorkingDir: base, bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, metafile: true, logLevel: 'silent' });
    const contents = built.outputFiles[0]!.contents;
    mkdirSync(dir, { recursive: true });
    const bundle = join(dir, `${createHash('sha256').update(contents).digest('hex').slice(0, 16)}.mjs`);
    writeWhole(bundle, contents);
    const inputs = Object.keys(built.metafile.inputs).map((p): Manifest['inputs'][number] => {
      const source = resolve(base, p);
      const s = statSync(source);
      return [source, s.mtimeMs, s.size];
    });
    writeWhole(manifestPath, JSON.stringify({ bundle, inputs } satisfies Manifest));
    return pathToFileURL(bundle).href;
  } catch {
    return null;
  }
}
