// Every row that points at a contact, found from the catalog rather than a hand-kept list, so a new
// table with a contact foreign key is merged (and unmerged) without anyone remembering to add it.
// Record shares point by (entity, record_id) without a foreign key and are listed here explicitly.
// A row moves to the survivor unless the survivor already has its twin (same key but for the
// contact) or moving would make the contact point at itself: then it is removed, since the
// survivor's own row says the same. Both kinds are snapshotted whole, with their original keys.
import { sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { rowsOf } from '../db/sql.ts';
import { specs, type EntitySpec } from './entities.ts';

export interface ContactReference {
  table: string;
  column: string;
  /** The table's primary key columns. */
  key: string[];
  /** Unique keys (primary included) that contain `column`: where a twin would collide. */
  uniques: string[][];
  /** The table's other contact columns (a relationship's other end). */
  siblings: string[];
  /** A fixed condition (record_shares: entity = 'contact'). */
  where?: string;
}

/**
 * moved/removed: rows of the merged record; added: rows the survivor's update itself created (categorisation
 * rules, a first source record); changed: rows of the survivor the update changed (its source records), as before.
 */
export interface MovedGroup { table: string; column: string; action: 'moved' | 'removed' | 'added' | 'changed'; rows: string /* JSON array text */ }

const cached = new Map<string, Promise<ContactReference[]>>();

/** Tables and columns referencing contacts(tenant_id, id), read once per process from pg_catalog. */
export const contactReferences = (q: Queryable) => referencesTo(q, specs.contact);

/** The same for any matched entity (companies: contact links, notes, tasks, interactions, ...). */
export function referencesTo(q: Queryable, spec: EntitySpec): Promise<ContactReference[]> {
  let found = cached.get(spec.tableName);
  if (!found) {
    found = load(q, spec).catch((err: unknown) => {
      cached.delete(spec.tableName);
      throw err;
    });
    cached.set(spec.tableName, found);
  }
  return found;
}

async function load(q: Queryable, spec: EntitySpec): Promise<ContactReference[]> {
  const fks = await rowsOf<{ table: string; column: string }>(q, sql`
    select c.conrelid::regclass::text as "table", a.attname as "column"
    from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
    where c.contype = 'f' and c.confrelid = ${spec.tableName}::regclass and a.attname <> 'tenant_id'
    order by 1, 2`);
  const tables = [...new Set([...fks.map((f) => f.table), 'record_shares'])];
  const indexes = await rowsOf<{ table: string; primary: boolean; cols: string[] }>(q, sql`
    select i.indrelid::regclass::text as "table", i.indisprimary as "primary",
      array(select a.attname::text from unnest(i.indkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n order by k.o) as cols
    from pg_index i where (i.indisprimary or i.indisunique) and i.indpred is null and i.indexprs is null
      and i.indrelid::regclass::text = any(${`{${tables.join(',')}}`}::text[])`);
  const refs: ContactReference[] = fks.map((f) => {
    const own = indexes.filter((i) => i.table === f.table);
    return {
      table: f.table, column: f.column,
      key: own.find((i) => i.primary)?.cols ?? [],
      uniques: own.filter((i) => i.cols.includes(f.column)).map((i) => i.cols),
      siblings: fks.filter((o) => o.table === f.table && o.column !== f.column).map((o) => o.column),
    };
  });
  refs.push({ table: 'record_shares', column: 'record_id', key: ['tenant_id', 'id'], uniques: [], siblings: [], where: `entity = '${spec.entity}'` });
  for (const r of refs) if (r.key.length === 0) throw new Error(`merge: ${r.table} has no primary key to restore its rows by`);
  return refs;
}

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

/** Moves (or removes, see above) every row of one reference from `mergedId` to `survivorId`; returns the snapshot. */
export async function moveReference(tx: Tx, tenantId: string, ref: ContactReference, mergedId: string, survivorId: string): Promise<MovedGroup[]> {
  const T = ident(ref.table);
  const C = ident(ref.column);
  const base = sql`t.tenant_id = ${tenantId}::uuid and t.${C} = ${mergedId}::uuid ${ref.where ? sql.raw(`and t.${ref.where}`) : sql``}`;
  const twins = ref.uniques.map((cols) => sql`exists (select 1 from ${T} o where o.tenant_id = t.tenant_id and o.${C} = ${survivorId}::uuid
    ${sql.join(cols.filter((c) => c !== ref.column && c !== 'tenant_id').map((c) => sql` and o.${ident(c)} is not distinct from t.${ident(c)}`), sql``)})`);
  const selfs = ref.siblings.map((s) => sql`t.${ident(s)} = ${survivorId}::uuid`);
  const redundant = [...twins, ...selfs];
  const removeIf = redundant.length ? sql.join(redundant, sql` or `) : sql`false`;
  const snapshot = await rowsOf<{ removed: boolean; rows: string }>(tx, sql`select (${removeIf}) as removed, jsonb_agg(to_jsonb(t))::text as rows
    from ${T} t where ${base} group by 1`);
  const groups: MovedGroup[] = [];
  for (const s of snapshot) groups.push({ table: ref.table, column: ref.column, action: s.removed ? 'removed' : 'moved', rows: s.rows });
  if (snapshot.some((s) => s.removed)) await tx.execute(sql`delete from ${T} t where ${base} and (${removeIf})`);
  if (snapshot.some((s) => !s.removed)) await tx.execute(sql`update ${T} t set ${C} = ${survivorId}::uuid where ${base}`);
  return groups;
}

/** The rows of every reference pointing at `id`, by primary key (JSON text) -> row (JSON text). */
export async function rowsPointingAt(tx: Tx, tenantId: string, refs: readonly ContactReference[], id: string): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  for (const ref of refs) {
    const key = sql.join(ref.key.map((k) => sql`t.${ident(k)}`), sql`, `);
    const rows = await rowsOf<{ key: string; row: string }>(tx, sql`select jsonb_build_array(${key})::text as key, to_jsonb(t)::text as row
      from ${ident(ref.table)} t where t.tenant_id = ${tenantId}::uuid and t.${ident(ref.column)} = ${id}::uuid ${ref.where ? sql.raw(`and t.${ref.where}`) : sql``}`);
    out.set(`${ref.table}.${ref.column}`, new Map(rows.map((r) => [r.key, r.row])));
  }
  return out;
}

