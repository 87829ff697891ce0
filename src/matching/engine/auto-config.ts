// Settings when none are given: each column's kind from its name (and, failing that, its values),
// then blocking rules from the kinds present. Columns that look like truth or bookkeeping
// (cluster, true id, source) are not compared.
import type { BlockingRule, ComparisonSettings, FieldKind, SettingsInput } from './settings.ts';

const BY_NAME: Array<[RegExp, FieldKind]> = [
  [/e.?mail/, 'email'],
  [/birth.?place|place.?of.?birth/, 'city'],
  [/(street|house|building).?(number|no|num)/, 'numeric'],
  [/phone|mobile|cell|tel(ephone)?$|^tel|fax/, 'phone'],
  [/(birth|dob|born|date)/, 'date'],
  [/full.?name|first.?and.?(sur|last).?name|^name$|^person$|^contact$/, 'full_name'],
  [/(given|first|fore|christian).?name|^first$|^given$|^forename/, 'given_name'],
  [/(sur|last|family).?name|^surname$|^last$/, 'surname'],
  [/post.?code|zip|postal/, 'postcode'],
  [/address|street|addr/, 'address'],
  [/city|suburb|town|locality|birth.?place|village/, 'city'],
  [/company|organi[sz]ation|employer|agency|business|site.?name|^org/, 'company'],
  [/soc.?sec|ssn|passport|national.?id|tax.?id|licen[cs]e|^nin$|vat/, 'identifier'],
  [/state|county|region|province|country|gender|sex|title|cuisine|occupation/, 'category'],
  [/number|^no$|num$|^age$|amount/, 'numeric'],
];
// Truth and bookkeeping: entity/cluster labels and per-record keys say nothing about a person.
const IGNORE = /^(truth|label|source|source.?dataset|id|uuid|row|(.*_)?(cluster|entity|person|customer|record|rec|row|group|match|true|unique)_?(id|key|no|number)?)$/;

/** The kind of a column from its name, else from sample values; null to leave it out. */
export function guessKind(name: string, sample: readonly (string | undefined)[]): FieldKind | null {
  const n = name.trim().toLowerCase();
  if (IGNORE.test(n.replace(/[\s-]+/g, '_'))) return null;
  for (const [re, kind] of BY_NAME) if (re.test(n)) return kind;
  const values = sample.filter((v): v is string => !!v && v.trim() !== '');
  if (values.length === 0) return null;
  const share = (re: RegExp) => values.filter((v) => re.test(v.trim())).length / values.length;
  if (share(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i) > 0.8) return 'email';
  if (share(/^\d{4}-\d{2}-\d{2}$|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$/) > 0.8) return 'date';
  if (share(/^\+?[\d\s().-]{7,}$/) > 0.8) return 'phone';
  if (share(/^-?\d+(\.\d+)?$/) > 0.8) return 'numeric';
  const distinct = new Set(values).size;
  if (distinct <= Math.max(3, values.length / 50)) return 'category';
  return 'text';
}

/** Settings from the columns of the input(s); `sample` is a few hundred values per column. */
export function autoConfigure(columns: readonly string[], sample: (column: string) => readonly (string | undefined)[], exclude: readonly string[] = [], records = 0): SettingsInput {
  const comparisons: ComparisonSettings[] = [];
  for (const column of columns) {
    if (exclude.includes(column)) continue;
    const kind = guessKind(column, sample(column));
    if (kind) comparisons.push({ column, kind, termFrequency: kind === 'surname' || kind === 'given_name' || kind === 'city' || kind === 'full_name' ? true : undefined });
  }
  if (comparisons.length === 0) throw new Error('no column to compare: give a settings document');
  const first = (k: FieldKind) => comparisons.find((c) => c.kind === k)?.column;
  const given = first('given_name');
  const surname = first('surname');
  // A full-name column beside given name and surname repeats their evidence: counting it twice
  // would make namesakes look like matches. Same for a second column of one kind.
  const seen = new Set<FieldKind>();
  for (let i = comparisons.length - 1; i >= 0; i--) {
    const c = comparisons[i]!;
    if (c.kind === 'full_name' && given && surname) comparisons.splice(i, 1);
  }
  for (let i = 0; i < comparisons.length; i++) {
    const c = comparisons[i]!;
    if (['given_name', 'surname', 'full_name', 'date'].includes(c.kind) && seen.has(c.kind)) comparisons.splice(i--, 1);
    else seen.add(c.kind);
  }
  if (given && surname) {
    comparisons.find((c) => c.column === given)!.swapWith = surname;
    comparisons.find((c) => c.column === surname)!.swapWith = given;
  }
  return { comparisons, blocking: blockingFor(comparisons, records) };
}

/**
 * Blocking rules from the kinds present: each rule catches what the others may miss. Small inputs
 * (up to 60,000 records, the broadest up to 20,000) get broader rules too; they cost little there
 * and find the pairs that share only one or two values.
 */
