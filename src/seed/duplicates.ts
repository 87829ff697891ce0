// Deliberate near-duplicates: the same person entered a second time the way it happens in real
// books (a typo, a nickname, swapped name order, shouting email case, accents lost on import).
// Each keeps one strong identifier of the original so a matcher has evidence to find it.
import type { ContactCreate } from '../contacts/schemas.ts';
import type { Random } from './random.ts';
import { nicknames, transliterations } from './names.ts';

export const duplicateKinds = ['typo', 'nickname', 'swapped', 'email_case', 'transliterated'] as const;
export type DuplicateKind = (typeof duplicateKinds)[number];

/** One typing slip in a word: two letters swapped, one dropped or one doubled. */
export function typo(r: Random, word: string): string {
  if (word.length < 4) return word + word.slice(-1);
  const i = r.between(1, word.length - 2);
  switch (r.int(3)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    default:
      return word.slice(0, i) + word[i] + word.slice(i);
  }
}

const transliterate = (s: string) => transliterations.reduce((acc, [from, to]) => acc.replace(from, to), s);
const stripAccents = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '');
const hasAccent = (s: string | null | undefined) => !!s && stripAccents(s) !== s;
/** Phones that resolve to E.164: written internationally, or with an address to say the country. */
const phonesResolve = (c: ContactCreate) => !!c.phones?.length && (!!c.addresses?.some((a) => a.country) || c.phones.every((p) => p.number.startsWith('+')));
const shout = (address: string) => address.replace(/^[^@]+/, (local) => local.split('.').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('.')).replace(/@.*/, (d) => d.toUpperCase());

/** Whether this contact can be duplicated in this way. */
export function canDuplicate(kind: DuplicateKind, c: ContactCreate): boolean {
  switch (kind) {
    case 'typo':
      return (c.familyName?.length ?? 0) >= 4 && !!c.emails?.length;
    case 'nickname':
      return !!c.givenName && !!nicknames[c.givenName] && (phonesResolve(c) || !!c.emails?.length);
    case 'swapped':
      return !!c.givenName && !!c.familyName && !!c.emails?.length;
    case 'email_case':
      return !!c.emails?.length;
    case 'transliterated':
      return (hasAccent(c.givenName) || hasAccent(c.familyName)) && (phonesResolve(c) || !!c.emails?.length);
  }
}

/** A second entry for the same person; carries no company links, owner or account data. */
export function duplicateOf(r: Random, kind: DuplicateKind, c: ContactCreate): ContactCreate {
  const base: ContactCreate = {
    prefix: c.prefix ?? null, givenName: c.givenName ?? null, middleName: null, familyName: c.familyName ?? null,
    jobTitle: c.jobTitle ?? null, lifecycleStage: 'lead', addresses: c.addresses ?? [], tags: ['imported'],
  };
  switch (kind) {
    case 'typo':
      return { ...base, familyName: typo(r, c.familyName!), emails: c.emails };
    case 'nickname':
      return { ...base, givenName: r.pick(nicknames[c.givenName!]!), phones: c.phones, emails: phonesResolve(c) ? [] : c.emails };
    case 'swapped':
      return { ...base, givenName: c.familyName ?? null, familyName: c.givenName ?? null, emails: c.emails };
    case 'email_case':
      return {
        ...base, middleName: c.middleName ?? null,
        emails: c.emails!.map((e) => ({ ...e, address: shout(e.address) })),
        phones: c.phones?.map((p) => ({ ...p, number: p.number.replace(/[^\d+]/g, '') })),
      };
    case 'transliterated': {
      const ascii = r.chance(0.5) ? (s: string) => stripAccents(transliterate(s)) : stripAccents;
      return {
        ...base,
        givenName: c.givenName ? stripAccents(c.givenName) : null,
        familyName: c.familyName ? ascii(c.familyName) : null,
        phones: c.phones, emails: phonesResolve(c) ? [] : c.emails,
      };
    }
  }
}
