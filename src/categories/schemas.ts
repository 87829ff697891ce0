// Category API shapes. A name may not contain '>' (nor control characters): paths join names with
// ' > ', and that must stay unambiguous to split and to sort as a tree.
import { z } from 'zod';

export const SEPARATOR = ' > ';

const categoryName = z
  .string()
  .transform((s) => s.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'must not be empty').max(100).refine((s) => !s.includes('>') && !/[\u0000-\u001f]/.test(s), "may not contain '>' or control characters"));

export const categoryCreate = z.strictObject({ name: categoryName, parentId: z.uuid().nullish() });
export const categoryPatch = z.strictObject({ name: categoryName.optional(), parentId: z.uuid().nullish().describe('null moves the category to the top level') });
export type CategoryCreate = z.infer<typeof categoryCreate>;
export type CategoryPatch = z.infer<typeof categoryPatch>;

export const categoryOut = z.object({
  id: z.uuid(), name: z.string(), parentId: z.uuid().nullable(),
  path: z.string().describe("Ancestor names and this name joined with ' > '"),
  depth: z.number().describe('0 for a top-level category'),
  createdAt: z.string(),
});
export type CategoryOut = z.infer<typeof categoryOut>;
