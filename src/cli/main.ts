// The `rapport` command line: plain argument parsing and a thin call into the same services the
// API uses. run() returns an exit code and never exits the process, so tests call it in-process.
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../config.ts';
import { serve } from '../main.ts';
import { withDatabase } from './database.ts';
import { parse, processIo, type Io } from './io.ts';
import { runCommand } from './run.ts';
import { auditCommand, auditUsage } from './audit.ts';
import { importCommand, importUsage } from './import.ts';
import { matchCommand, matchUsage } from './match.ts';
import { seedCommand, seedUsage } from './seed.ts';
import { tenantsCommand, tenantsUsage } from './tenants.ts';
import { tokensCommand, tokensUsage } from './tokens.ts';
import { usersCommand, usersUsage } from './users.ts';

const usage = `usage:
  rapport serve [--demo]        start the server (seeds the demo tenant on a fresh embedded database, or with --demo)
  rapport migrate               apply database migrations
  ${seedUsage.padEnd(29)} load the demo tenant if it does not exist
  ${tenantsUsage}
  ${usersUsage}
  ${tokensUsage}
  ${auditUsage}
  ${importUsage}
  ${matchUsage}

Settings come from the environment: DATABASE_URL (PostgreSQL) or DATA_DIR (embedded, default ./data), HOST, PORT, LOG_LEVEL...`;

type Command = (args: string[], config: Config, io: Io) => Promise<number>;

const commands: Record<string, Command> = {
  async serve(args, config, io) {
    const { values } = parse(args, { demo: { type: 'boolean' } });
    await serve({ config, io, demo: values.demo ?? false });
    return 0;
  },
  async migrate(args, config, io) {
    parse(args, {});
    const where = await withDatabase(config, async (opened) => opened.where);
    io.out(`database is up to date (${where})`);
    return 0;
  },
  seed: seedCommand,
  tenants: tenantsCommand,
  users: usersCommand,
  tokens: tokensCommand,
  audit: auditCommand,
  import: importCommand,
  match: (args, _config, io) => matchCommand(args, io),
};

export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`rapport: unknown command ${name} (try rapport help)`);
    return 2;
  }
  return runCommand(name, () => command(args, loadConfig(io.env), io), io);
}

/** The process entry point: bin/rapport.mjs calls it from the built bundle. */
export async function main(): Promise<void> {
  process.exitCode = await run(process.argv.slice(2), processIo());
}

// Also runnable straight from source: `tsx src/cli/main.ts serve` (what `npm run dev` does).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
