// HTTP plumbing shared by every route module: the typed Fastify instance, problem+json errors,
// authentication and CSRF, and reading the caller's context off a request.
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type {} from '@fastify/cookie';
import type { Database } from '../db/client.ts';
import type { Config } from '../config.ts';
import { AppError, unauthorized, type FieldError } from './errors.ts';
import { authenticate, type Authenticated } from './auth/service.ts';
import type { Ctx } from './context.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    config: Config;
  }
  interface FastifyRequest {
    auth: Authenticated | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without signing in. */
    public?: boolean;
  }
}

export const SESSION_COOKIE = 'rapport_session';

export function problem(reply: FastifyReply, req: FastifyRequest, status: number, title: string, detail: string, extra: Record<string, unknown> = {}) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, detail, instance: req.url, requestId: req.id, ...extra });
}

const pathOf = (context: string | undefined, instancePath: string) => {
  const p = instancePath.replace(/^\//, '').replaceAll('/', '.');
  return p || context || 'body';
};

export function errorHandler(this: FastifyInstance, err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    return problem(reply, req, err.status, err.title, err.message, { code: err.code, ...(err.errors.length ? { errors: err.errors } : {}) });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors: FieldError[] = err.validation.map((v) => ({ field: pathOf(err.validationContext, v.instancePath), message: v.message ?? 'is invalid' }));
    return problem(reply, req, 422, 'Unprocessable Content', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { code: 'validation_failed', errors });
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err }, 'response did not match its schema');
    return problem(reply, req, 500, 'Internal Server Error', 'The server built a response it could not send', { code: 'internal' });
  }
  const fe = err as FastifyError;
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const field = fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'body' : undefined;
    return problem(reply, req, fe.statusCode, fe.statusCode === 429 ? 'Too Many Requests' : 'Bad Request', fe.message, {
      code: fe.code ?? 'bad_request', ...(field ? { errors: [{ field, message: fe.message }] } : {}),
    });
  }
  req.log.error({ err }, 'unhandled error');
  return problem(reply, req, 500, 'Internal Server Error', `Something went wrong; quote request id ${req.id}`, { code: 'internal' });
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Resolves Authorization: Bearer or the session cookie; enforces CSRF on cookie-borne writes. */
export async function authHook(this: FastifyInstance, req: FastifyRequest) {
  req.auth = null;
  const header = req.headers.authorization;
  let token: string | undefined;
  let viaCookie = false;
  if (header?.startsWith('Bearer ')) token = header.slice(7).trim();
  else if (req.cookies[SESSION_COOKIE]) {
    token = req.cookies[SESSION_COOKIE];
    viaCookie = true;
  }
  if (token) req.auth = await authenticate(this.database, token);
  if (req.routeOptions.config.public) return;
  if (!req.auth) throw unauthorized(token ? 'Token is invalid, expired or revoked' : 'Authentication required');
  if (viaCookie && unsafe.has(req.method)) {
    const sent = req.headers['x-csrf-token'];
    if (!sent || sent !== req.auth.csrfToken) {
      throw new AppError('csrf_failed', 403, 'Missing or wrong X-CSRF-Token header for a cookie-authenticated write');
    }
  }
}

export function ctxOf(req: FastifyRequest): Ctx {
  const auth = req.auth;
  if (!auth) throw unauthorized();
  return {
    database: req.server.database,
    tenantId: auth.tenantId,
    principal: auth.principal,
    actor: { id: auth.user.id, label: auth.user.email },
  };
}
