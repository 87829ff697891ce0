// The lookups an interaction import resolves its references with, one query per kind and batch:
// contacts by Rapport id, source identifier or email (any of their addresses), companies by id,
// source identifier or name, users by id or email, campaigns by id or name. Contacts and companies
// the importer may not see count as missing (visibleIds), as they do for the interactions API.
// Every query names the tenant; RLS checks it again.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { rowsOf, textArray } from '../db/sql.ts';
import type { Ctx } from '../platform/context.ts';
import { visibleIds } from '../timeline/references.ts';
import { campaigns } from '../campaigns/tables.ts';
import { companies } from '../companies/tables.ts';
import { users } from '../users/tables.ts';
import { contactSearch } from '../search/tables.ts';
import { fold as foldWord } from '../contacts/normalize.ts';
import { recordsBySource, sourceKey } from './data.ts';
import { isUuid } from './interaction-mapping.ts';

/** value -> the ids it names (more than one: ambiguous). */
export type Found = Map<string, string[]>;

const add = (m: Found, key: string, id: string) => {
  const list = m.get(key) ?? [];
  if (!list.includes(id)) list.push(id);
  m.set(key, list);
};

async function keepVisible(tx: Tx, ctx: Ctx, resource: 'contact' | 'company', found: Found): Promise<Found> {
  const ok = await visibleIds(tx, ctx, resource, [...found.values()].flat());
  const out: Found = new Map();
  for (const [k, ids] of found) {
    const seen = ids.filter((id) => ok.has(id));
    if (seen.length) out.set(k, seen);
  }
  return out;
}

/** Contacts by id, by external id under `system`, and by lower-cased email. */
export async function findContacts(tx: Tx, ctx: Ctx, system: string, want: { ids: string[]; sources: string[]; emails: string[] }) {
  const byId: Found = new Map(want.ids.map((id) => [id, [id]]));
  const bySource: Found = new Map();
  const sources = await recordsBySource(tx, ctx.tenantId, 'contact', want.sources.map((externalId) => ({ system, externalId })));
  for (const s of want.sources) {
    const id = sources.get(sourceKey(system, s));
    if (id) add(bySource, s, id);
  }
  const byEmail: Found = new Map();
  if (want.emails.length) {
    // Stored addresses are normalised to lower case. Any of a contact's addresses counts: the whole
    // address is one of its search tokens, found through the GIN index (read through the
    // tenant-filtered view, as search does), then checked against the addresses themselves.
    const rows = await rowsOf<{ email: string; id: string }>(tx, sql`
      select lower(e ->> 'address') as email, c.id from contacts c, jsonb_array_elements(c.emails) e
      where c.tenant_id = ${ctx.tenantId}
        and c.id in (select s.id from ${contactSearch} s where s.search_tokens && ${textArray(want.emails.map(foldWord))})
        and lower(e ->> 'address') = any(${textArray(want.emails)})`);
    for (const r of rows) add(byEmail, r.email, r.id);
  }
  return {
    id: await keepVisible(tx, ctx, 'contact', byId),
    source: await keepVisible(tx, ctx, 'contact', bySource),
    email: await keepVisible(tx, ctx, 'contact', byEmail),
  };
}

/** Companies by id, by external id under `system`, and by name (exact). */
export async function findCompanies(tx: Tx, ctx: Ctx, system: string, want: { ids: string[]; sources: string[]; names: string[] }) {
  const byId: Found = new Map(want.ids.map((id) => [id, [id]]));
  const bySource: Found = new Map();
  const sources = await recordsBySource(tx, ctx.tenantId, 'company', want.sources.map((externalId) => ({ system, externalId })));
  for (const s of want.sources) {
    const id = sources.get(sourceKey(system, s));
    if (id) add(bySource, s, id);
  }
  const byName: Found = new Map();
  if (want.names.length) {
    const rows = await tx.select({ id: companies.id, name: companies.name }).from(companies)
      .where(and(eq(companies.tenantId, ctx.tenantId), inArray(companies.name, want.names)));
    for (const r of rows) add(byName, r.name, r.id);
  }
  return {
    id: await keepVisible(tx, ctx, 'company', byId),
    source: await keepVisible(tx, ctx, 'company', bySource),
    name: await keepVisible(tx, ctx, 'company', byName),
  };
}

/** Users by id or email (lower-cased keys). */
export async function findUsers(q: Queryable, tenantId: string, values: string[]): Promise<Found> {
  const out: Found = new Map();
  if (values.length === 0) return out;
  const ids = values.filter(isUuid);
  const emails = values.filter((v) => v.includes('@'));
  const rows = await q.select({ id: users.id, email: users.email }).from(users).where(and(eq(users.tenantId, tenantId),
    or(ids.length ? inArray(users.id, ids) : undefined, sql`lower(${users.email}::text) = any(${textArray(emails)})`)));
  for (const r of rows) {
    if (ids.includes(r.id)) add(out, r.id, r.id);
    add(out, r.email.toLowerCase(), r.id);
  }
  return out;
}

/** Campaigns by id or name (exact). */
export async function findCampaigns(q: Queryable, tenantId: string, values: string[]): Promise<Found> {
  const out: Found = new Map();
  if (values.length === 0) return out;
  const ids = values.filter(isUuid);
  const rows = await q.select({ id: campaigns.id, name: campaigns.name }).from(campaigns).where(and(eq(campaigns.tenantId, tenantId),
    or(ids.length ? inArray(campaigns.id, ids) : undefined, sql`${campaigns.name} = any(${textArray(values)})`)));
  for (const r of rows) {
    if (ids.includes(r.id)) add(out, r.id, r.id);
    if (values.includes(r.name)) add(out, r.name, r.id);
  }
  return out;
}
