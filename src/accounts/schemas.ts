// The account and transaction API's shapes. Account numbers come in clear and never go out.
import { z } from 'zod';
import { fieldErrorOut } from '../platform/openapi.ts';
import { transactionKinds } from './tables.ts';

const MAX_AMOUNT = 1e16;
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like EUR');
const externalId = z.string().trim().min(1).max(200);

const ownerIn = z.strictObject({ contactId: z.uuid().optional(), householdId: z.uuid().optional(), role: z.string().trim().min(1).max(40).optional() })
  .superRefine((o, ctx) => {
    if ((o.contactId === undefined) === (o.householdId === undefined)) ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'give exactly one of contactId or householdId' });
  });

export const accountIn = z.strictObject({
  externalId: externalId.describe('The system of record\'s id; sending it again updates the account'),
  number: z.string().trim().min(4).max(64).regex(/^[A-Za-z0-9 \-./]+$/, 'letters, digits, spaces, dashes, dots or slashes').describe('Stored only masked and as a keyed hash'),
  name: z.string().max(200).nullish(),
  kind: z.string().max(60).nullish(),
  custodian: z.string().max(200).nullish(),
  currency: currency.nullish(),
  openedOn: z.iso.date().nullish(),
  closedOn: z.iso.date().nullish(),
  owners: z.array(ownerIn).max(20).default([]),
});
export type AccountIn = z.infer<typeof accountIn>;

export const accountOut = z.object({
  id: z.uuid(), externalId: z.string(), numberMasked: z.string(), name: z.string().nullable(), kind: z.string().nullable(),
  custodian: z.string().nullable(), currency: z.string().nullable(), openedOn: z.string().nullable(), closedOn: z.string().nullable(),
  owners: z.array(z.object({ contactId: z.uuid().nullable(), householdId: z.uuid().nullable(), role: z.string() })),
  createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
export type AccountOut = z.infer<typeof accountOut>;

export const transactionIn = z.strictObject({
  externalId: externalId.describe('The system of record\'s id; a transaction already loaded is skipped'),
  accountExternalId: externalId.optional(),
  accountNumber: z.string().trim().min(4).max(64).optional().describe('Matched by keyed hash when accountExternalId is not given'),
  kind: z.enum(transactionKinds),
  amount: z.number().finite().positive().refine((n) => n < MAX_AMOUNT, 'is too large'),
  currency,
  bookedOn: z.iso.date(),
  description: z.string().max(1000).nullish(),
}).superRefine((t, ctx) => {
  if ((t.accountExternalId === undefined) === (t.accountNumber === undefined)) ctx.addIssue({ code: 'custom', path: ['accountExternalId'], message: 'give exactly one of accountExternalId or accountNumber' });
});
export type TransactionIn = z.infer<typeof transactionIn>;

export const transactionOut = z.object({
  id: z.uuid(), accountId: z.uuid(), externalId: z.string(), kind: z.enum(transactionKinds), amount: z.number(), currency: z.string(),
  bookedOn: z.string(), description: z.string().nullable(), createdAt: z.string(),
});
export type TransactionOut = z.infer<typeof transactionOut>;

export const rowResultOut = z.object({
  index: z.number(), status: z.enum(['created', 'updated', 'unchanged', 'skipped', 'failed']), id: z.uuid().optional(), errors: z.array(fieldErrorOut).optional(),
});
export type RowResult = z.infer<typeof rowResultOut>;
export const loadOut = z.object({
  created: z.number(), updated: z.number(), unchanged: z.number(), skipped: z.number().describe('Already loaded (same externalId)'), failed: z.number(),
  results: z.array(rowResultOut),
});
export type LoadOut = z.infer<typeof loadOut>;
