// Text folding so values written differently meet: Unicode NFKC, case, accents, Latin letters
// without a decomposition (ß, ø, ł, æ...), and Cyrillic (Ukrainian and Russian) transliterated to
// Latin. nameSkeleton() goes further for names only, collapsing spelling variants that
// transliteration and romanisation produce (kh/h, y/i/j, doubled or long vowels: Kumaar ~ Kumar).

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', є: 'ye', ё: 'yo', ж: 'zh', з: 'z', и: 'i',
  і: 'i', ї: 'yi', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't',
  у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e',
  ю: 'yu', я: 'ya', ў: 'u', '’': '', 'ʼ': '',
};
// Ukrainian spelling (КМУ 2010): г is h, и is y, й inside a word is i. Chosen per word when the word
// carries a letter only Ukrainian uses, so Олександр -> oleksandr and Александр -> aleksandr.
const UKRAINIAN_ONLY = /[ґєії]/;
const UKRAINIAN: Record<string, string> = { г: 'h', и: 'y', й: 'i' };

const LATIN_EXTRA: Record<string, string> = {
  ß: 'ss', ẞ: 'ss', ø: 'o', ł: 'l', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't',
};

const CYRILLIC_RE = /[\u0400-\u04ff]/;
const COMBINING = /[\u0300-\u036f]/g;
const NON_ALNUM = /[^a-z0-9]+/g;
const ASCII = /^[\x00-\x7f]*$/;

/** Transliterate the Cyrillic letters of one lower-case word. */
function transliterateWord(word: string): string {
  const ukrainian = UKRAINIAN_ONLY.test(word);
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (ukrainian && c in UKRAINIAN && !(c === 'й' && i === 0)) out += UKRAINIAN[c];
    else out += CYRILLIC[c] ?? c;
  }
  return out;
}

/**
 * Lower-case Latin letters and digits separated by single spaces. Everything else (punctuation,
 * apostrophes, hyphens) becomes a space, so "O'Brien" -> "o brien" on both sides alike.
 */
export function foldText(value: string): string {
  // Plain ASCII (most values) has nothing to compose, transliterate or strip.
  if (ASCII.test(value)) return value.toLowerCase().replace(NON_ALNUM, ' ').trim();
  let s = value.normalize('NFKC').toLowerCase();
  if (CYRILLIC_RE.test(s)) s = s.split(/(\s+)/).map(transliterateWord).join('');
  let extra = '';
  for (const c of s) extra += LATIN_EXTRA[c] ?? c;
  return extra.normalize('NFD').replace(COMBINING, '').replace(NON_ALNUM, ' ').trim();
}

/** foldText without spaces: "van der berg" and "vanderberg", "o brien" and "obrien" meet. */
export function foldCompact(value: string): string {
  return foldText(value).replace(/ /g, '');
}

// Ordered rewrites; each removes a difference that romanisations of one name commonly show.
const SKELETON_RULES: Array<[RegExp, string]> = [
  [/ue/g, 'u'], [/oe/g, 'o'], [/ae/g, 'a'], // Müller written Mueller folds to muller either way
  // German-style romanisation of Ukrainian and Russian (Schewtschenko, Schtscherbak, Wolodymyr).
  [/schtsch/g, 'sh'], [/tsch/g, 'ch'],
  [/kh/g, 'h'], [/gh/g, 'g'], [/dh/g, 'd'], [/th/g, 't'], [/bh/g, 'b'], [/ph/g, 'f'],
  [/shch/g, 'sh'], [/sch/g, 'sh'], [/tch/g, 'ch'], [/zh/g, 'j'],
  // Ukrainian г is h where Russian has g (Hnatiuk ~ Gnatyuk, Ihor ~ Igor, Olha ~ Olga, Serhiy ~
  // Sergiy): h before a consonant at the start of a word, or after a vowel, r or l, folds to g.
  // English names seldom have either (a first h is followed by a vowel: Hall, Hill, Hughes).
  [/^h(?=[bcdfgjklmnpqrstvwxz])/, 'g'], [/([aeiouyrl])h(?=[a-z])/g, '$1g'],
  [/ck/g, 'k'], [/q/g, 'k'], [/x/g, 'ks'], [/w/g, 'v'], [/z/g, 's'],
  [/[yj]/g, 'i'], [/ou/g, 'u'], [/oo/g, 'u'], [/ee/g, 'i'],
  // Arabic names: the article written al-, el-, ul or assimilated to the next letter (Abdul Rahman
  // ~ Abdur Rahman ~ Abd al-Rahman ~ Abdelrahman ~ Abdurrahman; Abdus Salam ~ Abdul Salam).
  [/^abd[aeiu]?l?(?=[a-z]{3})/, 'abdul'],
  [/(.)\1+/g, '$1'], // doubled letters and long vowels (Kumaar, Mohammed, Hassan)
  [/ie\b/g, 'i'], // diminutives written -ie or -y (Robbie, Robby)
  [/([aeiou])h\b/g, '$1'], // final -ah / -eh (Fatimah, Oleh)
];

