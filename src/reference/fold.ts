// The one key form reference look-ups compare on: lower case, no accents, no punctuation, single
// spaces. "Baden-Württemberg", "baden wurttemberg" and "BADEN-WÜRTTEMBERG." all meet here.
export function lookupKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
