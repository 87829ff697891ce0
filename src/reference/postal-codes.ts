// Postal code formats per country: the written form (spacing, hyphen, case) and the pattern a
// valid code matches. Patterns follow the national postal operators' published formats (as
// collected in Google's address data); they check the shape, not that the code is assigned.

interface Format {
  pattern: RegExp;
  /** Puts a code typed without its separator into the written form. */
  write?: (compact: string) => string;
}

const digits = (n: number): Format => ({ pattern: new RegExp(`^\\d{${n}}$`) });
const split = (n: number, at: number, sep: string): Format => ({
  pattern: new RegExp(`^\\d{${at}}${sep === ' ' ? ' ' : sep}\\d{${n - at}}$`),
  write: (c) => (new RegExp(`^\\d{${n}}$`).test(c) ? `${c.slice(0, at)}${sep}${c.slice(at)}` : c),
});
/** Codes written with a space before the last three characters (GB, CA, IE). */
const spaceBeforeLast = (n: number) => (c: string) => (c.length > n ? `${c.slice(0, -n)} ${c.slice(-n)}` : c);

const formats: Record<string, Format> = {
  US: { pattern: /^\d{5}(-\d{4})?$/, write: (c) => (/^\d{9}$/.test(c) ? `${c.slice(0, 5)}-${c.slice(5)}` : c) },
  CA: { pattern: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$/, write: spaceBeforeLast(3) },
  GB: { pattern: /^(GIR 0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2})$/, write: spaceBeforeLast(3) },
  IE: { pattern: /^([AC-FHKNPRTV-Y]\d{2}|D6W) [0-9AC-FHKNPRTV-Y]{4}$/, write: spaceBeforeLast(4) },
  NL: { pattern: /^[1-9]\d{3} (?!SA|SD|SS)[A-Z]{2}$/, write: spaceBeforeLast(2) },
  DE: digits(5), FR: digits(5), IT: digits(5), FI: digits(5), PK: digits(5), UA: digits(5), MX: digits(5), TR: digits(5),
  KR: digits(5), MY: digits(5), TH: digits(5), ID: digits(5), EG: digits(5), MA: digits(5), HR: digits(5), EE: digits(5), LT: digits(5),
  ES: { pattern: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/ },
  AU: digits(4), NZ: digits(4), ZA: digits(4), CH: digits(4), AT: digits(4), BE: digits(4), DK: digits(4), NO: digits(4),
  HU: digits(4), LU: digits(4), PH: digits(4), BG: digits(4), SI: digits(4), CY: digits(4), LV: { pattern: /^LV-\d{4}$/, write: (c) => (/^\d{4}$/.test(c) ? `LV-${c}` : c) },
  IN: { pattern: /^[1-9]\d{5}$/ }, CN: digits(6), RU: digits(6), SG: digits(6), RO: digits(6), KZ: digits(6), VN: digits(6),
  IL: digits(7),
  BR: split(8, 5, '-'), JP: split(7, 3, '-'), PL: split(5, 2, '-'), PT: split(7, 4, '-'),
  SE: split(5, 3, ' '), CZ: split(5, 3, ' '), SK: split(5, 3, ' '), GR: split(5, 3, ' '),
  AR: { pattern: /^([A-HJ-NP-Z]\d{4}[A-Z]{3}|\d{4})$/ },
};

// Countries whose post has no postal codes: a value there is odd but not wrong, so it is not checked.
export const postalCodeCountries: readonly string[] = Object.keys(formats);

export interface PostalCheck {
  /** The written form when valid, else what was typed (tidied). */
  value: string;
  /** null: no format known for the country (or no country), so not checked. */
  valid: boolean | null;
}

/** Checks and writes a postal code the way the country writes it ("sw1a1aa", GB -> "SW1A 1AA"). */
export function checkPostalCode(country: string | null | undefined, input: string): PostalCheck {
  const typed = input.replace(/\s+/g, ' ').trim();
  const format = country ? formats[country] : undefined;
  if (!format || !country) return { value: typed, valid: null };
  let upper = typed.toUpperCase();
  // "D-10115", "CH-8001": a country prefix from old European addressing.
  if (country !== 'LV') upper = upper.replace(/^[A-Z]{1,3}-(?=\d)/, '');
  if (format.pattern.test(upper)) return { value: upper, valid: true };
  const compact = upper.replace(/[\s-]/g, '');
  const written = format.write ? format.write(compact) : compact;
  return format.pattern.test(written) ? { value: written, valid: true } : { value: typed, valid: false };
}
