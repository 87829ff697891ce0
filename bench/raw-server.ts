// The raw limit beside each API figure: node:http and the bare driver (node-postgres with prepared
// statements, or PGlite in-process) sending the same SQL the API route needs, on the API's own
// paths so one request generator drives both. No framework, validation, auth, RLS or presenters.
//   tsx bench/raw-server.ts --port P --tenant ID (--url postgres://... | --pgdata DIR) [--rep-token T --rep-user ID --rep-teams A,B] [--api-sql]
// --api-sql (PostgreSQL): GET by id sends the API's own statement (contacts/data.ts contactJsonByIdQuery, as
// an admin: the contact and its categories, companies and source identifiers as JSON built by PostgreSQL)
// and answers its text, instead of `select *`: the limit "for the same query".
import http from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb } from '../src/db/client.ts';
import { fold } from '../src/contacts/normalize.ts';
import { drizzle } from 'drizzle-orm/node-postgres';
import { fillPlaceholders } from 'drizzle-orm';
import { contactJsonByIdQuery } from '../src/contacts/data.ts';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string' }, tenant: { type: 'string' }, url: { type: 'string' }, pgdata: { type: 'string' },
    'rep-token': { type: 'string' }, 'rep-user': { type: 'string' }, 'rep-teams': { type: 'string' },
    'api-sql': { type: 'boolean', default: false },
  },
});
const tenant = opt.tenant!;

type Query = (name: string, text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

async function connect(): Promise<Query> {
  if (opt.url) {
    const pool = new pg.Pool({ connectionString: opt.url, max: 10 });
    // The planner prices trigram GIN scans on the small term dictionary above a sequential scan
    // and picks the slow plan; the API's search service overrides it too.
    pool.on('connect', (client) => void client.query(`select set_config('enable_seqscan', 'off', false), set_config('app.tenant_id', $1, false)`, [tenant]));
    return async (name, text, values) => (await pool.query({ name, text, values })).rows;
  }
  const database = await createDb({ dataDir: opt.pgdata! });
  await database.query('set enable_seqscan = off');
  return (_name, text, values) => database.query(text, values);
}

const sql = {
  byId: 'select * from contacts where tenant_id = $1 and id = $2',
  page: `select * from contacts where tenant_id = $1 and (display_name, id) > ($2, $3::uuid) order by display_name, id limit $4`,
  scopedPage: `select * from contacts where tenant_id = $1 and (display_name, id) > ($2, $3::uuid)
    and (owner_id = $5 or team_id = any($6::uuid[])) order by display_name, id limit $4`,
  ownerPage: `select * from contacts where tenant_id = $1 and (display_name, id) > ($2, $3::uuid)
    and owner_id = $5 order by display_name, id limit $4`,
  // Fuzzy over the dictionary's word terms (the trigram index leaves out email terms), then exact
  // array overlap on contacts: every word of the query must match.
  search: `with words as (select w, ord from unnest(string_to_array($2, ' ')) with ordinality as x(w, ord)),
    cand as (select words.ord, t.term from words cross join lateral (
      select term from search_terms where tenant_id = $1 and strpos(term, '@') = 0 and term % words.w order by similarity(term, words.w) desc limit 5) t)
    select c.* from contacts c where c.tenant_id = $1
      and c.search_tokens && (select array_agg(term) from cand where ord = 1)
      and c.search_tokens && coalesce((select array_agg(term) from cand where ord = 2), (select array_agg(term) from cand where ord = 1))
    limit 20`,
};

const query = await connect();
// The API's GET by id statement as an admin sends it (app.tenant_id set on the connection for its tenant settings subquery).
const apiById = opt['api-sql'] && opt.url
  ? contactJsonByIdQuery(drizzle.mock() as never, { kind: 'all' }, { userId: '00000000-0000-0000-0000-000000000000', role: 'admin', teamIds: [] }).build().toSQL()
  : undefined;
const send = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const server = http.createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? '/', 'http://raw');
    const path = url.pathname;
    if (path === '/health') return send(res, 200, { status: 'ok' });
    if (path.startsWith('/api/v1/contacts/') && apiById) {
      const rows = await query('apiById', apiById.sql, fillPlaceholders(apiById.params, { tenantId: tenant, id: path.slice('/api/v1/contacts/'.length) }));
      if (!rows[0]) return send(res, 404, { status: 404 });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(rows[0].j as string);
    }
    if (path.startsWith('/api/v1/contacts/')) {
      const rows = await query('byId', sql.byId, [tenant, path.slice('/api/v1/contacts/'.length)]);
      return rows[0] ? send(res, 200, rows[0]) : send(res, 404, { status: 404 });
    }
    if (path === '/api/v1/contacts') {
      const cursor = JSON.parse(Buffer.from(url.searchParams.get('cursor') ?? '', 'base64url').toString() || '{"s":"","i":"00000000-0000-0000-0000-000000000000"}') as { s: string; i: string };
      const limit = Number(url.searchParams.get('limit') ?? 50) + 1;
      const scoped = opt['rep-token'] && req.headers.authorization === `Bearer ${opt['rep-token']}`;
      const owner = url.searchParams.get('filter[ownerId][eq]');
      const rows = owner
        ? await query('ownerPage', sql.ownerPage, [tenant, cursor.s, cursor.i, limit, owner])
        : scoped
        ? await query('scopedPage', sql.scopedPage, [tenant, cursor.s, cursor.i, limit, opt['rep-user'], `{${opt['rep-teams']}}`])
        : await query('page', sql.page, [tenant, cursor.s, cursor.i, limit]);
      return send(res, 200, { data: rows.slice(0, limit - 1), nextCursor: null });
    }
    if (path === '/api/v1/search') {
      const q = fold(url.searchParams.get('q') ?? '').split(/\s+/).filter(Boolean).join(' ');
      return send(res, 200, { data: await query('search', sql.search, [tenant, q]) });
    }
    return send(res, 404, { status: 404 });
  })().catch((err: unknown) => send(res, 500, { error: String(err) }));
});
server.listen(Number(opt.port ?? 3998), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
