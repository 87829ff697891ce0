// A seeded generator of customer records with known duplicates, for benchmarks and tests. People
// come from four naming traditions (English, Ukrainian in Latin and Cyrillic, Urdu and Tamil in
// Latin script); duplicates carry realistic corruption: typos, nicknames, transliteration variants,
// swapped given name/surname, day/month transposed, reformatted phones, changed emails, moved
// addresses and missing values.
import { random } from './model.ts';
import type { Dataset } from './prepare.ts';

type Culture = { given: string[][]; surnames: string[][]; phone: string; weight: number };

// Each entry lists spellings of one name; the first is the usual one. Ukrainian entries end with
// the Cyrillic form.
const CULTURES: Culture[] = [
  {
    weight: 0.5, phone: '44',
    given: [['william', 'bill', 'will', 'liam'], ['robert', 'bob', 'rob'], ['elizabeth', 'liz', 'beth'], ['margaret', 'maggie', 'peggy'], ['james', 'jim'], ['john', 'jack'], ['michael', 'mike'], ['katherine', 'kate', 'kathy'], ['thomas', 'tom'], ['richard', 'rick', 'dick'], ['jennifer', 'jenny'], ['charles', 'charlie'], ['david', 'dave'], ['susan', 'sue'], ['christopher', 'chris'], ['daniel', 'dan'], ['emily'], ['olivia'], ['george'], ['harry'], ['jessica', 'jess'], ['samuel', 'sam'], ['rebecca', 'becky'], ['anthony', 'tony'], ['patricia', 'pat'], ['edward', 'ted', 'ed'], ['victoria', 'vicky'], ['andrew', 'andy'], ['lucy'], ['oscar'], ['grace'], ['henry', 'harry'], ['sophie', 'sophia'], ['jacob', 'jake'], ['chloe'], ['benjamin', 'ben'], ['amelia', 'amy'], ['matthew', 'matt'], ['hannah'], ['joseph', 'joe']],
    surnames: [['smith'], ['jones'], ['taylor'], ['brown'], ['williams'], ['wilson'], ['johnson'], ['davies'], ['robinson'], ['wright'], ['thompson'], ['evans'], ['walker'], ['white'], ['roberts'], ['green'], ['hall'], ['wood'], ['jackson'], ['clarke', 'clark'], ['harrison'], ['cooper'], ['king'], ['baker'], ['turner'], ['hill'], ['morris'], ['ward'], ['moore'], ['mcdonald', 'macdonald'], ['o\'brien', 'obrien'], ['fitzgerald'], ['hughes'], ['edwards'], ['lewis'], ['murphy'], ['kelly'], ['bennett'], ['gray', 'grey'], ['marshall']],
  },
  {
    weight: 0.2, phone: '380',
    given: [['oleksandr', 'aleksandr', 'alexander', 'sasha', 'Олександр'], ['mykola', 'nikolai', 'Микола'], ['volodymyr', 'vladimir', 'Володимир'], ['andrii', 'andriy', 'andrey', 'Андрій'], ['serhii', 'sergey', 'serhiy', 'Сергій'], ['dmytro', 'dmitry', 'Дмитро'], ['yurii', 'yuriy', 'yuri', 'Юрій'], ['olena', 'elena', 'helen', 'Олена'], ['nataliia', 'natalia', 'natalya', 'Наталія'], ['iryna', 'irina', 'Ірина'], ['tetiana', 'tatiana', 'tanya', 'Тетяна'], ['oksana', 'Оксана'], ['yuliia', 'yulia', 'julia', 'Юлія'], ['taras', 'Тарас'], ['bohdan', 'bogdan', 'Богдан'], ['ihor', 'igor', 'Ігор'], ['oleh', 'oleg', 'Олег'], ['kateryna', 'ekaterina', 'katya', 'Катерина'], ['mariia', 'maria', 'Марія'], ['vasyl', 'vasily', 'Василь']],
    surnames: [['shevchenko', 'Шевченко'], ['kovalenko', 'Коваленко'], ['bondarenko', 'Бондаренко'], ['tkachenko', 'Ткаченко'], ['kravchenko', 'Кравченко'], ['oliinyk', 'oleinik', 'Олійник'], ['shevchuk', 'Шевчук'], ['polishchuk', 'polischuk', 'Поліщук'], ['koval', 'Коваль'], ['boiko', 'boyko', 'Бойко'], ['melnyk', 'melnik', 'Мельник'], ['lysenko', 'lisenko', 'Лисенко'], ['marchenko', 'Марченко'], ['rudenko', 'Руденко'], ['savchenko', 'Савченко'], ['petrenko', 'Петренко'], ['kovalchuk', 'Ковальчук'], ['moroz', 'Мороз'], ['pavlenko', 'Павленко'], ['hrytsenko', 'gritsenko', 'Гриценко']],
  },
  {
    weight: 0.15, phone: '92',
    given: [['muhammad', 'mohammed', 'mohammad', 'muhammed'], ['ahmed', 'ahmad'], ['ali', 'aly'], ['hussain', 'hussein', 'husain'], ['hassan', 'hasan'], ['fatima', 'fatimah'], ['ayesha', 'aisha'], ['zainab', 'zaynab'], ['usman', 'osman'], ['omar', 'umar'], ['bilal', 'belal'], ['imran'], ['abdullah', 'abdallah'], ['yusuf', 'yousuf', 'yousaf'], ['khadija', 'khadijah'], ['sana'], ['iqbal', 'ikbal'], ['rizwan', 'rizvan'], ['faisal', 'faysal'], ['shahid', 'shaheed']],
    surnames: [['khan'], ['ahmed', 'ahmad'], ['malik'], ['hussain', 'hussein'], ['qureshi', 'qureishi'], ['chaudhry', 'choudhury', 'chaudhary'], ['butt'], ['sheikh', 'shaikh'], ['siddiqui', 'siddiqi'], ['raza'], ['mirza'], ['abbasi'], ['rana'], ['javed', 'javaid'], ['bhatti'], ['akhtar'], ['aslam'], ['baig', 'beg'], ['hashmi'], ['rehman', 'rahman']],
  },
  {
    weight: 0.15, phone: '91',
    given: [['karthik', 'karthick', 'kartik'], ['senthil', 'sentil'], ['murugan', 'murukan'], ['lakshmi', 'laxmi'], ['priya', 'priyaa'], ['ramesh'], ['suresh'], ['venkatesh', 'venkat'], ['krishnan', 'krishna'], ['sundaram', 'sundar'], ['selvam', 'selva'], ['arjun'], ['deepa', 'dipa'], ['kavitha', 'kavita'], ['meena', 'mina'], ['saravanan'], ['vijay'], ['anand'], ['divya'], ['gayathri', 'gayatri']],
    surnames: [['subramanian', 'subramaniam'], ['krishnamurthy', 'krishnamoorthy'], ['ramasamy', 'ramaswamy'], ['natarajan'], ['srinivasan', 'sreenivasan'], ['venkataraman'], ['balasubramanian'], ['raghavan'], ['chandrasekaran', 'chandrasekharan'], ['arumugam'], ['palaniappan'], ['rajendran'], ['shanmugam'], ['sivakumar', 'shivakumar'], ['thangavel'], ['annamalai'], ['muthusamy', 'muthuswamy'], ['ganesan'], ['kannan'], ['pillai', 'pillay']],
  },
];

