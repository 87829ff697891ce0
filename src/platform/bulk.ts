// Shared by the bulk endpoints: turning per-row problems into one error, and row-prefixed fields.
import { AppError, type FieldError } from './errors.ts';

/** 403 beats 409 beats 422: the most serious reason a write cannot happen. */
export const worstStatus = (statuses: number[]) => (statuses.includes(403) ? 403 : statuses.includes(409) ? 409 : 422);

const codes: Record<number, string> = { 403: 'forbidden', 409: 'conflict', 422: 'validation_failed' };

export const rowProblem = (status: number, errors: FieldError[]) =>
  new AppError(codes[status] ?? 'validation_failed', status, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);

/** items.3.emails.0.address: a row's field errors named from the request's root. */
export const prefixed = (errors: FieldError[], prefix: string) => errors.map((e) => ({ field: `${prefix}${e.field}`, message: e.message }));
