// Blocking keys of the real-time duplicate check, worked out in TypeScript with the matching
// engine's own normalisation (script folding and transliteration, name skeletons, Double
// Metaphone, nickname groups), so Шевченко meets Shevchenko and Müller meets Muller through an
// index. One row per (contact, key) in contact_blocking_keys; every contact write calls
// writeContactKeys (contacts/service.ts, update-batch.ts, seed/insert.ts, unmerge.ts), a delete
// trigger drops a deleted contact's keys, and the matching.keys job keys the contacts stored
// before the table existed. A key is "<kind>:<value>":
//   e:<email>                 every email, not only the primary one
//   p:<last 7 digits>         every phone
//   fs:<skeleton>/<initial>   family name's skeleton + given name's first letter
//   fm:<metaphone>/<initial>  family name's Double Metaphone + given name's first letter
//   ys:<skeleton>/<year>      family name's skeleton + birth year
//   ym:<metaphone>/<year>     family name's Double Metaphone + birth year
//   k:<nick>/<metaphone>      given name's nickname group (else its sound) + family name's sound
//   b:<nick>/<birth date>     given name's nickname group + birth date (a married name changes)
//   z:<postcode>/<initial>    each address's postcode + family name's first letter
// A probe asks with more keys than it stores: the same with given and family names swapped, and
// the family skeleton's one-edit neighbours (a letter wrong, missing, extra or two swapped) with
// the given initial or the birth year, so one typo still meets the stored spelling's keys.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { insertUnnest, rowsOf, uuidArray } from '../db/sql.ts';
import { contactBlockingKeys } from '../contacts/tables.ts';
import { doubleMetaphone } from './engine/double-metaphone.ts';
import { canonicalGroup } from './engine/nicknames.ts';
import { digitsOnly, foldCompact, givenNameCore, nameSkeleton } from './engine/normalize.ts';
import { normaliseValue } from './engine/prepare.ts';

/** What keys are made of: a contact row, a draft, or an engine record with its lists. */
export interface KeyedContact {
  id: string;
  givenName?: string | null | undefined;
  familyName?: string | null | undefined;
  birthDate?: string | null | undefined;
  emails?: ReadonlyArray<{ address: string }> | undefined;
  phones?: ReadonlyArray<{ e164?: string | null | undefined; number: string }> | undefined;
  addresses?: ReadonlyArray<{ postalCode?: string | null | undefined }> | undefined;
}

interface NameCodes { compact: string; skeleton: string; metaphone: string; initial: string; nick: string }

function codesOf(raw: string | null | undefined, kind: 'given_name' | 'surname'): NameCodes | null {
  const folded = normaliseValue(kind, raw ?? undefined);
  if (!folded) return null;
  const core = kind === 'given_name' ? givenNameCore(folded) : folded;
  const compact = core.replace(/ /g, '');
  if (!compact) return null;
  const metaphone = doubleMetaphone(compact, 8)[0] || compact;
  const group = kind === 'given_name' ? canonicalGroup(core.split(' ')[0] ?? '') : -1;
  return { compact, skeleton: nameSkeleton(core) || compact, metaphone, initial: compact.slice(0, 1), nick: group >= 0 ? `g${group}` : metaphone };
}

const yearOf = (d: string | null | undefined) => (d && /^\d{4}-\d{2}-\d{2}/.test(d) ? d.slice(0, 4) : null);
const dateOf = (d: string | null | undefined) => (d && /^\d{4}-\d{2}-\d{2}/.test(d) ? d.slice(0, 10).replace(/-/g, '') : null);

/** The keys a contact is stored under (sorted, distinct). */
export function contactKeys(c: KeyedContact): string[] {
  const keys = new Set<string>();
  for (const e of c.emails ?? []) {
    const v = normaliseValue('email', e.address);
    if (v) keys.add(`e:${v}`);
  }
  for (const p of c.phones ?? []) {
    const digits = digitsOnly(p.e164 ?? p.number ?? '');
    if (digits.length >= 7) keys.add(`p:${digits.slice(-7)}`);
  }
  const family = codesOf(c.familyName, 'surname');
  const given = codesOf(c.givenName, 'given_name');
  const year = yearOf(c.birthDate);
  const date = dateOf(c.birthDate);
  if (family) {
    if (given) {
      keys.add(`fs:${family.skeleton}/${given.initial}`);
      keys.add(`fm:${family.metaphone}/${given.initial}`);
      keys.add(`k:${given.nick}/${family.metaphone}`);
    }
    if (year) {
      keys.add(`ys:${family.skeleton}/${year}`);
      keys.add(`ym:${family.metaphone}/${year}`);
    }
    for (const a of c.addresses ?? []) {
      const postcode = a.postalCode ? foldCompact(a.postalCode) : '';
      if (postcode) keys.add(`z:${postcode}/${family.initial}`);
    }
  }
  if (given && date) keys.add(`b:${given.nick}/${date}`);
  return [...keys].sort();
}

// Letters a skeleton is written in (nameSkeleton folds w, z, y, j, q and x into others).
const SKELETON_LETTERS = 'abcdefghiklmnoprstuv';

/**
 * Strings one edit from `s`: 'all' = a letter deleted, two neighbours swapped, a letter replaced or
 * one inserted (about 40 per letter); 'light' = deleted or swapped only (two per letter).
 */
