// How to write a bulk create's big tables on PostgreSQL: the rows one real bulk create of 1,000
// contacts wrote (contacts, source_records, outbox_events, audit_log) are inserted again, in
// rolled-back transactions as rapport_app in the tenant, by each way alternately, and the median
// time per table printed. `npx tsx bench/insert-variants.ts [--rounds 5]` on the database
// `npm run bench -- --size 100k --db postgres` loaded.
//   unnest     insertUnnest (db/sql.ts), what the app uses: typed arrays + JSON arrays, ROWS FROM
//   unnest-jb  the same with jsonb columns parsed once as one jsonb array and array columns as a
//              text[] of array literals
//   copy-rls   COPY FROM STDIN into a session temporary table, then one INSERT ... SELECT that the
//              table's RLS policy checks (COPY FROM straight into a table with row-level security
//              is refused for a role subject to it, and rapport_app is)
//   copy-owner COPY straight into the table as the owner: bypasses RLS, so not a way the app may
//              write; the ceiling, for comparison
import { createHash, randomUUID } from 'node:crypto';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { drizzle } from 'drizzle-orm/node-postgres';
import { and, eq, getTableColumns, getTableName, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { insertUnnest } from '../src/db/sql.ts';
import { contacts } from '../src/contacts/tables.ts';
import { sourceRecords } from '../src/sources/tables.ts';
import { outboxEvents } from '../src/platform/outbox/tables.ts';
import { auditLog } from '../src/platform/audit/tables.ts';
import { systemCtx } from '../src/platform/context.ts';
import { createContacts } from '../src/contacts/service.ts';
import type { ContactCreate } from '../src/contacts/schemas.ts';
import { openTarget, reuseFixture } from './load-data.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    size: { type: 'string', default: '100000' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/rapport_bench' },
  },
});

// One real bulk create, read back as the owner; its contacts are deleted again (their source
// records with them; audit entries and events stay, as after any bulk create).
const database = await openTarget({ kind: 'postgres', url: args['pg-url'] });
const fixture = await reuseFixture(database, Number(args.size), console.log);
if (!fixture) throw new Error('no bench fixture of that size: run npm run bench -- --size 100k --db postgres first');
const { tenantId } = fixture;
const [{ id: adminId }] = (await database.query<{ id: string }>(`select id::text from users where tenant_id = $1 and email = 'admin@bench.test'`, [tenantId])) as [{ id: string }];
const ctx = { ...systemCtx(database, tenantId, 'bench'), principal: { userId: adminId, role: 'admin' as const, teamIds: [] }, actor: { id: adminId, label: 'admin@bench.test' } };
const [seq0] = await database.query<{ seq: number }>('select coalesce(max(seq), 0)::int seq from audit_log where tenant_id = $1', [tenantId]);
const results = await createContacts(ctx, fixture.generator.contacts(1000).map((c) => c.input as ContactCreate), 'atomic');
const ids = results.map((r) => r.contact!.id);
const owner = database.db;
const written: Array<[PgTable, Array<Record<string, unknown>>]> = [
  [contacts, await owner.select().from(contacts).where(and(eq(contacts.tenantId, tenantId), inArray(contacts.id, ids)))],
  [sourceRecords, await owner.select().from(sourceRecords).where(and(eq(sourceRecords.tenantId, tenantId), inArray(sourceRecords.contactId, ids)))],
  [outboxEvents, await owner.select().from(outboxEvents).where(and(eq(outboxEvents.tenantId, tenantId), inArray(outboxEvents.entityId, ids)))],
  [auditLog, await owner.select().from(auditLog).where(and(eq(auditLog.tenantId, tenantId), gte(auditLog.seq, seq0!.seq + 1), inArray(auditLog.entityId, ids)))],
];
await database.query('delete from contacts where tenant_id = $1 and id = any($2::uuid[])', [tenantId, ids]);
await database.close();
// Columns the app leaves to their defaults stay out; keys that stayed in the tables get new values.
const leftOut: Record<string, string[]> = { contacts: ['version', 'confirmedAt'], outbox_events: ['createdAt', 'publishedAt'] };
const rowsFor = (table: PgTable, rows: Array<Record<string, unknown>>) => rows.map((r) => {
  const out = { ...r };
  for (const k of leftOut[getTableName(table)] ?? []) delete out[k];
  if (table === outboxEvents) out['id'] = randomUUID();
  if (table === auditLog) out['seq'] = (r['seq'] as number) + 1e9;
  return out;
});

