// Saved view API shapes. Filters are the list endpoints' language as data: each {field, op, value}
// is one filter[field][op]=value, combined with match=all|any; `query` shows that querystring.
import { z } from 'zod';
import { operators } from '../platform/list.ts';

export const viewResources = ['contacts', 'companies', 'interactions'] as const;
export type ViewResource = (typeof viewResources)[number];
export const visibilities = ['private', 'team', 'tenant'] as const;

const filterIn = z.strictObject({
  field: z.string().min(1).max(100).describe('A filterable field of the resource, or customFields.<key>'),
  op: z.enum(operators).default('eq'),
  value: z.string().max(2000).describe('As in the querystring: in takes comma-separated values, isNull true or false'),
});

const viewFields = {
  name: z.string().trim().min(1, 'must not be empty').max(120),
  visibility: z.enum(visibilities).default('private').describe('private: the owner only; team: members of teamId; tenant: everyone'),
  teamId: z.uuid().nullish().describe('Required when visibility is team; the owner must belong to it unless an admin'),
  filters: z.array(filterIn).max(50).default([]),
  match: z.enum(['all', 'any']).default('all'),
  sort: z.string().max(64).nullish().describe('Field to sort by; prefix with - for descending'),
  columns: z.array(z.string().min(1).max(100)).max(100).default([]).describe('Columns to show, in order'),
};

export const viewCreate = z.strictObject({ resource: z.enum(viewResources), ...viewFields });
export const viewPatch = z.strictObject({
  name: viewFields.name.optional(),
  visibility: z.enum(visibilities).optional(),
  teamId: viewFields.teamId,
  filters: z.array(filterIn).max(50).optional(),
  match: z.enum(['all', 'any']).optional(),
  sort: viewFields.sort,
  columns: z.array(z.string().min(1).max(100)).max(100).optional(),
});
export type ViewCreate = z.infer<typeof viewCreate>;
export type ViewPatch = z.infer<typeof viewPatch>;

export const viewOut = z.object({
  id: z.uuid(), resource: z.enum(viewResources), name: z.string(),
  ownerId: z.uuid(), visibility: z.enum(visibilities), teamId: z.uuid().nullable(),
  filters: z.array(z.object({ field: z.string(), op: z.enum(operators), value: z.string() })),
  match: z.enum(['all', 'any']), sort: z.string().nullable(), columns: z.array(z.string()),
  query: z.string().describe('The list endpoint querystring this view stands for'),
  editable: z.boolean().describe('Whether the caller may change or delete it'),
  createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
export type ViewOut = z.infer<typeof viewOut>;

export const viewListQuery = z.object({
  resource: z.enum(viewResources),
  all: z.enum(['true', 'false']).optional().describe("Admins: include other users' private and team views"),
});

export const fieldsOut = z.object({
  resource: z.enum(viewResources),
  fields: z.array(z.object({ field: z.string(), type: z.string(), sortable: z.boolean() })),
  columns: z.array(z.string()).describe('Columns a view may show: output fields and filterable fields (and customFields.<key>)'),
});
