// The real-time duplicate check ("this looks like Ada Lovelace, 97%"): for a stored contact or a
// draft, index-backed blocking finds at most CANDIDATES contacts sharing blocking keys with it
// (blocking-keys.ts: any email or phone, the family name's skeleton or sound with the given
// initial or the birth year, a one-letter typo of it, swapped names, nickname groups, postcode and
// family initial), the most shared first, then the engine's comparisons score them with the
// tenant's trained model (or the defaults before any dedupe ran). Only contacts the caller may see
// are candidates, and fields it may not see (birth date) count as missing.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf, textArray } from '../db/sql.ts';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden, notFound } from '../platform/errors.ts';
import { canViewField, visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { normalizeAddresses, normalizeEmails, normalizeName, normalizePhones, primaryOf } from '../contacts/normalize.ts';
import { contacts } from '../contacts/tables.ts';
import type { ContactPatch } from '../contacts/schemas.ts';
import { contactKeys, probeKeys, storedKeysOf } from './blocking-keys.ts';
import { contactSettings, defaultModel, LOWER_THRESHOLD, scoreAgainst, type MatchRecord } from './contact-records.ts';
import { contactRecordsByIds, loadModel, notDuplicatesOf, type ContactSummary } from './data.ts';
import type { Waterfall } from './tables.ts';
import type { Model } from './engine/model.ts';
import type { Settings } from './engine/settings.ts';

/** Candidates scored per check, the most keys shared first: a common name must not flood the scoring. */
const CANDIDATES = 100;
/** Rows one key may contribute: a key shared by thousands (a common name) says little on its own. */
const PER_KEY = 2000;

export interface DuplicateHit { contact: ContactSummary; probability: number; matchWeight: number; waterfall: Waterfall }
export interface CheckResult { model: 'trained' | 'default'; candidates: DuplicateHit[] }

/**
 * The probe's id (left out of its own candidates), the keys it asks with (each with its weight),
 * and all its emails and phones (lower-case addresses, E.164 or as typed).
 */
export interface BlockingKeys { id: string | null; keys: Map<string, number>; emails: string[]; phones: string[] }

/** A weighted key list as two array parameters of one unnest. */
export const keyParams = (keys: ReadonlyMap<string, number>) => ({
  keys: textArray([...keys.keys()]),
  weights: sql`${`{${[...keys.values()].join(',')}}`}::int[]`,
});

/**
 * Ids of contacts sharing a blocking key with the probe (contact_blocking_keys' index), ranked by
 * the weight of the keys they share, then by id, at most CANDIDATES of them.
 */
export async function blockingIds(q: Queryable, tenantId: string, k: BlockingKeys): Promise<string[]> {
  if (k.keys.size === 0) return [];
  const { keys, weights } = keyParams(k.keys);
  const rows = await rowsOf<{ id: string }>(q, sql`select s.contact_id::text as id from (
      select b.contact_id, sum(p.weight) as shared from unnest(${keys}, ${weights}) as p(key, weight)
      cross join lateral (select k.contact_id from contact_blocking_keys k where k.tenant_id = ${tenantId}::uuid and k.key = p.key
        order by k.contact_id limit ${PER_KEY}) b
      ${k.id ? sql`where b.contact_id <> ${k.id}::uuid` : sql``}
      group by b.contact_id) s
    order by s.shared desc, s.contact_id limit ${CANDIDATES}`);
  return rows.map((r) => r.id);
}

/** A draft (create or edit form) as an engine record plus its blocking keys. */
export function draftRecord(draft: ContactPatch): { record: MatchRecord; keys: BlockingKeys } {
  const addresses = normalizeAddresses(draft.addresses ?? []);
  const country = primaryOf(addresses)?.country ?? null;
  const emails = normalizeEmails(draft.emails ?? []);
  const phones = normalizePhones(draft.phones ?? [], country);
  const first = primaryOf(addresses) ?? addresses[0];
  const phone = primaryOf(phones);
  const record: MatchRecord = {
    id: '00000000-0000-0000-0000-000000000000',
    givenName: normalizeName(draft.givenName), familyName: normalizeName(draft.familyName),
    email: primaryOf(emails)?.address ?? null, phone: phone ? (phone.e164 ?? phone.number) : null,
    birthDate: draft.birthDate ?? null, postcode: first?.postalCode ?? null, city: first?.city ?? null, company: null,
  };
  const own = contactKeys({ id: record.id, givenName: record.givenName, familyName: record.familyName, birthDate: record.birthDate, emails, phones, addresses });
  return { record, keys: { id: null, keys: probeKeys(own, record), emails: emails.map((e) => e.address.toLowerCase()), phones: phones.map((p) => p.e164 ?? p.number) } };
}

/**
 * Engine records carry one email and one phone (the primary): a candidate found through another of
 * its emails or phones is scored with the one it shares with the probe, on both sides.
 */
function scoreAligned(settings: Settings, model: Model, probe: MatchRecord, keys: BlockingKeys, found: ReadonlyArray<{ record: MatchRecord; summary: ContactSummary }>, hidden: string[]) {
  const groups = new Map<string, { probe: MatchRecord; records: MatchRecord[] }>();
  for (const f of found) {
    const email = f.summary.emails.map((e) => e.address.toLowerCase()).find((a) => keys.emails.includes(a)) ?? null;
    const phone = f.summary.phones.map((p) => p.e164 ?? p.number).find((n) => keys.phones.includes(n)) ?? null;
    const p = { ...probe, email: email ?? probe.email, phone: phone ?? probe.phone };
    const group = `${p.email ?? ''}\u0000${p.phone ?? ''}`;
    let g = groups.get(group);
    if (!g) groups.set(group, (g = { probe: p, records: [] }));
    g.records.push({ ...f.record, email: email ?? f.record.email, phone: phone ?? f.record.phone });
  }
  return [...groups.values()].flatMap((g) => scoreAgainst(settings, model, g.probe, g.records, hidden));
}

/** The check on an open connection of ctx's tenant (the routes below; the benchmark calls it directly). */
export async function check(ctx: Ctx, q: Queryable, probe: MatchRecord, keys: BlockingKeys, limit: number): Promise<CheckResult> {
  const visibility = visibilityOf(ctx.principal, 'contact');
  if (!visibility) throw forbidden('Your role may not read contacts');
  const ids = await blockingIds(q, ctx.tenantId, keys);
  const found = await contactRecordsByIds(q, ctx.tenantId, ids, visibilitySql(visibility, contacts, 'contact'));
  const stored = await loadModel(q, ctx.tenantId, 'contact');
  const settings = stored?.settings ?? contactSettings(0);
  const model = stored?.model ?? defaultModel(settings);
  const hidden = canViewField(ctx.principal, 'contact', 'birthDate') ? [] : ['birth_date'];
  const rejected = keys.id ? await notDuplicatesOf(q, ctx.tenantId, 'contact', keys.id, found.map((f) => f.record.id)) : new Set<string>();
  const scored = scoreAligned(settings, model, probe, keys, found, hidden);
  const byId = new Map(found.map((f) => [f.record.id, f.summary]));
  const hits = scored
    .filter((s) => s.explanation.matchProbability >= LOWER_THRESHOLD && !rejected.has(s.id))
    .sort((a, b) => b.explanation.matchWeight - a.explanation.matchWeight)
    .slice(0, limit)
    .map((s) => ({
      contact: byId.get(s.id)!, probability: s.explanation.matchProbability, matchWeight: s.explanation.matchWeight,
      waterfall: { priorWeight: s.explanation.priorWeight, steps: s.explanation.steps },
    }));
  return { model: stored ? 'trained' : 'default', candidates: hits };
}

/** Likely duplicates of a contact being created or edited (nothing is written). */
export async function checkDraft(ctx: Ctx, draft: ContactPatch, limit = 5, excludeId?: string): Promise<CheckResult> {
  const { record, keys } = draftRecord(draft);
  if (excludeId) {
    record.id = excludeId;
    keys.id = excludeId;
  }
  return readInTenant(ctx, (q) => check(ctx, q, record, keys, limit));
}

/** Likely duplicates of a stored contact the caller may see (404 otherwise). */
export async function duplicatesOf(ctx: Ctx, id: string, limit = 5): Promise<CheckResult> {
  const visibility = visibilityOf(ctx.principal, 'contact');
  if (!visibility) throw notFound('Contact');
  return readInTenant(ctx, async (q) => {
    const [self] = await contactRecordsByIds(q, ctx.tenantId, [id], visibilitySql(visibility, contacts, 'contact'));
    if (!self) throw notFound('Contact');
    const own = (await storedKeysOf(q, ctx.tenantId, [id])).get(id) ?? [];
    const keys = { id, keys: probeKeys(own, self.record), emails: self.summary.emails.map((e) => e.address.toLowerCase()), phones: self.summary.phones.map((p) => p.e164 ?? p.number) };
    return check(ctx, q, self.record, keys, limit);
  });
}
