// Validates custom field values against the tenant's definitions.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { customFieldDefinitions } from './tables.ts';

export const customFieldTypes = ['text', 'number', 'boolean', 'date', 'select', 'multiselect'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];
export type Definition = typeof customFieldDefinitions.$inferSelect;

export async function definitionsFor(tx: Tx, tenantId: string, entity: string): Promise<Definition[]> {
  return tx.select().from(customFieldDefinitions).where(and(eq(customFieldDefinitions.tenantId, tenantId), eq(customFieldDefinitions.entity, entity)));
}

function checkValue(def: Definition, value: unknown): string | null {
  switch (def.type as CustomFieldType) {
    case 'text':
      return typeof value === 'string' && value.length <= 10_000 ? null : 'must be text (at most 10,000 characters)';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : 'must be a date (YYYY-MM-DD)';
    case 'select':
      return typeof value === 'string' && def.options.includes(value) ? null : `must be one of ${def.options.join(', ')}`;
    case 'multiselect':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && def.options.includes(v)) ? null : `must be a list of ${def.options.join(', ')}`;
    default:
      return `has an unknown type ${def.type}`;
  }
}

/**
 * Merges a patch of custom values over the current ones and checks the result. null removes a
 * value. Unknown keys and wrong types are errors naming customFields.<key>.
 */
export function validateCustomFields(
  defs: Definition[],
  current: Record<string, unknown>,
  patch: Record<string, unknown> | undefined,
  path = 'customFields',
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(patch ?? {})) {
    const def = defs.find((d) => d.key === key);
    if (!def) {
      errors.push({ field: `${path}.${key}`, message: 'is not a custom field of this record type' });
      continue;
    }
    if (value === null) {
      delete merged[key];
      continue;
    }
    const problem = checkValue(def, value);
    if (problem) errors.push({ field: `${path}.${key}`, message: problem });
    else merged[key] = value;
  }
  for (const def of defs) {
    if (def.required && (merged[def.key] === undefined || merged[def.key] === '')) errors.push({ field: `${path}.${def.key}`, message: 'is required' });
  }
  if (errors.length) throw new AppError('validation_failed', 422, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  return merged;
}
