// /api/v1/users and /api/v1/teams: tenant members and their roles. Changes are permission changes.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listOut, problemResponses } from '../platform/openapi.ts';
import { roles } from '../platform/policy/index.ts';
import { createTeam, createUser, getUser, listTeams, listUsers, updateUser, type UserRow } from './service.ts';

const userOut = z.object({
  id: z.uuid(), email: z.string(), name: z.string(), role: z.enum(roles), active: z.boolean(),
  lastLoginAt: z.string().nullable(), createdAt: z.string(), teamIds: z.array(z.uuid()).optional(),
  managerId: z.uuid().nullable().describe('Whom this user reports to (separation of duties for outcome verification)'),
});
const present = (u: UserRow & { teamIds?: string[] }) => ({
  id: u.id, email: u.email, name: u.name, role: u.role as (typeof roles)[number], active: u.active,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null, createdAt: u.createdAt.toISOString(), managerId: u.managerId ?? null,
  ...(u.teamIds ? { teamIds: u.teamIds } : {}),
});
const tags = ['users'];
const idParams = z.object({ id: z.uuid() });

export default async function userRoutes(app: App) {
  app.get('/users', {
    schema: { tags, summary: 'Users of this tenant', querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), cursor: z.uuid().optional() }), response: { 200: listOut(userOut), ...problemResponses } },
  }, async (req) => {
    const rows = await listUsers(ctxOf(req), req.query.limit + 1, req.query.cursor);
    const data = rows.slice(0, req.query.limit).map(present);
    return { data, nextCursor: rows.length > req.query.limit ? data[data.length - 1]!.id : null };
  });

  app.post('/users', {
    schema: {
      tags, summary: 'Invite a user (admins)',
      body: z.strictObject({ email: z.email(), name: z.string().min(1).max(200), role: z.enum(roles), password: z.string().min(10).max(1024).optional(), teamIds: z.array(z.uuid()).optional(), managerId: z.uuid().nullable().optional() }),
      response: { 201: userOut, ...problemResponses },
    },
  }, async (req, reply) => reply.code(201).send(present(await createUser(ctxOf(req), req.body))));

  app.get('/users/:id', { schema: { tags, summary: 'A user', params: idParams, response: { 200: userOut, ...problemResponses } } }, async (req) => present(await getUser(ctxOf(req), req.params.id)));

  app.patch('/users/:id', {
    schema: {
      tags, summary: 'Change a user; role, active and teams are admin-only permission changes', params: idParams,
      body: z.strictObject({ name: z.string().min(1).max(200).optional(), role: z.enum(roles).optional(), active: z.boolean().optional(), password: z.string().min(10).max(1024).optional(), teamIds: z.array(z.uuid()).optional(), managerId: z.uuid().nullable().optional() }),
      response: { 200: userOut, ...problemResponses },
    },
  }, async (req) => present(await updateUser(ctxOf(req), req.params.id, req.body)));

  const teamOut = z.object({ id: z.uuid(), name: z.string() });
  app.get('/teams', { schema: { tags, summary: 'Teams', response: { 200: z.object({ data: z.array(teamOut) }) } } }, async (req) => ({
    data: (await listTeams(ctxOf(req))).map((t) => ({ id: t.id, name: t.name })),
  }));
  app.post('/teams', {
    schema: { tags, summary: 'Create a team (admins)', body: z.strictObject({ name: z.string().min(1).max(200) }), response: { 201: teamOut, ...problemResponses } },
  }, async (req, reply) => {
    const t = await createTeam(ctxOf(req), req.body.name);
    return reply.code(201).send({ id: t.id, name: t.name });
  });
}
