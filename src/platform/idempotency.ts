// Idempotency-Key on POST: the first request with a key runs and its answer is stored; a retry
// with the same key and body gets the stored answer; the same key with another body is an error.
import { and, eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { sha256 } from './auth/secrets.ts';
import { idempotencyKeys } from './tenancy/tables.ts';
import type { App } from './http.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

export function installIdempotency(api: App) {
  api.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string' || !req.auth) return;
    if (key.length < 1 || key.length > 255) {
      throw new AppError('validation_failed', 422, 'Idempotency-Key: 1 to 255 characters', [{ field: 'Idempotency-Key', message: '1 to 255 characters' }]);
    }
    const { tenantId, user } = req.auth;
    const requestHash = sha256(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`);
    const outcome = await api.database.withTenant(tenantId, async (tx) => {
      const inserted = await tx
        .insert(idempotencyKeys)
        .values({ tenantId, userId: user.id, key, requestHash, status: 0, response: {} })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length) return { fresh: true as const };
      const [row] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.userId, user.id), eq(idempotencyKeys.key, key)));
      return { fresh: false as const, row: row! };
    });
    if (outcome.fresh) {
      req.idempotencyKey = key;
      return;
    }
    const { row } = outcome;
    if (row.requestHash !== requestHash) {
      throw new AppError('idempotency_mismatch', 422, 'This Idempotency-Key was used with a different request', [{ field: 'Idempotency-Key', message: 'reused with a different request' }]);
    }
    if (row.status === 0) throw new AppError('idempotency_in_progress', 409, 'A request with this Idempotency-Key is still running');
    reply.header('idempotent-replayed', 'true');
    const type = row.status >= 400 ? 'application/problem+json' : 'application/json';
    return reply.code(row.status).type(type).send(JSON.stringify(row.response));
  });

  api.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = req.idempotencyKey;
    if (!key || !req.auth) return payload;
    const { tenantId, user } = req.auth;
    const where = and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.userId, user.id), eq(idempotencyKeys.key, key));
    await api.database.withTenant(tenantId, async (tx) => {
      // A server error is not an answer: free the key so the client can retry.
      if (reply.statusCode >= 500) await tx.delete(idempotencyKeys).where(where);
      else {
        const body = typeof payload === 'string' && payload ? (JSON.parse(payload) as unknown) : null;
        await tx.update(idempotencyKeys).set({ status: reply.statusCode, response: body }).where(where);
      }
    });
    return payload;
  });
}
