// Recasing of personal names typed all in capitals or all in lower case ("MCDONALD", "van der
// berg"). Names typed in mixed case are left as they are: the person knew better than any rule.
// Handles Mc/Mac, O', d', particles (van der, de la, von), hyphenated parts, Roman numerals and
// suffixes such as Jr.

// Lower case inside a name (not when they are the whole name or its last word).
const particles = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'dei', 'degli', 'di', 'da', 'das', 'dos', 'du', 'la', 'le', 'les', 'zu', 'zum', 'zur', 'ter', 'ten', 'te', 'af', 'av', 'bin', 'bint', 'y', 'e']);
const numerals = new Set(['ii', 'iii', 'iv', 'vi', 'vii', 'viii', 'ix', 'xi', 'xii', 'xiii']);
const fixed: Record<string, string> = {
  jr: 'Jr', 'jr.': 'Jr.', sr: 'Sr', 'sr.': 'Sr.', phd: 'PhD', 'ph.d.': 'Ph.D.', esq: 'Esq', 'esq.': 'Esq.', md: 'MD', mba: 'MBA', cpa: 'CPA', cfa: 'CFA',
};
// Surnames that start with "Mac" but are not Mac + a name (after NameCase by Mark Summerfield).
const notMac = /^mac(edo|evicius|hado|har|hin|hlin|ias|iel|iulis|kie|kle|klin|kmin|quarie|ri|aroni|abre|ario)$/;

const capital = (w: string) => (w ? w[0]!.toUpperCase() + w.slice(1).toLowerCase() : w);

/** One hyphen-free part of a word, in lower case. */
function casePart(p: string): string {
  if (/^o['’]\p{L}/u.test(p)) return `O${p[1]}${capital(p.slice(2))}`;
  if (/^d['’]\p{L}/u.test(p)) return `d${p[1]}${capital(p.slice(2))}`;
  if (/^mc\p{L}{2,}/u.test(p)) return `Mc${capital(p.slice(2))}`;
  if (/^mac\p{L}{3,}/u.test(p) && !notMac.test(p)) return `Mac${capital(p.slice(3))}`;
  return capital(p);
}

function caseWord(word: string, index: number, count: number): string {
  const w = word.toLowerCase();
  if (fixed[w]) return fixed[w];
  // "III" after a name is a numeral, and alone (a suffix field) too; but "Vi" and "Xi" alone are names.
  if (numerals.has(w) && (index > 0 || (w !== 'vi' && w !== 'xi'))) return w.toUpperCase();
  const isLast = index === count - 1;
  const isOnly = count === 1;
  if (particles.has(w) && !isLast && !isOnly) return w;
  return w.split('-').map(casePart).join('-');
}

/** True when the letters of s have case and are all of one case. */
export function isSingleCase(s: string): boolean {
  const letters = s.replace(/[^\p{L}]/gu, '');
  if (!letters || letters.toUpperCase() === letters.toLowerCase()) return false;
  return letters === letters.toUpperCase() || letters === letters.toLowerCase();
}

/** "MCDONALD" -> "McDonald", "van der berg" -> "van der Berg"; mixed case returns unchanged. */
export function nameCase(input: string): string {
  if (!isSingleCase(input)) return input;
  const words = input.split(' ');
  return words.map((w, i) => caseWord(w, i, words.length)).join(' ');
}
