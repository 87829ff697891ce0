// Shared by the bulk endpoints: turning per-row problems into one error, and row-prefixed fields.
import { z } from 'zod';
import type { Tx } from '../db/client.ts';
import { inTenant, type Ctx } from './context.ts';
import { AppError, type FieldError } from './errors.ts';

/** 403 beats 409 beats 422: the most serious reason a write cannot happen. */
export const worstStatus = (statuses: number[]) => (statuses.includes(403) ? 403 : statuses.includes(409) ? 409 : 422);

const codes: Record<number, string> = { 403: 'forbidden', 409: 'conflict', 422: 'validation_failed' };

export const rowProblem = (status: number, errors: FieldError[]) =>
  new AppError(codes[status] ?? 'validation_failed', status, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);

/** items.3.emails.0.address: a row's field errors named from the request's root. */
export const prefixed = (errors: FieldError[], prefix: string) => errors.map((e) => ({ field: `${prefix}${e.field}`, message: e.message }));

export interface BulkPatch<P> {
  id: string;
  version?: number | undefined;
  patch: P;
}
export type BulkUpdateResult<O> = { index: number; id: string; status: number; record?: O; errors?: FieldError[] };

/**
 * Updates up to 1,000 records in one transaction with `updateIn`, the single-record update.
 * atomic: the first failure undoes all and is thrown naming its row (items.N...); perRow: each row
 * runs in a savepoint and reports its own outcome.
 */
export async function updateMany<P, O>(
  ctx: Ctx,
  items: ReadonlyArray<BulkPatch<P>>,
  mode: 'atomic' | 'perRow',
  updateIn: (tx: Tx, id: string, patch: P, version: number | undefined) => Promise<O>,
): Promise<Array<BulkUpdateResult<O>>> {
  return inTenant(ctx, async (tx) => {
    const results: Array<BulkUpdateResult<O>> = [];
    for (const [index, item] of items.entries()) {
      try {
        const record = mode === 'atomic'
          ? await updateIn(tx, item.id, item.patch, item.version)
          : await tx.transaction((sp) => updateIn(sp as Tx, item.id, item.patch, item.version));
        results.push({ index, id: item.id, status: 200, record });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (mode === 'atomic') {
          const errors = err.errors.length ? prefixed(err.errors, `items.${index}.`) : [{ field: `items.${index}`, message: err.message }];
          throw new AppError(err.code, err.status, `items.${index}: ${err.message}`, errors);
        }
        results.push({ index, id: item.id, status: err.status, errors: err.errors.length ? err.errors : [{ field: 'id', message: err.message }] });
      }
    }
    return results;
  });
}

/** The body schema of a bulk PATCH for records patched with `patch`. */
export const bulkPatchBody = <T extends z.ZodType>(patch: T) =>
  z.strictObject({
    mode: z.enum(['atomic', 'perRow']).default('atomic'),
    items: z.array(z.strictObject({
      id: z.uuid(),
      version: z.number().int().positive().optional().describe('Refuse the row (412) unless the record is still at this version'),
      patch,
    })).min(1).max(1000),
  });

/** The response schema of a bulk PATCH returning records shaped by `out`. */
export const bulkPatchOut = <T extends z.ZodType>(out: T) =>
  z.object({
    updated: z.number(), failed: z.number(),
    results: z.array(z.object({ index: z.number(), id: z.uuid(), status: z.number(), record: out.optional(), errors: z.array(z.object({ field: z.string(), message: z.string() })).optional() })),
  });

export const summarise = <O>(results: Array<BulkUpdateResult<O>>) => {
  const updated = results.filter((r) => r.status === 200).length;
  return { updated, failed: results.length - updated, results };
};