/** Rows present in `after` but not `before` (by key), as 'added' groups. */
export function addedRows(refs: readonly ContactReference[], before: Map<string, Map<string, string>>, after: Map<string, Map<string, string>>): MovedGroup[] {
  return refs.flatMap((ref) => {
    const name = `${ref.table}.${ref.column}`;
    const old = before.get(name)!;
    const fresh = [...after.get(name)!].filter(([k]) => !old.has(k)).map(([, row]) => row);
    return fresh.length ? [{ table: ref.table, column: ref.column, action: 'added' as const, rows: `[${fresh.join(',')}]` }] : [];
  });
}

/** Rows in both `before` and `after` (by key) whose content changed, as 'changed' groups holding the rows before. */
export function changedRows(refs: readonly ContactReference[], before: Map<string, Map<string, string>>, after: Map<string, Map<string, string>>): MovedGroup[] {
  return refs.flatMap((ref) => {
    const name = `${ref.table}.${ref.column}`;
    const now = after.get(name)!;
    const old = [...before.get(name)!].filter(([k, row]) => now.has(k) && now.get(k) !== row).map(([, row]) => row);
    return old.length ? [{ table: ref.table, column: ref.column, action: 'changed' as const, rows: `[${old.join(',')}]` }] : [];
  });
}

/** Puts one snapshot group back: moved rows point at the merged contact again, removed rows return whole, added rows go. */
export async function restoreGroup(tx: Tx, ref: ContactReference, group: MovedGroup, mergedId: string, survivorId: string): Promise<void> {
  const T = ident(ref.table);
  const C = ident(ref.column);
  if (group.action === 'added' || group.action === 'changed') {
    const match = ref.key.map((k) => sql`t.${ident(k)} = s.${ident(k)}`);
    await tx.execute(sql`delete from ${T} t using jsonb_populate_recordset(null::${T}, ${group.rows}::jsonb) s where ${sql.join(match, sql` and `)}`);
    if (group.action === 'changed') await tx.execute(sql`insert into ${T} select * from jsonb_populate_recordset(null::${T}, ${group.rows}::jsonb)`);
    return;
  }
  if (group.action === 'removed') {
    await tx.execute(sql`insert into ${T} select * from jsonb_populate_recordset(null::${T}, ${group.rows}::jsonb)`);
    return;
  }
  // The moved row is found by its key, in which the contact column (if part of it) now holds the survivor.
  const match = ref.key.map((k) => (k === ref.column ? sql`t.${C} = ${survivorId}::uuid` : sql`t.${ident(k)} = s.${ident(k)}`));
  await tx.execute(sql`update ${T} t set ${C} = ${mergedId}::uuid from jsonb_populate_recordset(null::${T}, ${group.rows}::jsonb) s
    where ${sql.join(match, sql` and `)}`);
}
