// Which tokens a record is found by. Services and the seed both call these, so records written
// either way are searchable the same way.
import { fold, searchTokens } from '../contacts/normalize.ts';
import type { PhoneNumber } from '../contacts/types.ts';

export function contactTokens(c: {
  givenName?: string | null; middleName?: string | null; familyName?: string | null; displayName?: string | null;
  emails?: Array<{ address: string }> | null; phones?: PhoneNumber[] | null;
}): string[] {
  return searchTokens({
    names: [c.givenName, c.middleName, c.familyName, c.displayName],
    emails: (c.emails ?? []).map((e) => e.address),
    phones: c.phones ?? [],
  });
}

/** Words of the name and the domain (also whole, so "acme.com" matches exactly), and phone digits. */
export function companyTokens(c: { name: string; domain?: string | null; phones?: PhoneNumber[] | null }): string[] {
  const tokens = searchTokens({ names: [c.name, c.domain], phones: c.phones ?? [] });
  if (c.domain) tokens.push(fold(c.domain));
  return [...new Set(tokens)];
}