const skeletons = new Map<string, string>();

/** A coarse key for a folded name: spellings of one name across romanisations usually share it. */
export function nameSkeleton(folded: string): string {
  let s = skeletons.get(folded);
  if (s !== undefined) return s;
  s = folded.replace(/ /g, '');
  for (const [re, to] of SKELETON_RULES) s = s.replace(re, to);
  // Names repeat across values, fields, nickname look-ups and blocking: each skeleton once (a
  // memo, emptied when large).
  if (skeletons.size >= 1 << 19) skeletons.clear();
  skeletons.set(folded, s);
  return s;
}

/** Digits only, e.g. for phone numbers and identifiers. */
export function digitsOnly(value: string): string {
  return value.replace(/\D+/g, '');
}

// Words before or inside a given name that are not the name a person is called by: honorifics and
// religious prefixes (Syed Ali, Sri Lakshmi, Ch. Aslam, Haji Karim) and the abbreviations of
// Muhammad that many Pakistani and other Muslim men carry before their own name (Muhammad Imran,
// Mohd Imran, M. Imran). A given name's core is what is left (its first word), when anything is.
const GIVEN_PREFIXES = new Set(['syed', 'sayed', 'sayyid', 'seyed', 'syeda', 'sri', 'shri', 'sree', 'shree', 'thiru', 'thirumathi', 'selvi', 'ch', 'chaudhry', 'haji', 'hajji', 'hafiz', 'mian', 'mst', 'mrs', 'smt', 'kumari']);
const MUHAMMAD = new Set(['muhammad', 'mohammad', 'mohammed', 'muhammed', 'mohamed', 'mohamad', 'muhamad', 'mohd', 'md', 'muhd', 'mohamud', 'mohammod', 'mhd', 'mohmmad', 'mohamed']);
const ARTICLE = /^(abd|abdu|abdul|abdur|abdus|abdud|abdel|abdal|abdar)$/;

/**
 * The core of a folded given name: prefixes (honorifics, Muhammad and its abbreviations), single
 * letters (initials) and later words (middle names, a father's name typed along) left out, when a
 * word remains; an Arabic article joins the word after it (abdul rahman -> abdulrahman). The value
 * itself when nothing would remain.
 */
export function givenNameCore(folded: string): string {
  const words = folded.split(' ').filter(Boolean);
  if (words.length <= 1) return folded;
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (ARTICLE.test(w) && i + 1 < words.length) {
      kept.push(w + words[++i]!);
      continue;
    }
    if (w.length > 1 && !GIVEN_PREFIXES.has(w) && !MUHAMMAD.has(w)) kept.push(w);
  }
  if (kept.length > 0) return kept[0]!;
  // Only prefixes and initials: the longest word (Muhammad in "M. Muhammad", Syed in "Syed").
  return words.reduce((a, b) => (b.length > a.length ? b : a));
}

// Exonyms and former names of cities customers give in different languages (Kiev ~ Kyiv ~ Київ,
// Madras ~ Chennai, Bombay ~ Mumbai, Lyallpur ~ Faisalabad). Folded (foldCompact) spellings, one
// place per line; the first is the key.
const CITY_GROUPS = `
kyiv kiev kiew kijow kyyiv
lviv lvov lwow lemberg lwiw
kharkiv kharkov charkiw
odesa odessa
dnipro dnepr dnipropetrovsk dnepropetrovsk
zaporizhzhia zaporozhye zaporizhia zaporizhzhya saporischschja
mykolaiv nikolaev nikolayev
chernivtsi chernovtsy czernowitz
ivanofrankivsk ivanofrankovsk stanislav
chennai madras
mumbai bombay
kolkata calcutta
bengaluru bangalore
thiruvananthapuram trivandrum
puducherry pondicherry pondy
tiruchirappalli trichy tiruchi tiruchirapalli
coimbatore kovai
tirunelveli nellai
thoothukudi tuticorin
faisalabad lyallpur
rawalpindi pindi
sahiwal montgomery
munich munchen muenchen
cologne koln koeln
vienna wien
warsaw warszawa
moscow moskva moskau
saintpetersburg stpetersburg petersburg leningrad sanktpeterburg
prague praha prag
beijing peking
yangon rangoon
`;
const cityKeys = new Map<string, string>();
for (const line of CITY_GROUPS.trim().split('\n')) {
  const names = line.trim().split(/\s+/);
  for (const n of names) cityKeys.set(n, names[0]!);
}

/** The key of a city's other names (compact folded form in, first name of its group out), else ''. */
export function cityKey(compact: string): string {
  return cityKeys.get(compact) ?? '';
}
