// Keeps the search dictionary in step with records: every token a record carries is a term.
// Terms are never removed; a stale term only costs a lookup that finds nothing.
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { searchTerms } from './tables.ts';
import { textArray } from '../db/sql.ts';

export async function addSearchTerms(tx: Tx, tenantId: string, tokens: Iterable<string>): Promise<void> {
  // Sorted: concurrent writers then take the unique-index locks in one order and cannot deadlock.
  const unique = [...new Set(tokens)].sort();
  for (let i = 0; i < unique.length; i += 5000) {
    const chunk = unique.slice(i, i + 5000);
    await tx.execute(sql`insert into ${searchTerms} (tenant_id, term)
      select ${tenantId}::uuid, t from unnest(${textArray(chunk)}) t
      on conflict do nothing`);
  }
}
