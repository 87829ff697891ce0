// What a CLI command may touch of the outside world: two output streams, the environment and a
// stop signal. Tests pass their own and run commands in-process.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** Aborted when the process is asked to stop; `serve` shuts down gracefully on it. */
  signal: AbortSignal;
}

/** Bad usage: unknown command or option, missing argument. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user should read as one line, without a stack trace. Exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
}

/** The process's own streams; the first SIGINT/SIGTERM asks to stop, a second one exits at once. */
export function processIo(): Io {
  const controller = new AbortController();
  const stop = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(sig === 'SIGINT' ? 130 : 143);
    controller.abort(sig);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    env: process.env,
    signal: controller.signal,
  };
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with its errors turned into UsageError. */
export function parse<O extends Options>(args: string[], options: O, positionals = 0) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: positionals > 0, strict: true });
    if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument ${parsed.positionals[positionals]}`);
    return parsed;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) throw new UsageError(err.message);
    throw err;
  }
}

/** The value of a required option. */
export function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new UsageError(`missing --${flag}`);
  return value;
}