export function blockingFor(comparisons: readonly ComparisonSettings[], records = 0): BlockingRule[] {
  const small = records > 0 && records <= 60_000;
  const tiny = records > 0 && records <= 20_000;
  const large = records > 200_000;
  const all = (k: FieldKind) => comparisons.filter((c) => c.kind === k).map((c) => c.column);
  const [given] = all('given_name');
  const [surname] = all('surname');
  const [full] = all('full_name');
  const [date] = all('date');
  const [postcode] = all('postcode');
  const [city] = all('city');
  const [address] = all('address');
  const [company] = all('company');
  const rules: BlockingRule[] = [];
  for (const c of all('email')) rules.push({ keys: [`${c}:local_part`] });
  for (const c of all('phone')) rules.push({ keys: [`${c}:last7`] });
  for (const c of all('identifier')) rules.push({ keys: [c] });
  if (given && surname) {
    // Unordered: a given name and surname written the other way round still share a block.
    if (date) rules.push({ keys: [`${given}:nick`, `${surname}:metaphone`, `${date}:year`], unordered: true });
    else rules.push({ keys: [`${given}:nick`, `${surname}:metaphone`], unordered: true });
    // Large inputs: common surnames make surname + day-of-year blocks grow with the input, so the
    // initial joins them there.
    if (date) rules.push({ keys: [`${surname}:metaphone`, `${date}:month_day`, ...(large ? [`${given}:first1`] : [])] });
    if (date) rules.push({ keys: [`${given}:nick`, date] });
    if (postcode) rules.push({ keys: [postcode, `${given}:first1`] });
    if (postcode) rules.push({ keys: [postcode, `${surname}:first1`] });
    if (city) rules.push({ keys: [city, `${surname}:metaphone`, large ? `${given}:nick` : `${given}:first1`] });
    if (small) rules.push({ keys: [`${given}:nick`, `${surname}:metaphone`], unordered: true });
    if (small && date) rules.push({ keys: [`${given}:first1`, `${surname}:first1`, `${date}:month_day`] });
    if (tiny) rules.push({ keys: [`${given}:nick`, `${surname}:first1`] });
    if (small && city) rules.push({ keys: [`${given}:nick`, city] });
    if (small && city) rules.push({ keys: [city, `${surname}:metaphone`] });
    if (small) rules.push({ keys: [`${given}:nick`, `${surname}:first2`] });
    if (tiny && date) rules.push({ keys: [date] });
    if (tiny) rules.push({ keys: [`${surname}:metaphone`] });
    if (tiny && date) rules.push({ keys: [`${given}:nick`, `${date}:year`] });
  }
  const name = full ?? surname ?? given;
  if (full) rules.push({ keys: [`${full}:token_metaphone`] });
  if (date && postcode) rules.push({ keys: [date, postcode] });
  if (date && name && !(given && surname)) rules.push({ keys: [date, `${name}:first1`] });
  if (date && !name) rules.push({ keys: [date] });
  if (address) rules.push({ keys: [`${address}:compact`] });
  if (company) rules.push({ keys: [`${company}:token_metaphone`, ...(city ? [`${city}:first3`] : postcode ? [postcode] : [])] });
  if (address && postcode) rules.push({ keys: [`${address}:token_metaphone`, postcode] });
  // Broad rules last, each on a pair budget (its block cap falls until its blocks make at most
  // that many pairs per record), so they stay linear in the input: the words of all name columns
  // in one key space (a surname typed as the given name, a nickname, a word of a full name still
  // meet), the words of an organisation's name and of an address, and single strong fields. Past
  // 60,000 records only the name words remain, on a small budget (the 100k-in-5-s target).
  const budget = tiny ? 10 : small ? 3 : 0.5;
  const names = [given && `${given}:nick`, surname && `${surname}:nick`, full && `${full}:nick`].filter((k): k is string => !!k);
  if (names.length > 0) rules.push({ keys: names, tokens: true, rarest: 2, pairsPerRecord: budget, name: 'name words' });
  if (small || records === 0) {
    // A name word too common to block on alone still meets the same word with the same birth place
    // or year (a surname moved to the given-name column, a nickname); and a word as written meets
    // where its sound code is shared by too many others.
    if (names.length > 0 && city) rules.push({ keys: names, tokens: true, with: [city], rarest: 2, pairsPerRecord: budget, name: 'name words + place' });
    if (names.length > 0 && date) rules.push({ keys: names, tokens: true, with: [`${date}:year`], rarest: 2, pairsPerRecord: budget, name: 'name words + year' });
    if (names.length > 0) rules.push({ keys: names.map((k) => k.split(':')[0]!), tokens: true, rarest: 2, pairsPerRecord: budget, name: 'name words as written' });
    if (given && city) rules.push({ keys: [`${given}:first1`, city], pairsPerRecord: budget, name: 'initial + place' });
    if (company) rules.push({ keys: [`${company}:metaphone`], tokens: true, rarest: 2, pairsPerRecord: budget, name: 'organisation words' });
    if (address) rules.push({ keys: [address], tokens: true, rarest: 2, pairsPerRecord: budget, name: 'address words' });
    for (const c of [postcode, date, ...all('phone')]) if (c) rules.push({ keys: [c], pairsPerRecord: budget, name: `${c} alone` });
  }
  if (rules.length === 0) rules.push({ keys: [comparisons[0]!.column] });
  return rules;
}
