// Running one command: its exit code, and its errors as one line on stderr (2 for a usage error,
// 1 for anything else). Shared by the full CLI (main.ts) and `rapport match` (match-main.ts).
import { AppError } from '../platform/errors.ts';
import { CliError, UsageError, type Io } from './io.ts';

export async function runCommand(name: string, command: () => Promise<number>, io: Io): Promise<number> {
  try {
    return await command();
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`rapport ${name}: ${err.message}`);
      return 2;
    }
    if (err instanceof CliError || err instanceof AppError) {
      io.err(`rapport ${name}: ${err.message}`);
      return 1;
    }
    io.err(`rapport ${name}: ${describe(err)}`);
    return 1;
  }
}

/** One line for an unexpected error (a refused connection has no message, only a code). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const message = err.message || (err instanceof AggregateError ? err.errors.map(describe).join('; ') : '') || err.name;
  return (typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message).split('\n')[0]!;
}