const STREETS = ['high', 'station', 'church', 'park', 'victoria', 'green', 'manor', 'mill', 'school', 'kings', 'queens', 'grange', 'north', 'new', 'london', 'oak', 'elm', 'cedar', 'maple', 'willow', 'shevchenka', 'franka', 'khreshchatyk', 'gandhi', 'jinnah', 'anna salai', 'mount', 'temple', 'lake', 'river'];
const STREET_TYPES = ['street', 'road', 'avenue', 'lane', 'drive', 'close', 'way', 'place'];
const DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'ukr.net', 'hotmail.com', 'mail.com', 'proton.me', 'icloud.com'];
// Syllables per tradition build the long tail of surnames real customer files have.
const SYLLABLES = [
  ['ash', 'bur', 'ton', 'ley', 'wood', 'ford', 'ham', 'field', 'mor', 'well', 'by', 'er', 'son', 'ridge', 'cot', 'hurst', 'din', 'kins', 'ing', 'bright'],
  ['ko', 'chen', 'ko', 'vy', 'lo', 'dan', 'sh', 'ruk', 'mel', 'nyk', 'hor', 'chuk', 'pan', 'tsiv', 'yuk', 'ber', 'zha', 'ren', 'ov', 'ych'],
  ['ra', 'za', 'qu', 'shi', 'mal', 'ik', 'ha', 'sh', 'mi', 'ir', 'ba', 'jw', 'ed', 'bu', 'tt', 'an', 'sar', 'wal', 'ah', 'dar'],
  ['ra', 'ma', 'sa', 'my', 'kri', 'shna', 'mur', 'thy', 'pa', 'la', 'ni', 'an', 'dra', 'sek', 'ar', 'van', 'nat', 'raj', 'sel', 'vam'],
];

