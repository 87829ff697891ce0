// Writes generated rows with multi-row INSERTs through the Drizzle tables, parents before
// children, in chunks that stay under PostgreSQL's 65,535 bind parameters per statement.
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/client.ts';
import { companies } from '../companies/tables.ts';
import { contactCompanies, contacts, sourceIdentifiers } from '../contacts/tables.ts';
import { interactionMetrics, interactionParticipants, interactions } from '../interactions/tables.ts';
import { notes } from '../notes/tables.ts';
import { tasks } from '../tasks/tables.ts';
import { deriveCompany, deriveContact } from '../quality/derive.ts';
import { writeContactKeys } from '../matching/blocking-keys.ts';
import type { Activity, GeneratedContact, NewCompanyRow } from './generate.ts';

export async function insertRows<T extends PgTable>(tx: Tx, table: T, rows: ReadonlyArray<T['$inferInsert']>, chunk = 1000): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await tx.insert(table).values(rows.slice(i, i + chunk));
}

export interface SeedRows {
  companies: readonly NewCompanyRow[];
  contacts: readonly GeneratedContact[];
  activity?: Activity;
}

/**
 * Seeded records arrive assessed (quality issues, completeness, derived enrichment) as if written
 * through the services. The benchmark loader skips this on purpose: at a million rows it would
 * cost more than the inserts; its rows read as not yet assessed, like a fresh bulk load.
 */
export async function insertSeedRows(tx: Tx, rows: SeedRows): Promise<void> {
  await insertRows(tx, companies, rows.companies.map((c) => ({ ...c, ...deriveCompany(c, null, c.updatedAt ?? new Date()) })));
  await insertRows(tx, contacts, rows.contacts.map((c) => ({ ...c.row, ...deriveContact(c.row, null, c.row.updatedAt ?? new Date()) })));
  for (const tenantId of new Set(rows.contacts.map((c) => c.row.tenantId))) {
    await writeContactKeys(tx, tenantId, rows.contacts.filter((c) => c.row.tenantId === tenantId).map((c) => c.row), 'fresh');
  }
  await insertRows(tx, contactCompanies, rows.contacts.flatMap((c) => c.companyLinks));
  await insertRows(tx, sourceIdentifiers, rows.contacts.flatMap((c) => c.sources));
  const a = rows.activity;
  if (!a) return;
  await insertRows(tx, interactions, a.interactions);
  await insertRows(tx, interactionParticipants, a.participants);
  await insertRows(tx, interactionMetrics, a.metrics);
  await insertRows(tx, notes, a.notes);
  await insertRows(tx, tasks, a.tasks);
}
