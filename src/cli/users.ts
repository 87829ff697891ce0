// `rapport users create`: a user of a tenant, with a role and teams (teams are created by name
// when they do not exist yet, since the CLI has no other way to make them).
import type { Config } from '../config.ts';
import { systemCtx } from '../platform/context.ts';
import { roles, type Role } from '../platform/policy/index.ts';
import { createTeam, createUser, listTeams } from '../users/service.ts';
import { requireTenant, withDatabase } from './database.ts';
import { parse, required, UsageError, type Io } from './io.ts';

export const usersUsage = `rapport users create --tenant SLUG --email EMAIL --name NAME --role ${roles.join('|')} [--password P] [--team NAME]...`;

const isRole = (r: string): r is Role => (roles as readonly string[]).includes(r);

export async function usersCommand(args: string[], config: Config, io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') throw new UsageError(`usage: ${usersUsage}`);
  const { values } = parse(rest, {
    tenant: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    password: { type: 'string' },
    team: { type: 'string', multiple: true },
  });
  const slug = required(values.tenant, 'tenant');
  const role = required(values.role, 'role');
  if (!isRole(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}`);
  const email = required(values.email, 'email');
  const name = required(values.name, 'name');
  const user = await withDatabase(config, async ({ database }) => {
    const tenant = await requireTenant(database, slug);
    const ctx = systemCtx(database, tenant.id, 'rapport-cli');
    const existing = new Map((await listTeams(ctx)).map((t) => [t.name, t.id]));
    const teamIds: string[] = [];
    for (const teamName of new Set(values.team ?? [])) {
      let id = existing.get(teamName);
      if (!id) {
        id = (await createTeam(ctx, teamName)).id;
        io.err(`created team ${teamName}`);
      }
      teamIds.push(id);
    }
    return createUser(ctx, { email, name, role, password: values.password, teamIds });
  });
  io.out(user.id);
  io.err(`created ${role} ${email} in ${slug}${values.password ? '' : ' (no password: API tokens only)'}`);
  return 0;
}
