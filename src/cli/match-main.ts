// `rapport match` on its own: the matching engine and its command, without the server's
// dependencies (Fastify, Drizzle, the database drivers), which take most of a second to load.
// bin/rapport.mjs runs this bundle (dist/rapport-match.mjs) for `rapport match`.
import { processIo } from './io.ts';
import { matchCommand } from './match.ts';
import { runCommand } from './run.ts';

export async function main(): Promise<void> {
  const io = processIo();
  process.exitCode = await runCommand('match', () => matchCommand(process.argv.slice(3), io), io);
}
