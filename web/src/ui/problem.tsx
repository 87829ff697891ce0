// Showing problem+json errors on forms: field errors beside the field they name, the rest in an
// alert at the top of the form.
import { Alert, Text } from '@mantine/core';
import { ApiError } from '../api/client.ts';

export type FieldErrors = Record<string, string>;

/** field -> message, with zod's "body." prefix (on some errors) dropped. */
export function fieldErrorsOf(err: unknown): FieldErrors {
  if (!(err instanceof ApiError)) return {};
  const out: FieldErrors = {};
  for (const e of err.problem.fieldErrors ?? []) out[e.field.replace(/^body\.?/, '') || 'body'] = e.message;
  return out;
}

/** The message for a field or anything under it (`metrics` also matches `metrics.0.amount`). */
export function errorFor(errors: FieldErrors, field: string): string | undefined {
  if (errors[field]) return errors[field];
  const nested = Object.entries(errors).find(([k]) => k.startsWith(`${field}.`));
  return nested?.[1];
}

/** The error alert above a form; field errors the form shows elsewhere are listed only when unplaced. */
export function FormError({ error, placed = [] }: { error: unknown; placed?: string[] }) {
  if (!error) return null;
  const fe = fieldErrorsOf(error);
  const unplaced = Object.entries(fe).filter(([k]) => !placed.some((p) => k === p || k.startsWith(`${p}.`)));
  if (Object.keys(fe).length && !unplaced.length) return null;
  const api = error instanceof ApiError ? error : null;
  const title = api?.status === 412 ? 'Changed by someone else' : api?.status === 403 ? 'Not allowed' : api?.status === 422 ? 'Please check the form' : 'Could not save';
  return (
    <Alert color="red" title={title} role="alert">
      {unplaced.length ? (
        unplaced.map(([k, m]) => (
          <Text size="sm" key={k}>
            {k}: {m}
          </Text>
        ))
      ) : (
        <Text size="sm">{api ? api.problem.detail ?? api.message : error instanceof Error ? error.message : 'Unknown error'}</Text>
      )}
    </Alert>
  );
}