export interface SyntheticData {
  dataset: Dataset;
  /** True entity of each record. */
  entity: Int32Array;
}

/** n records (about a quarter of them duplicates of another), reproducible from the seed. */
export function syntheticPeople(n: number, seed = 42): SyntheticData {
  const rand = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  // Zipf-like choice: common values often, a long tail rarely.
  const zipf = <T>(xs: readonly T[]): T => xs[Math.min(xs.length - 1, Math.floor(xs.length * rand() ** 2.2))]!;
  const cols = { given_name: [] as (string | undefined)[], surname: [] as (string | undefined)[], date_of_birth: [] as (string | undefined)[], email: [] as (string | undefined)[], phone: [] as (string | undefined)[], postcode: [] as (string | undefined)[], address: [] as (string | undefined)[], city: [] as (string | undefined)[] };
  const ids: string[] = [];
  const entity = new Int32Array(n);
  const postcodes = Math.max(100, Math.floor(n / 40));
  const cities = Math.max(20, Math.floor(Math.sqrt(n)));
  const place = () => {
    const pc = Math.floor(rand() * postcodes);
    // A postcode covers a few streets; street names come from a long tail too.
    const street = rand() < 0.3 ? pick(STREETS) : pick(SYLLABLES[pc % 4]!) + pick(SYLLABLES[(pc >> 2) % 4]!) + pick(SYLLABLES[(pc >> 4) % 4]!);
    return { postcode: `${String.fromCharCode(65 + (pc % 26))}${String.fromCharCode(65 + ((pc / 26) % 26 | 0))}${(pc / 676) | 0}`, city: `city${pc % cities}`, address: `${1 + Math.floor(rand() * 300)} ${street} ${pick(STREET_TYPES)}` };
  };
  let e = -1;
  let remaining = 0;
  let base: Record<keyof typeof cols, string | undefined> & { culture: Culture; givenSpellings: string[]; surnameSpellings: string[] } = undefined!;
  for (let r = 0; r < n; r++) {
    if (remaining === 0) {
      e++;
      remaining = rand() < 0.75 ? 1 : 2 + Math.floor(rand() * 3);
      const culture = (() => {
        let x = rand();
        for (const c of CULTURES) if ((x -= c.weight) < 0) return c;
        return CULTURES[0]!;
      })();
      const givenSpellings = zipf(culture.given);
      // Common surnames a third of the time, otherwise one from the long tail.
      const syllables = SYLLABLES[CULTURES.indexOf(culture)]!;
      const surnameSpellings = rand() < 0.35 ? zipf(culture.surnames) : [Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(syllables)).join('')];
      const given = givenSpellings[0]!;
      const surname = surnameSpellings[0]!;
      const y = 1940 + Math.floor(rand() * 66);
      const m = 1 + Math.floor(rand() * 12);
      const d = 1 + Math.floor(rand() * 28);
      const where = place();
      base = {
        culture, givenSpellings, surnameSpellings, given_name: given, surname,
        date_of_birth: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
        email: `${rand() < 0.3 ? `${given}.${surname}` : `${given[0]}${surname}${Math.floor(rand() * 1000)}`}@${pick(DOMAINS)}`.replace(/[^a-z0-9.@]/g, ''),
        phone: `+${culture.phone} ${Math.floor(100 + rand() * 900)} ${Math.floor(100 + rand() * 900)} ${Math.floor(1000 + rand() * 9000)}`,
        ...where,
      };
    }
    const first = remaining > 0 && (r === 0 || entity[r - 1] !== e);
    remaining--;
    entity[r] = e;
    ids.push(`p${r}`);
    const rec: Record<keyof typeof cols, string | undefined> = { given_name: base.given_name, surname: base.surname, date_of_birth: base.date_of_birth, email: base.email, phone: base.phone, postcode: base.postcode, address: base.address, city: base.city };
    if (!first) corrupt(rec, base);
    else if (rand() < 0.05) rec[pick(['email', 'phone', 'address', 'date_of_birth'] as const)] = undefined;
    for (const k of Object.keys(cols) as (keyof typeof cols)[]) cols[k].push(rec[k]);
  }
  return { dataset: { ids, columns: cols }, entity };

  function typo(s: string): string {
    if (s.length < 2) return s;
    const i = Math.floor(rand() * s.length);
    const letter = String.fromCharCode(97 + Math.floor(rand() * 26));
    switch (Math.floor(rand() * 4)) {
      case 0: return s.slice(0, i) + letter + s.slice(i + 1);
      case 1: return s.slice(0, i) + s.slice(i + 1);
      case 2: return s.slice(0, i) + letter + s.slice(i);
      default: return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s;
    }
  }

  function corrupt(rec: Record<keyof typeof cols, string | undefined>, b: typeof base) {
    const changes = 1 + Math.floor(rand() * 4);
    for (let c = 0; c < changes; c++) {
      const kind = Math.floor(rand() * 13);
      switch (kind) {
        case 0: rec.given_name = rec.given_name && typo(rec.given_name); break;
        case 1: rec.surname = rec.surname && typo(rec.surname); break;
        case 2: rec.given_name = pick(b.givenSpellings); break; // nickname or transliteration
        case 3: rec.surname = pick(b.surnameSpellings); break;
        case 4: [rec.given_name, rec.surname] = [rec.surname, rec.given_name]; break;
        case 5: { // day and month transposed, or a digit typo
          const dob = rec.date_of_birth;
          if (!dob) break;
          const [y, m, d] = dob.split('-') as [string, string, string];
          rec.date_of_birth = rand() < 0.5 && Number(d) <= 12 ? `${y}-${d}-${m}` : `${y}-${m}-${String(Math.min(28, Math.max(1, Number(d) + (rand() < 0.5 ? 1 : -1)))).padStart(2, '0')}`;
          break;
        }
        case 6: { // reformatted phone: national format or no spaces
          const digits = (rec.phone ?? '').replace(/\D/g, '');
          rec.phone = rand() < 0.5 ? `0${digits.slice(b.culture.phone.length)}` : `00${digits.replace(/(\d{3})(?=\d)/g, '$1-')}`;
          break;
        }
        case 7: rec.email = rand() < 0.5 ? rec.email?.replace(/@.*/, `@${pick(DOMAINS)}`) : `${(rec.given_name ?? 'x').slice(0, 1)}${rec.surname ?? ''}${Math.floor(rand() * 1000)}@${pick(DOMAINS)}`; break;
        case 8: Object.assign(rec, place()); break; // moved house
        case 9: rec.address = rec.address && typo(rec.address); break;
        case 10: rec.given_name = rec.given_name && rec.given_name.slice(0, 1).toUpperCase() + rec.given_name.slice(1); break;
        default: rec[pick(['given_name', 'email', 'phone', 'date_of_birth', 'address', 'postcode', 'city'] as const)] = undefined;
      }
    }
  }
}
