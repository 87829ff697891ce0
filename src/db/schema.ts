// Every table, for Drizzle's relational queries and drizzle-kit. Tables live beside their domain.
export * from '../tenants/tables.ts';
export * from '../users/tables.ts';
export * from '../platform/auth/tables.ts';
export * from '../platform/audit/tables.ts';
export * from '../platform/outbox/tables.ts';
export * from '../platform/tenancy/tables.ts';
export * from '../categories/tables.ts';
export * from '../custom-fields/tables.ts';
export * from '../companies/tables.ts';
export * from '../contacts/tables.ts';
export * from '../households/tables.ts';
export * from '../interactions/tables.ts';
export * from '../notes/tables.ts';
export * from '../tasks/tables.ts';
export * from '../search/tables.ts';
export * from '../saved-views/tables.ts';
export * from '../platform/jobs/tables.ts';
