// The real-time duplicate check ("this looks like Ada Lovelace, 97%"): for a stored contact or a
// draft, index-backed blocking in SQL finds at most a few hundred candidates (same email, same
// phone, same family name with the given initial or the birth date, swapped names, same postcode
// and family initial), then the engine's comparisons score them with the tenant's trained model
// (or the defaults before any dedupe ran). Only contacts the caller may see are candidates, and
// fields it may not see (birth date) count as missing.
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { rowsOf, textArray } from '../db/sql.ts';
import { readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden, notFound } from '../platform/errors.ts';
import { canViewField, visibilityOf } from '../platform/policy/index.ts';
import { visibilitySql } from '../platform/policy/sql.ts';
import { normalizeAddresses, normalizeEmails, normalizeName, normalizePhones, primaryOf } from '../contacts/normalize.ts';
import { contacts } from '../contacts/tables.ts';
import type { ContactPatch } from '../contacts/schemas.ts';
import { contactSettings, defaultModel, LOWER_THRESHOLD, scoreAgainst, type MatchRecord } from './contact-records.ts';
import { contactRecordsByIds, loadModel, notDuplicatesOf, type ContactSummary } from './data.ts';
import type { Waterfall } from './tables.ts';

/** Rows each blocking rule may contribute: a common name must not flood the scoring. */
const PER_RULE = 50;

export interface DuplicateHit { contact: ContactSummary; probability: number; matchWeight: number; waterfall: Waterfall }
export interface CheckResult { model: 'trained' | 'default'; candidates: DuplicateHit[] }

export interface BlockingKeys { id: string | null; emails: string[]; phones: string[]; given: string | null; family: string | null; birthDate: string | null; postcode: string | null }

/** Ids of contacts sharing a blocking key with the probe, through the contact_match_keys view's indexes. */
export async function blockingIds(q: Queryable, tenantId: string, k: BlockingKeys): Promise<string[]> {
  const arm = (where: SQL) => sql`(select id from contact_match_keys where tenant_id = ${tenantId}::uuid and ${where} limit ${PER_RULE})`;
  const arms: SQL[] = [];
  if (k.emails.length) arms.push(arm(sql`primary_email = any(${textArray(k.emails)})`));
  if (k.phones.length) arms.push(arm(sql`primary_phone = any(${textArray(k.phones)})`));
  if (k.family && k.given) {
    arms.push(arm(sql`lower(family_name) = lower(${k.family}) and lower(left(given_name, 1)) = lower(left(${k.given}, 1))`));
    arms.push(arm(sql`lower(given_name) = lower(${k.family}) and lower(left(family_name, 1)) = lower(left(${k.given}, 1))`));
  }
  if (k.family && k.birthDate) arms.push(arm(sql`lower(family_name) = lower(${k.family}) and birth_date = ${k.birthDate}::date`));
  if (k.family && k.postcode) arms.push(arm(sql`(addresses -> 0 ->> 'postalCode') = ${k.postcode} and lower(left(family_name, 1)) = lower(left(${k.family}, 1))`));
  if (arms.length === 0) return [];
  const rows = await rowsOf<{ id: string }>(q, sql`select distinct id from (${sql.join(arms, sql` union all `)}) k
    ${k.id ? sql`where id <> ${k.id}::uuid` : sql``}`);
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
  return {
    record,
    keys: {
      id: null, emails: emails.map((e) => e.address), phones: phones.map((p) => p.e164 ?? p.number),
      given: record.givenName, family: record.familyName, birthDate: record.birthDate, postcode: addresses[0]?.postalCode ?? null,
    },
  };
}

function keysOf(r: MatchRecord): BlockingKeys {
  return {
    id: r.id, emails: r.email ? [r.email] : [], phones: r.phone ? [r.phone] : [], given: r.givenName, family: r.familyName,
    birthDate: r.birthDate, postcode: r.postcode,
  };
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
  const rejected = keys.id ? await notDuplicatesOf(q, ctx.tenantId, keys.id, found.map((f) => f.record.id)) : new Set<string>();
  const scored = scoreAgainst(settings, model, probe, found.map((f) => f.record), hidden);
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
    return check(ctx, q, self.record, keysOf(self.record), limit);
  });
}