function neighbours(s: string, typos: 'all' | 'light'): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= s.length; i++) {
    const head = s.slice(0, i);
    if (i < s.length) {
      const tail = s.slice(i + 1);
      out.add(head + tail);
      if (i + 1 < s.length) out.add(head + s[i + 1] + s[i] + s.slice(i + 2));
      if (typos === 'all') for (const c of SKELETON_LETTERS) if (c !== s[i]) out.add(head + c + tail);
    }
    if (typos === 'all') for (const c of SKELETON_LETTERS) out.add(head + c + s.slice(i));
  }
  out.delete(s);
  return out;
}

/** A typo in a name this short mostly makes another real name: only longer skeletons are widened. */
const TYPO_MIN_LENGTH = 4;

/**
 * The keys a probe asks with: its own keys (`own`, as contactKeys gives them or as stored) plus
 * its names swapped and its family skeleton's one-edit neighbours (about 600 keys for a name of
 * eight letters; `light`: only those with a letter missing or two swapped, for a batch of
 * thousands of probes, where the full set would cost seconds). Each with a weight: a shared
 * email, phone or birth date says more than a shared name, and candidates are ranked by the sum.
 */
export function probeKeys(own: readonly string[], names: Pick<KeyedContact, 'givenName' | 'familyName' | 'birthDate'>, typos: 'all' | 'light' = 'all'): Map<string, number> {
  const out = new Map<string, number>();
  const add = (key: string) => {
    if (!out.has(key)) out.set(key, weightOf(key));
  };
  for (const k of own) add(k);
  const family = codesOf(names.familyName, 'surname');
  const given = codesOf(names.givenName, 'given_name');
  const year = yearOf(names.birthDate);
  // Swapped: the probe's given name as a stored family name, and the other way round.
  const asFamily = codesOf(names.givenName, 'surname');
  const asGiven = codesOf(names.familyName, 'given_name');
  if (asFamily && asGiven) {
    add(`fs:${asFamily.skeleton}/${asGiven.initial}`);
    add(`fm:${asFamily.metaphone}/${asGiven.initial}`);
    add(`k:${asGiven.nick}/${asFamily.metaphone}`);
  }
  if (family && family.skeleton.length >= TYPO_MIN_LENGTH && (given || year)) {
    for (const v of neighbours(family.skeleton, typos)) {
      if (given) add(`fs:${v}/${given.initial}`);
      if (year) add(`ys:${v}/${year}`);
    }
  }
  return out;
}

/** How much one shared key counts when candidates are ranked. */
function weightOf(key: string): number {
  switch (key.slice(0, key.indexOf(':'))) {
    case 'e': return 4;
    case 'p': return 3;
    case 'b': return 3;
    case 'z': return 2;
    default: return 1;
  }
}

/**
 * Writes the keys of `rows` (contacts just created or updated, in tx). 'fresh': none can have keys
 * yet (a create), nothing is deleted first. `before`: the same contacts as they were, in the same
 * order: a contact whose keys come out the same (an edit of its tags, owner or job title) is not
 * rewritten; the others have their keys replaced.
 */
export async function writeContactKeys(tx: Queryable, tenantId: string, rows: readonly KeyedContact[], before: 'fresh' | readonly KeyedContact[]): Promise<void> {
  const changed: Array<{ id: string; keys: string[] }> = [];
  rows.forEach((r, i) => {
    const keys = contactKeys(r);
    const was = before === 'fresh' ? undefined : before[i];
    if (was && contactKeys(was).join('\n') === keys.join('\n')) return;
    changed.push({ id: r.id, keys });
  });
  if (changed.length === 0) return;
  if (before !== 'fresh') await tx.execute(sql`delete from contact_blocking_keys where tenant_id = ${tenantId}::uuid and contact_id = any(${uuidArray(changed.map((c) => c.id))})`);
  await insertUnnest(tx, contactBlockingKeys, changed.flatMap((c) => c.keys.map((key) => ({ tenantId, contactId: c.id, key }))));
}

/** Recomputes the keys of stored contacts by id (unmerge puts rows back as they were). */
export async function refreshContactKeys(tx: Queryable, tenantId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await rowsOf<{ id: string; given_name: string | null; family_name: string | null; birth_date: string | null; emails: Array<{ address: string }>; phones: Array<{ e164?: string | null; number: string }>; addresses: Array<{ postalCode?: string | null }> }>(tx,
    sql`select id, given_name, family_name, birth_date::text as birth_date, emails, phones, addresses from contacts
      where tenant_id = ${tenantId}::uuid and id = any(${uuidArray(ids)})`);
  await tx.execute(sql`delete from contact_blocking_keys where tenant_id = ${tenantId}::uuid and contact_id = any(${uuidArray(ids)})`);
  await writeContactKeys(tx, tenantId, rows.map((r) => ({
    id: r.id, givenName: r.given_name, familyName: r.family_name, birthDate: r.birth_date, emails: r.emails, phones: r.phones, addresses: r.addresses,
  })), 'fresh');
}

/** The stored keys of contacts by id (a stored probe asks with them). */
export async function storedKeysOf(q: Queryable, tenantId: string, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await rowsOf<{ contact_id: string; key: string }>(q, sql`select contact_id::text as contact_id, key from contact_blocking_keys
    where tenant_id = ${tenantId}::uuid and contact_id = any(${uuidArray(ids)})`);
  for (const r of rows) out.get(r.contact_id)?.push(r.key);
  return out;
}
