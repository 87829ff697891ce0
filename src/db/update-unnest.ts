// updateUnnest: many rows of one table updated by (tenant_id, id) in one statement, the values
// passed as insertUnnest passes them (each scalar column one typed array, each jsonb or array
// column one JSON array, zipped by ROWS FROM). Batch writers (the import) use it where a service
// would otherwise send one UPDATE per record.
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { unnestColumns } from './sql.ts';

type Executor = { execute(query: SQL): PromiseLike<unknown> };

/**
 * Sets the columns named by `keys` (property names of the Drizzle table) on each row identified by
 * its tenantId and id (both must be in the rows). `extra` adds assignments computed in SQL from the
 * old row `t` (say, `version = t.version + 1`). Rows must carry the same keys.
 */
export async function updateUnnest(tx: Executor, table: PgTable, rows: ReadonlyArray<Record<string, unknown>>, keys: readonly string[], extra?: SQL): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table);
  const all = ['tenantId', 'id', ...keys.filter((k) => k !== 'tenantId' && k !== 'id')];
  for (const k of all) if (!columns[k]) throw new Error(`updateUnnest: no column ${k}`);
  for (let start = 0; start < rows.length; start += 5000) {
    const chunk = rows.slice(start, start + 5000);
    for (const r of chunk) for (const k of all) if (r[k] === undefined) throw new Error(`updateUnnest: row lacks ${k}`);
    const { sources, selects, aliases } = unnestColumns(columns, all, chunk);
    const named = selects.map((sel, i) => `${sel} as "${columns[all[i]!]!.name}"`);
    const sets = all.slice(2).map((k) => `"${columns[k]!.name}" = v."${columns[k]!.name}"`).join(', ');
    const assignments = extra ? sql`${sql.raw(sets)}${sets ? sql`, ` : sql``}${extra}` : sql.raw(sets);
    await tx.execute(sql`update ${table} as t set ${assignments}
      from (select ${sql.raw(named.join(', '))} from rows from (${sql.join(sources, sql`, `)}) as u(${aliases})) as v
      where t.tenant_id = v.tenant_id and t.id = v.id`);
  }
}
