// Time zones the evaluation may name: PostgreSQL's own list (a zone it does not know would abort
// the query), read once per database because pg_timezone_names costs ~80 ms, plus the tenant's
// default zone (tenants.settings.timeZone, else UTC) for clients with none or an unknown one.
import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/client.ts';
import { rowsOf } from '../db/sql.ts';
import type { ZoneSettings } from './evaluate.ts';

const known = new WeakMap<Database, Promise<string[]>>();

function knownZones(database: Database, q: Queryable): Promise<string[]> {
  let zones = known.get(database);
  if (!zones) {
    zones = rowsOf<{ name: string }>(q, sql`select name from pg_timezone_names order by name`).then((rows) => rows.map((r) => r.name));
    zones.catch(() => known.delete(database));
    known.set(database, zones);
  }
  return zones;
}

export async function zoneSettings(database: Database, q: Queryable, tenantId: string): Promise<ZoneSettings> {
  const zones = await knownZones(database, q);
  const [tenant] = await rowsOf<{ tz: string | null }>(q, sql`select settings ->> 'timeZone' as tz from tenants where id = ${tenantId}::uuid`);
  const fallback = tenant?.tz && zones.includes(tenant.tz) ? tenant.tz : 'UTC';
  return { known: zones, fallback };
}
