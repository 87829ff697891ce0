// /api/v1/auth: login (rate-limited), logout, who am I, sessions and API tokens.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../http.ts';
import { ctxOf, SESSION_COOKIE } from '../http.ts';
import { inTenant } from '../context.ts';
import { notFound, unauthorized } from '../errors.ts';
import { appendAudit } from '../audit/service.ts';
import { createApiToken, forgetAuth, login, revokeSession } from './service.ts';
import { apiTokens } from './tables.ts';
import { roles } from '../policy/index.ts';

const userOut = z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: z.enum(roles) });

export default async function authRoutes(app: App) {
  app.post('/auth/login', {
    config: {
      public: true,
      rateLimit: {
        max: app.config.LOGIN_RATE_LIMIT,
        timeWindow: '1 minute',
        hook: 'preHandler',
        // Per address and account, so one noisy client cannot lock everyone out.
        keyGenerator: (req) => `${req.ip}|${JSON.stringify([(req.body as { tenant?: string })?.tenant, (req.body as { email?: string })?.email])}`,
      },
    },
    schema: {
      tags: ['auth'],
      summary: 'Sign in; answers a bearer token and sets a session cookie',
      security: [],
      body: z.object({ tenant: z.string().min(1).max(63), email: z.string().min(3).max(320), password: z.string().min(1).max(1024) }),
      response: { 200: z.object({ token: z.string(), csrfToken: z.string(), expiresAt: z.string(), user: userOut }) },
    },
  }, async (req, reply) => {
    const result = await login(app.database, { ...req.body, userAgent: req.headers['user-agent'], ip: req.ip }, app.config.SESSION_TTL_HOURS);
    reply.setCookie(SESSION_COOKIE, result.token, {
      httpOnly: true, sameSite: 'lax', secure: app.config.COOKIE_SECURE, path: '/', expires: result.expiresAt,
    });
    return { token: result.token, csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString(), user: result.auth.user };
  });

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'End this session', response: { 204: z.null() } } }, async (req, reply) => {
    const auth = req.auth!;
    if (auth.sessionId) await revokeSession(app.database, auth, auth.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/auth/session', {
    schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: z.object({ user: userOut, tenantId: z.uuid(), teamIds: z.array(z.uuid()), csrfToken: z.string().nullable() }) } },
  }, async (req) => {
    const auth = req.auth;
    if (!auth) throw unauthorized();
    return { user: auth.user, tenantId: auth.tenantId, teamIds: [...auth.principal.teamIds], csrfToken: auth.csrfToken };
  });

  app.delete('/auth/sessions/:id', {
    schema: { tags: ['auth'], summary: 'Revoke a session (own, or any for admins)', params: z.object({ id: z.uuid() }), response: { 204: z.null() } },
  }, async (req, reply) => {
    await revokeSession(app.database, req.auth!, req.params.id);
    return reply.code(204).send(null);
  });

  const tokenOut = z.object({ id: z.uuid(), name: z.string(), createdAt: z.string(), expiresAt: z.string().nullable(), lastUsedAt: z.string().nullable() });

  app.post('/auth/tokens', {
    schema: {
      tags: ['auth'], summary: 'Create an API token acting as the signed-in user; the token is shown once',
      body: z.object({ name: z.string().min(1).max(200), expiresAt: z.iso.datetime({ offset: true }).optional() }),
      response: { 201: z.object({ id: z.uuid(), token: z.string() }) },
    },
  }, async (req, reply) => {
    const ctx = ctxOf(req);
    const out = await inTenant(ctx, async (tx) => {
      const created = await createApiToken(tx, ctx.tenantId, ctx.principal.userId, req.body.name, req.body.expiresAt ? new Date(req.body.expiresAt) : null);
      await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'api_token.created', entity: 'api_token', entityId: created.id, changes: { name: { after: req.body.name } } }]);
      return created;
    });
    return reply.code(201).send(out);
  });

  app.get('/auth/tokens', { schema: { tags: ['auth'], summary: 'My API tokens', response: { 200: z.object({ data: z.array(tokenOut) }) } } }, async (req) => {
    const ctx = ctxOf(req);
    const rows = await inTenant(ctx, (tx) =>
      tx.select().from(apiTokens)
        .where(and(eq(apiTokens.tenantId, ctx.tenantId), eq(apiTokens.userId, ctx.principal.userId), isNull(apiTokens.revokedAt)))
        .orderBy(desc(apiTokens.createdAt)),
    );
    return {
      data: rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString(), expiresAt: t.expiresAt?.toISOString() ?? null, lastUsedAt: t.lastUsedAt?.toISOString() ?? null })),
    };
  });

  app.delete('/auth/tokens/:id', { schema: { tags: ['auth'], summary: 'Revoke an API token', params: z.object({ id: z.uuid() }), response: { 204: z.null() } } }, async (req, reply) => {
    const ctx = ctxOf(req);
    await inTenant(ctx, async (tx) => {
      const own = ctx.principal.role === 'admin' ? undefined : eq(apiTokens.userId, ctx.principal.userId);
      const res = await tx.update(apiTokens).set({ revokedAt: new Date() })
        .where(and(eq(apiTokens.tenantId, ctx.tenantId), eq(apiTokens.id, req.params.id), isNull(apiTokens.revokedAt), own))
        .returning({ id: apiTokens.id });
      if (!res.length) throw notFound('API token');
      await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action: 'api_token.revoked', entity: 'api_token', entityId: req.params.id }]);
      forgetAuth({ credentialId: req.params.id });
    });
    return reply.code(204).send(null);
  });
}
