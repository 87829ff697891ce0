// updateUnnest: many rows of one table updated by (tenant_id, id) in one statement, the values
// passed as insertUnnest passes them (each scalar column one typed array, each jsonb or array
// column one JSON array, zipped by ROWS FROM). Batch writers (the import) use it where a service
// would otherwise send one UPDATE per record.
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { JsonText } from './sql.ts';

type Executor = { execute(query: SQL): PromiseLike<unknown> };

/** An array literal of scalars for one bound parameter: NULL for null, every other value quoted. */
function scalarArray(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else {
      const s = v instanceof Date ? v.toISOString() : typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
      out += `"${s.replace(/[\\"]/g, '\\$&')}"`;
    }
  }
  return out + '}';
}

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
    const sources: SQL[] = [];
    const selects: string[] = [];
    all.forEach((k, i) => {
      const column = columns[k]!;
      const type = column.getSQLType();
      const values = chunk.map((r) => {
        if (r[k] === undefined) throw new Error(`updateUnnest: row lacks ${k}`);
        return r[k];
      });
      if (type === 'jsonb' || type === 'json') {
        const json = `[${values.map((v) => (v instanceof JsonText ? v.text : JSON.stringify(v ?? null))).join(',')}]`;
        sources.push(sql`json_array_elements(${json}::json)`);
        selects.push(`nullif(c${i}::text, 'null')::${type} as "${column.name}"`);
      } else if (type.endsWith('[]')) {
        sources.push(sql`json_array_elements(${JSON.stringify(values)}::json)`);
        selects.push(`case when json_typeof(c${i}) = 'array' then array(select json_array_elements_text(c${i}))::${type} end as "${column.name}"`);
      } else {
        sources.push(sql`unnest(${scalarArray(values)}::${sql.raw(type.replace(/\(.*?\)/, ''))}[])`);
        selects.push(`c${i} as "${column.name}"`);
      }
    });
    const aliases = sql.raw(all.map((_, i) => `c${i}`).join(', '));
    const sets = all.slice(2).map((k) => `"${columns[k]!.name}" = v."${columns[k]!.name}"`).join(', ');
    const assignments = extra ? sql`${sql.raw(sets)}${sets ? sql`, ` : sql``}${extra}` : sql.raw(sets);
    await tx.execute(sql`update ${table} as t set ${assignments}
      from (select ${sql.raw(selects.join(', '))} from rows from (${sql.join(sources, sql`, `)}) as u(${aliases})) as v
      where t.tenant_id = v.tenant_id and t.id = v.id`);
  }
}