// COPY's text format.
const escapes: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escape = (s: string) => (/[\\\n\r\t]/.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => escapes[c]!) : s);
const arrayText = (values: readonly unknown[]) => `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
function encoderFor(type: string): (v: unknown) => string {
  if (type === 'jsonb' || type === 'json') return (v) => (v === null || v === undefined ? '\\N' : escape(JSON.stringify(v)));
  if (type.endsWith('[]')) return (v) => (v === null || v === undefined ? '\\N' : escape(arrayText(v as unknown[])));
  return (v) => (v === null || v === undefined ? '\\N' : v instanceof Date ? v.toISOString() : typeof v === 'boolean' ? (v ? 't' : 'f') : escape(String(v)));
}

async function copyRows(client: pg.ClientBase, target: string, list: string, encoders: Array<(v: unknown) => string>, keys: string[], rows: Array<Record<string, unknown>>) {
  const stream = client.query(copyFrom(`copy "${target}" (${list}) from stdin`));
  let lines: string[] = [];
  for (const row of rows) {
    lines.push(keys.map((k, i) => encoders[i]!(row[k])).join('\t'));
    if (lines.length === 200) {
      stream.write(lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length) stream.write(lines.join('\n') + '\n');
  stream.end();
  await finished(stream);
}

async function copyInsert(client: pg.ClientBase, table: PgTable, rows: Array<Record<string, unknown>>, direct: boolean) {
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]!).filter((k) => rows[0]![k] !== undefined && columns[k]);
  const defs = keys.map((k) => `"${columns[k]!.name}" ${columns[k]!.getSQLType()}`);
  const list = keys.map((k) => `"${columns[k]!.name}"`).join(', ');
  const encoders = keys.map((k) => encoderFor(columns[k]!.getSQLType()));
  const name = getTableName(table);
  if (direct) return copyRows(client, name, list, encoders, keys, rows);
  // Made once per session (ON COMMIT DELETE ROWS: no catalog rows written per call); the move empties it.
  const temp = `copy_${name}_${createHash('sha1').update(defs.join()).digest('hex').slice(0, 10)}`;
  await client.query(`create temporary table if not exists "${temp}" (${defs.join(', ')}) on commit delete rows`);
  await copyRows(client, temp, list, encoders, keys, rows);
  await client.query(`with moved as (delete from "${temp}" returning ${list}) insert into "${name}" (${list}) select ${list} from moved`);
}

const literal = (values: readonly unknown[]) => `{${values.map((v) => (v === null || v === undefined ? 'NULL' : `"${(v instanceof Date ? v.toISOString() : String(v)).replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
async function insertUnnestJsonb(tx: { execute(q: SQL): PromiseLike<unknown> }, table: PgTable, rows: Array<Record<string, unknown>>) {
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]!).filter((k) => rows[0]![k] !== undefined && columns[k]);
  const sources: SQL[] = [];
  const selects: string[] = [];
  keys.forEach((k, i) => {
    const type = columns[k]!.getSQLType();
    const values = rows.map((r) => r[k]);
    if (type === 'jsonb' || type === 'json') {
      sources.push(sql`jsonb_array_elements(${JSON.stringify(values)}::jsonb)`);
      selects.push(`case when jsonb_typeof(c${i}) <> 'null' then c${i} end`);
    } else if (type.endsWith('[]')) {
      sources.push(sql`unnest(${literal(values.map((v) => (v === null ? null : arrayText(v as unknown[]))))}::text[])`);
      selects.push(`c${i}::${type}`);
    } else {
      sources.push(sql`unnest(${literal(values)}::${sql.raw(type.replace(/\(.*?\)/, ''))}[])`);
      selects.push(`c${i}`);
    }
  });
  const names = sql.raw(keys.map((k) => `"${columns[k]!.name}"`).join(', '));
  const aliases = sql.raw(keys.map((_, i) => `c${i}`).join(', '));
  await tx.execute(sql`insert into ${table} (${names}) select ${sql.raw(selects.join(', '))} from rows from (${sql.join(sources, sql`, `)}) as u(${aliases})`);
}

const client = new pg.Client({ connectionString: args['pg-url'] });
await client.connect();
const db = drizzle(client) as unknown as { execute(q: SQL): PromiseLike<unknown> };
const variants = ['unnest', 'unnest-jb', 'copy-rls', 'copy-owner'] as const;
const times: Record<string, number[]> = {};
for (let round = 0; round < Number(args.rounds); round++) {
  for (const v of variants) {
    await client.query('begin');
    if (v !== 'copy-owner') await client.query(`select set_config('app.tenant_id', $1, true), set_config('role', 'rapport_app', true)`, [tenantId]);
    for (const [table, stored] of written) {
      const rows = rowsFor(table, stored);
      const t0 = performance.now();
      if (v === 'unnest') await insertUnnest(db, table, rows);
      else if (v === 'unnest-jb') await insertUnnestJsonb(db, table, rows);
      else await copyInsert(client, table, rows, v === 'copy-owner');
      (times[`${getTableName(table)}|${v}`] ??= []).push(performance.now() - t0);
    }
    await client.query('rollback');
  }
}
await client.end();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(`\n| table (1,000 rows) | ${variants.join(' | ')} |\n|---|${variants.map(() => '---|').join('')}`);
for (const [table] of written) {
  const name = getTableName(table);
  console.log(`| ${name} | ${variants.map((v) => `${median(times[`${name}|${v}`]!).toFixed(0)} ms`).join(' | ')} |`);
}
const sum = (v: string) => written.reduce((s, [t]) => s + median(times[`${getTableName(t)}|${v}`]!), 0);
console.log(`| all four | ${variants.map((v) => `${sum(v).toFixed(0)} ms`).join(' | ')} |`);
