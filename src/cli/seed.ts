// `rapport seed [--demo]`: loads the demo tenant (the only seed there is) unless it exists.
import type { Config } from '../config.ts';
import { demoTenant, seedDemo } from '../seed/demo.ts';
import { withDatabase } from './database.ts';
import { parse, type Io } from './io.ts';

export const seedUsage = 'rapport seed [--demo]';

export async function seedCommand(args: string[], config: Config, io: Io): Promise<number> {
  parse(args, { demo: { type: 'boolean' } });
  const started = Date.now();
  const result = await withDatabase(config, ({ database }) => seedDemo(database));
  if (!result) {
    io.out(`tenant ${demoTenant.slug} already exists; nothing to do`);
    return 0;
  }
  const c = result.counts;
  io.out(`seeded tenant ${demoTenant.slug} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${c.users} users, ${c.teams} teams, ` +
    `${c.companies} companies, ${c.contacts} contacts (${c.duplicates} near-duplicates), ${c.interactions} interactions, ${c.notes} notes, ${c.tasks} tasks`);
  io.out(`sign in to "${demoTenant.slug}" as ${demoTenant.adminEmail} / ${demoTenant.password}`);
  return 0;
}
