// Custom field definition API shapes. Keys are camelCase-ish identifiers so they read well in
// JSON and in filter[customFields.<key>].
import { z } from 'zod';
import { customFieldTypes } from './service.ts';

export const customFieldEntities = ['contact', 'company', 'interaction'] as const;
export type CustomFieldEntity = (typeof customFieldEntities)[number];

const options = z.array(z.string().trim().min(1).max(200)).max(500)
  .refine((o) => new Set(o).size === o.length, 'options must be distinct');

export const definitionCreate = z.strictObject({
  entity: z.enum(customFieldEntities),
  key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,62}$/, 'must start with a lower-case letter, then letters, digits or _ (at most 63)'),
  label: z.string().trim().min(1).max(200),
  type: z.enum(customFieldTypes),
  options: options.optional().describe('Required, non-empty, for select and multiselect; empty for other types'),
  required: z.boolean().default(false),
});
export const definitionPatch = z.strictObject({
  label: z.string().trim().min(1).max(200).optional(),
  type: z.enum(customFieldTypes).optional().describe('Refused (409) once any record holds a value'),
  options: options.optional().describe('Removing an option some record uses is refused (409)'),
  required: z.boolean().optional(),
});
export type DefinitionCreate = z.infer<typeof definitionCreate>;
export type DefinitionPatch = z.infer<typeof definitionPatch>;

export const definitionOut = z.object({
  id: z.uuid(), entity: z.enum(customFieldEntities), key: z.string(), label: z.string(), type: z.enum(customFieldTypes),
  options: z.array(z.string()), required: z.boolean(), createdAt: z.string(),
});
export type DefinitionOut = z.infer<typeof definitionOut>;
