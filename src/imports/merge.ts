// How an imported row changes a contact that already exists: a value the file gives replaces the
// stored one, lists (emails, phones, addresses, tags, companies, source identifiers) gain the items
// they lack, and an empty cell never clears anything. snapshotOf records the previous values of
// exactly what a patch changes, which is what undo writes back. Pure.
import type { ContactOut, ContactPatch } from '../contacts/schemas.ts';
import { normalizeDomain, normalizeWebsite, type CompanyOut, type CompanyPatch } from '../companies/schemas.ts';

const contactScalars = ['prefix', 'givenName', 'middleName', 'familyName', 'suffix', 'jobTitle', 'lifecycleStage', 'tier', 'ownerId', 'teamId', 'birthDate'];
const companyScalars = ['name', 'domain', 'website', 'industry', 'size', 'description', 'ownerId', 'teamId'];

/** What contacts and companies share, as far as merging goes. */
type Stored = {
  phones: ContactOut['phones']; addresses: ContactOut['addresses']; tags: string[];
  sourceIdentifiers: Array<{ system: string; externalId: string }>; customFields: Record<string, unknown>;
  emails?: ContactOut['emails']; companies?: ContactOut['companies'];
};
type Patch = Pick<ContactPatch, 'phones' | 'addresses' | 'tags' | 'sourceIdentifiers' | 'customFields' | 'emails'>;

const digits = (s: string) => s.replace(/\D/g, '');
const addressKey = (a: { line1?: string | null | undefined; city?: string | null | undefined; postalCode?: string | null | undefined }) =>
  [a.line1, a.city, a.postalCode].map((x) => (x ?? '').toLowerCase().replace(/\s+/g, ' ').trim()).join('|');

/** A contact's list and scalar values in the shape a patch takes (what undo sends back). */
export function patchShape(c: Stored, key: string): unknown {
  switch (key) {
    case 'emails': return (c.emails ?? []).map((e) => ({ address: e.address, type: e.type, primary: e.primary }));
    case 'phones': return c.phones.map((p) => ({ number: p.number, type: p.type, primary: p.primary }));
    case 'addresses': return c.addresses.map((a) => ({ ...a }));
    case 'companies': return (c.companies ?? []).map((l) => ({ companyId: l.companyId, role: l.role, isPrimary: l.isPrimary }));
    case 'sourceIdentifiers': return c.sourceIdentifiers.map((s) => ({ ...s }));
    case 'tags': return [...c.tags];
    default: return (c as Record<string, unknown>)[key] ?? null;
  }
}

function addMissing<T>(current: T[], incoming: T[] | undefined, key: (item: T) => string, asNew: (item: T) => T): T[] | undefined {
  if (!incoming?.length) return undefined;
  const have = new Set(current.map(key));
  const added = incoming.filter((i) => !have.has(key(i)) && have.add(key(i)));
  return added.length ? [...current, ...added.map(asNew)] : undefined;
}

export const mergeIntoContact = (c: ContactOut, p: ContactPatch, companyIds: string[]) => mergeInto(c, p, contactScalars, companyIds) as ContactPatch;
// Stored in normal form: compare the file's value in that form, so "acme.com" does not rewrite "https://acme.com/".
const asStored: Record<string, (v: unknown) => unknown> = {
  domain: (v) => normalizeDomain(String(v)) ?? v,
  website: (v) => normalizeWebsite(String(v)) ?? v,
};
export const mergeIntoCompany = (c: CompanyOut, p: CompanyPatch) => mergeInto(c, p, companyScalars, [], asStored) as CompanyPatch;

function mergeInto(c: Stored, p: Patch, scalars: string[], companyIds: string[], normal: Record<string, (v: unknown) => unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of scalars) {
    const v = (p as Record<string, unknown>)[k];
    if (v !== undefined && v !== null && (normal[k]?.(v) ?? v) !== (c as Record<string, unknown>)[k]) out[k] = v;
  }
  const lists: Array<[string, unknown[] | undefined]> = [
    ['emails', addMissing(patchShape(c, 'emails') as Array<{ address: string }>, p.emails, (e) => e.address.toLowerCase(), (e) => ({ ...e, primary: false }))],
    ['phones', addMissing(patchShape(c, 'phones') as Array<{ number: string }>, p.phones, (t) => digits(t.number), (t) => ({ ...t, primary: false }))],
    ['addresses', addMissing(patchShape(c, 'addresses') as NonNullable<ContactPatch['addresses']>, p.addresses, addressKey, (a) => ({ ...a, primary: false }))],
    ['tags', addMissing(c.tags, p.tags, (t) => t.toLowerCase(), (t) => t)],
    ['companies', addMissing(patchShape(c, 'companies') as Array<{ companyId: string }>, companyIds.map((companyId) => ({ companyId })), (l) => l.companyId, (l) => ({ ...l, isPrimary: false }))],
    ['sourceIdentifiers', addMissing(c.sourceIdentifiers, p.sourceIdentifiers, (s) => `${s.system}\u0000${s.externalId}`, (s) => s)],
  ];
  for (const [k, v] of lists) if (v) out[k] = v;
  if (p.customFields) {
    const changed = Object.entries(p.customFields).filter(([k, v]) => JSON.stringify(c.customFields[k] ?? null) !== JSON.stringify(v));
    if (changed.length) out['customFields'] = Object.fromEntries(changed);
  }
  return out;
}

/** The stored values of `keys` (custom fields: only those the patch changes). */
export function snapshotOf(c: Stored, keys: string[], patch?: Patch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (k === 'customFields') {
      const changed = Object.keys(patch?.customFields ?? {});
      out[k] = Object.fromEntries(changed.map((f) => [f, c.customFields[f] ?? null]));
    } else out[k] = patchShape(c, k);
  }
  return out;
}
