// An evaluation of the matching engine independent of synthetic.ts (written apart from it: its own
// names, transliteration and corruption code). Seeded multilingual customers (Ukrainian in Cyrillic
// and in four romanisation systems plus Russian-style forms, Pakistani/Urdu, Tamil and English
// names) with duplicates as CRM data shows them: nicknames, initials, reversed name order, father's
// names as surnames, honorifics, reformatted and changed phones, changed e-mails, moved addresses,
// day/month swapped dates, typos, missing fields. A second file holds near-namesakes: different
// people sharing common names (and relatives sharing an address, a landline, a surname) so that
// precision is tested honestly.
//
//   npx tsx bench/holdout-multilingual.ts [--seed 1] [--people 3000] [--out /tmp/holdout]
//        [--fixture test/fixtures/matching/multilingual.csv --people 150]  (write only, no run)
//        [--cli]  (also run `npx rapport match` on the written file)
//
// Prints, per dataset (records alone; records + namesakes), pairwise P/R/F1 of the engine's pairs
// at probability >= 0.5 and of its clusters, the best recall at precision >= 0.95, and a naive
// baseline (exact e-mail, or exact given name + family name + birth date) in the same run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readCsvDataset } from '../src/matching/engine/csv.ts';
import { clusterPairsOf, pairwiseScores, recallAtPrecision, type PairScores } from '../src/matching/engine/evaluate.ts';
import { matchDatasets, type MatchResult } from '../src/matching/engine/match.ts';
import { normaliseValue, type Dataset } from '../src/matching/engine/prepare.ts';

// ---------------------------------------------------------------- random numbers (seeded)
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = (seed * 0x9e3779b1) >>> 0 || 1;
  }
  next(): number {
    // mulberry32
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** Weighted pick: [[weight, value], ...]. */
  weighted<T>(xs: ReadonlyArray<readonly [number, T]>): T {
    const total = xs.reduce((s, [w]) => s + w, 0);
    let r = this.next() * total;
    for (const [w, v] of xs) if ((r -= w) < 0) return v;
    return xs[xs.length - 1]![1];
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

// ---------------------------------------------------------------- Ukrainian: Cyrillic and romanisations
type System = 'national' | 'bgn' | 'german' | 'informal' | 'russian';
const BASE: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'y', і: 'i', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ь: '', '’': '', "'": '', ы: 'y', э: 'e', ъ: '', ё: 'e',
};
// Per system: letter -> [at the start of a word, elsewhere].
const SYSTEMS: Record<System, Record<string, [string, string]>> = {
  // Ukrainian national (Cabinet of Ministers 2010): є ї й ю я are ye yi y yu ya first, ie i i iu ia inside.
  national: { є: ['ye', 'ie'], ї: ['yi', 'i'], й: ['y', 'i'], ю: ['yu', 'iu'], я: ['ya', 'ia'] },
  // BGN/PCGN 1965: й is y everywhere (Andriy), ye yi yu ya everywhere.
  bgn: { є: ['ye', 'ye'], ї: ['yi', 'yi'], й: ['y', 'y'], ю: ['yu', 'yu'], я: ['ya', 'ya'] },
  // German-style (Duden): w, ch, sch, tsch, z, j.
  german: {
    в: ['w', 'w'], х: ['ch', 'ch'], ж: ['sch', 'sch'], ш: ['sch', 'sch'], ч: ['tsch', 'tsch'], щ: ['schtsch', 'schtsch'],
    ц: ['z', 'z'], з: ['s', 's'], й: ['j', 'j'], є: ['je', 'je'], ї: ['ji', 'ji'], ю: ['ju', 'ju'], я: ['ja', 'ja'], и: ['y', 'y'],
  },
  // What clerks type: h for kh, x for ks, ii/iy at the end, iu/yu mixed.
  informal: { х: ['h', 'h'], є: ['ye', 'ye'], ї: ['yi', 'i'], й: ['y', 'i'], ю: ['yu', 'yu'], я: ['ya', 'ia'] },
  // Russian passport rules applied to a Russian-form name: г is g, и is i, й is y, ё e.
  russian: { г: ['g', 'g'], и: ['i', 'i'], й: ['y', 'y'], є: ['ye', 'e'], ї: ['yi', 'i'], ю: ['yu', 'yu'], я: ['ya', 'ya'], е: ['e', 'e'] },
};

export function romanise(cyrillic: string, system: System, rng?: Rng): string {
  const out = cyrillic.split(/(\s+|-)/).map((word) => {
    let s = '';
    const lower = word.toLowerCase();
    for (let i = 0; i < lower.length; i++) {
      const c = lower[i]!;
      const special = SYSTEMS[system][c];
      s += special ? special[i === 0 ? 0 : 1] : (BASE[c] ?? c);
    }
    if (system === 'german' && rng?.chance(0.5)) s = s.replace(/ks/g, 'x');
    if (system === 'informal') {
      if (rng?.chance(0.6)) s = s.replace(/ks/g, 'x');
      if (rng?.chance(0.5)) s = s.replace(/ii$/, 'iy');
    }
    return s.charAt(0).toUpperCase() + s.slice(1);
  });
  return out.join('');
}

interface UaName { ua: string; ru: string; en?: string[]; dim?: string[]; sex: 'm' | 'f' }
const UA_GIVEN: UaName[] = [
  { ua: 'Олександр', ru: 'Александр', en: ['Alexander', 'Alex'], dim: ['Саша', 'Sasha', 'Sashko'], sex: 'm' },
  { ua: 'Володимир', ru: 'Владимир', en: ['Vladimir', 'Wladimir'], dim: ['Volodya', 'Vova', 'Вова'], sex: 'm' },
  { ua: 'Андрій', ru: 'Андрей', en: ['Andrew', 'Andrei'], dim: ['Andriyko'], sex: 'm' },
  { ua: 'Микола', ru: 'Николай', en: ['Nicholas', 'Nikolai'], dim: ['Kolya', 'Коля'], sex: 'm' },
  { ua: 'Сергій', ru: 'Сергей', en: ['Sergei', 'Serge'], dim: ['Seryozha'], sex: 'm' },
  { ua: 'Дмитро', ru: 'Дмитрий', en: ['Dmitri', 'Dmitry'], dim: ['Dima', 'Діма'], sex: 'm' },
  { ua: 'Юрій', ru: 'Юрий', en: ['Yuri', 'George'], dim: ['Yura'], sex: 'm' },
  { ua: 'Михайло', ru: 'Михаил', en: ['Michael', 'Mikhail'], dim: ['Misha'], sex: 'm' },
  { ua: 'Іван', ru: 'Иван', en: ['Ivan', 'John'], dim: ['Vanya'], sex: 'm' },
  { ua: 'Петро', ru: 'Пётр', en: ['Peter', 'Petr'], dim: ['Petya'], sex: 'm' },
  { ua: 'Павло', ru: 'Павел', en: ['Paul', 'Pavel'], dim: ['Pasha'], sex: 'm' },
  { ua: 'Віктор', ru: 'Виктор', en: ['Victor'], dim: ['Vitya'], sex: 'm' },
  { ua: 'Василь', ru: 'Василий', en: ['Basil', 'Vasily'], dim: ['Vasya'], sex: 'm' },
  { ua: 'Олег', ru: 'Олег', en: ['Oleg'], sex: 'm' },
  { ua: 'Ігор', ru: 'Игорь', en: ['Igor'], sex: 'm' },
  { ua: 'Богдан', ru: 'Богдан', en: ['Bogdan'], sex: 'm' },
  { ua: 'Ярослав', ru: 'Ярослав', en: ['Jaroslav'], dim: ['Slavko'], sex: 'm' },
  { ua: 'Євген', ru: 'Евгений', en: ['Eugene', 'Evgeny'], dim: ['Zhenya'], sex: 'm' },
  { ua: 'Віталій', ru: 'Виталий', en: ['Vitaly'], sex: 'm' },
  { ua: 'Григорій', ru: 'Григорий', en: ['Gregory'], dim: ['Grisha'], sex: 'm' },
  { ua: 'Максим', ru: 'Максим', en: ['Maxim', 'Max'], sex: 'm' },
  { ua: 'Артем', ru: 'Артём', en: ['Artem', 'Artyom'], sex: 'm' },
  { ua: 'Тарас', ru: 'Тарас', sex: 'm' },
  { ua: 'Олексій', ru: 'Алексей', en: ['Alexei', 'Alexey'], dim: ['Lyosha'], sex: 'm' },
  { ua: 'Олена', ru: 'Елена', en: ['Helen', 'Elena', 'Helena'], dim: ['Lena', 'Лена'], sex: 'f' },
  { ua: 'Ольга', ru: 'Ольга', en: ['Olga'], dim: ['Olya'], sex: 'f' },
  { ua: 'Наталія', ru: 'Наталья', en: ['Natalia', 'Natalie'], dim: ['Natasha', 'Наташа'], sex: 'f' },
  { ua: 'Тетяна', ru: 'Татьяна', en: ['Tatiana'], dim: ['Tanya', 'Таня'], sex: 'f' },
  { ua: 'Ірина', ru: 'Ирина', en: ['Irina', 'Irene'], dim: ['Ira'], sex: 'f' },
  { ua: 'Оксана', ru: 'Оксана', en: ['Oxana'], sex: 'f' },
  { ua: 'Катерина', ru: 'Екатерина', en: ['Catherine', 'Katherine', 'Ekaterina'], dim: ['Katya', 'Катя'], sex: 'f' },
  { ua: 'Галина', ru: 'Галина', en: ['Galina'], dim: ['Halya', 'Galya'], sex: 'f' },
  { ua: 'Людмила', ru: 'Людмила', en: ['Ludmila'], dim: ['Luda', 'Lyuda'], sex: 'f' },
  { ua: 'Юлія', ru: 'Юлия', en: ['Julia', 'Yulia'], dim: ['Yulya'], sex: 'f' },
  { ua: 'Анастасія', ru: 'Анастасия', en: ['Anastasia'], dim: ['Nastya', 'Настя'], sex: 'f' },
  { ua: 'Світлана', ru: 'Светлана', en: ['Svetlana'], dim: ['Sveta', 'Світла'], sex: 'f' },
  { ua: 'Марія', ru: 'Мария', en: ['Maria', 'Mary'], dim: ['Masha', 'Маша'], sex: 'f' },
  { ua: 'Ганна', ru: 'Анна', en: ['Anna', 'Hanna', 'Ann'], dim: ['Anya', 'Hanusia'], sex: 'f' },
  { ua: 'Софія', ru: 'София', en: ['Sofia', 'Sophie'], dim: ['Sonya'], sex: 'f' },
  { ua: 'Вікторія', ru: 'Виктория', en: ['Victoria'], dim: ['Vika', 'Віка'], sex: 'f' },
];
// [Ukrainian, Russian form]; -ський surnames get -ська / -ская for women.
const UA_SURNAMES: Array<[string, string]> = [
  ['Коваленко', 'Коваленко'], ['Шевченко', 'Шевченко'], ['Бондаренко', 'Бондаренко'], ['Ткаченко', 'Ткаченко'],
  ['Кравченко', 'Кравченко'], ['Олійник', 'Олейник'], ['Ковальчук', 'Ковальчук'], ['Поліщук', 'Полищук'],
  ['Савчук', 'Савчук'], ['Гнатюк', 'Гнатюк'], ['Лисенко', 'Лысенко'], ['Руденко', 'Руденко'], ['Марченко', 'Марченко'],
  ['Петренко', 'Петренко'], ['Левченко', 'Левченко'], ['Бойко', 'Бойко'], ['Мельник', 'Мельник'], ['Мороз', 'Мороз'],
  ['Павленко', 'Павленко'], ['Гончаренко', 'Гончаренко'], ['Іваненко', 'Иваненко'], ['Василенко', 'Василенко'],
  ['Зінченко', 'Зинченко'], ['Ковальський', 'Ковальский'], ['Вишневський', 'Вишневский'], ['Заїченко', 'Заиченко'],
  ['Грищенко', 'Грищенко'], ['Гребенюк', 'Гребенюк'], ['Федорчук', 'Федорчук'], ['Дячук', 'Дьячук'],
  ['Білоус', 'Белоус'], ['Соловйов', 'Соловьёв'], ['Кузьменко', 'Кузьменко'], ['Тимошенко', 'Тимошенко'],
  ['Ярошенко', 'Ярошенко'], ['Юрченко', 'Юрченко'], ['Чорновол', 'Черновол'], ['Гуменюк', 'Гуменюк'], ['Козак', 'Козак'],
  ['Приходько', 'Приходько'], ['Сидоренко', 'Сидоренко'], ['Хоменко', 'Хоменко'], ['Литвиненко', 'Литвиненко'],
  ['Островський', 'Островский'], ['Жуковський', 'Жуковский'], ['Гайдамака', 'Гайдамака'], ['Ничипорук', 'Ничипорук'],
  ['Щербак', 'Щербак'], ['Хмельницький', 'Хмельницкий'], ['Яковенко', 'Яковенко'], ['Дорошенко', 'Дорошенко'],
];
const SKY_ENDINGS = ['skyi', 'skyy', 'sky', 'skiy', 'ski', 'skij'];

function ukrainianSurname(pair: [string, string], sex: 'm' | 'f'): [string, string] {
  if (sex === 'm') return pair;
  const fem = (s: string) => s.replace(/ський$/, 'ська').replace(/ский$/, 'ская').replace(/цький$/, 'цька').replace(/цкий$/, 'цкая').replace(/ов$/, 'ова').replace(/ёв$/, 'ёва').replace(/йов$/, 'йова');
  return [fem(pair[0]), fem(pair[1])];
}

/** One written form of a Ukrainian name part: Cyrillic (Ukrainian or Russian) or a romanisation. */
function ukrainianForm(rng: Rng, ua: string, ru: string, isSurname: boolean): string {
  const how = rng.weighted<string>([[14, 'ua'], [5, 'ru'], [30, 'national'], [14, 'bgn'], [8, 'german'], [12, 'informal'], [17, 'russian']]);
  if (how === 'ua') return ua;
  if (how === 'ru') return ru;
  const source = how === 'russian' || (how === 'german' && rng.chance(0.5)) ? ru : ua;
  let s = romanise(source, how as System, rng);
  if (isSurname && /sk(y|yi|yy|iy|ij|yj|i)$/i.test(s)) s = s.replace(/sk(y|yi|yy|iy|ij|yj|i)$/i, rng.pick(SKY_ENDINGS));
  return s;
}

// ---------------------------------------------------------------- Pakistani / Urdu
const PK_MALE: string[][] = [
  ['Imran', 'Imraan'], ['Ali', 'Aly'], ['Usman', 'Osman', 'Uthman'], ['Bilal', 'Belal'], ['Faisal', 'Faysal', 'Feisal'],
  ['Asif', 'Aasif'], ['Tariq', 'Tarik', 'Tareq'], ['Zubair', 'Zubayr', 'Zobair'], ['Hamza', 'Hamzah'], ['Kamran', 'Kamraan'],
  ['Naveed', 'Navid', 'Navaid'], ['Junaid', 'Junaed'], ['Saad', 'Sa\'ad', 'Saud'], ['Farhan', 'Farhaan'], ['Adnan', 'Adnaan'],
  ['Waqas', 'Waqqas', 'Waqaas'], ['Shahid', 'Shaheed'], ['Rizwan', 'Rizvan', 'Ridwan'], ['Aslam', 'Aslum'], ['Akram', 'Ikram'],
  ['Yousaf', 'Yusuf', 'Yousuf', 'Yusaf'], ['Ahmed', 'Ahmad', 'Ahmet'], ['Hassan', 'Hasan'], ['Hussain', 'Husain', 'Hussein'],
  ['Abdul Rahman', 'Abdur Rehman', 'Abdulrahman', 'Abdur Rahman', 'Abdul Rehman', 'Abd al-Rahman'],
  ['Abdul Qadir', 'Abdul Kadir', 'Abdulqadir', 'Abdul Qader'], ['Abdul Aziz', 'Abdulaziz', 'Abd al-Aziz'],
  ['Abdullah', 'Abdulla', 'Abdallah'], ['Ghulam Abbas', 'Gulam Abbas', 'G. Abbas'], ['Shoaib', 'Shoeb', 'Shuaib'],
];
const PK_FEMALE: string[][] = [
  ['Fatima', 'Fatimah', 'Fathima'], ['Ayesha', 'Aisha', 'Aysha', 'Aesha'], ['Zainab', 'Zaynab', 'Zeenat'], ['Sana', 'Sanaa'],
  ['Maryam', 'Mariam', 'Mariyam'], ['Hina', 'Heena'], ['Saima', 'Saimah'], ['Nadia', 'Nadiya'], ['Amna', 'Aamna', 'Amina'],
  ['Rabia', 'Rabiya', 'Rabiah'], ['Noor', 'Nur', 'Noorulain'], ['Khadija', 'Khadijah', 'Khadeeja'], ['Samina', 'Sameena'],
  ['Shazia', 'Shaziya'], ['Farah', 'Fara'], ['Uzma', 'Uzmah'], ['Bushra', 'Bushrah'], ['Iqra', 'Iqraa'],
];
const MUHAMMAD = ['Muhammad', 'Mohammad', 'Mohammed', 'Muhammed', 'Mohd', 'Mohd.', 'M.', 'Md', 'Mohamed', 'Muhamad'];
const PK_FAMILY: string[][] = [
  ['Khan', 'Khaan'], ['Malik', 'Malick'], ['Qureshi', 'Qureishi', 'Kureshi', 'Quraishi'], ['Chaudhry', 'Chaudhary', 'Choudhry', 'Ch.', 'Chaudhri'],
  ['Butt', 'Bhatt', 'Butt'], ['Sheikh', 'Shaikh', 'Shaykh'], ['Syed', 'Sayed', 'Sayyid', 'Syed'], ['Raza', 'Rizvi', 'Raza'],
  ['Siddiqui', 'Siddiqi', 'Siddiqui'], ['Javed', 'Javaid', 'Jawed'], ['Iqbal', 'Ikbal'], ['Mirza', 'Mirza'], ['Awan', 'Awaan'],
  ['Abbasi', 'Abbasy'], ['Rana', 'Rana'], ['Gill', 'Gil'], ['Ansari', 'Ansary'], ['Baig', 'Beg', 'Baig'], ['Hashmi', 'Hashmy'],
  ['Ahmed', 'Ahmad'], ['Cheema', 'Chima'], ['Bajwa', 'Bajwah'], ['Warraich', 'Waraich'], ['Jutt', 'Jatt'],
];

// ---------------------------------------------------------------- Tamil
const TA_MALE: string[][] = [
  ['Karthikeyan', 'Karthikeyen', 'Karthigeyan', 'Kartikeyan', 'Karthik'], ['Subramanian', 'Subramaniam', 'Subramanyam', 'Subrahmanian'],
  ['Balasubramanian', 'Balasubramaniam', 'Bala Subramanian', 'Bala'], ['Srinivasan', 'Sreenivasan', 'Shrinivasan', 'Srini'],
  ['Venkatesh', 'Venkatesan', 'Venkat'], ['Murugan', 'Murugesan', 'Murukan'], ['Rajendran', 'Rajendiran', 'Rajendren'],
  ['Ramachandran', 'Ramchandran', 'Ramachandiran'], ['Chandrasekaran', 'Chandrasekharan', 'Chandrasegaran', 'Chandru'],
  ['Anbarasan', 'Anbarasu'], ['Selvaraj', 'Selvarasu', 'Selvam'], ['Jayakumar', 'Jeyakumar', 'Jaikumar'], ['Saravanan', 'Saravanan'],
  ['Senthil Kumar', 'Senthilkumar', 'Senthil'], ['Prabhu', 'Prabu'], ['Ganesan', 'Ganeshan', 'Ganesh'], ['Krishnan', 'Kirushnan', 'Krishna'],
  ['Arumugam', 'Aarumugam', 'Arumugham'], ['Palaniappan', 'Palaniyappan', 'Palani'], ['Thangaraj', 'Thangarasu', 'Thangam'],
  ['Nagarajan', 'Nagaraj', 'Nagarasan'], ['Muthukumar', 'Muthu Kumar', 'Muthu'], ['Kannan', 'Kannan'], ['Elango', 'Ilango', 'Elangovan'],
  ['Thiruvenkatam', 'Thiruvengadam', 'Tiruvenkatam'], ['Sivakumar', 'Shivakumar', 'Siva'], ['Raghavan', 'Ragavan'],
  ['Sundaram', 'Sundararajan', 'Sundar'], ['Vignesh', 'Vigneshwaran', 'Vicky'], ['Gopalakrishnan', 'Gopala Krishnan', 'Gopal'],
];
const TA_FEMALE: string[][] = [
  ['Lakshmi', 'Laxmi', 'Lakshmy', 'Letchumi'], ['Vijayalakshmi', 'Vijaya Lakshmi', 'Viji', 'Vijayalaxmi'],
  ['Sridevi', 'Sri Devi', 'Shridevi', 'Sreedevi'], ['Meenakshi', 'Meenatchi', 'Minakshi'], ['Kavitha', 'Kavita', 'Kavidha'],
  ['Priya', 'Priyaa', 'Pria'], ['Deepa', 'Dheepa', 'Dipa'], ['Revathi', 'Revathy', 'Rewathi'], ['Anitha', 'Anita'],
  ['Gayathri', 'Gayatri', 'Gayathiri'], ['Sangeetha', 'Sangita', 'Sangeeta'], ['Selvi', 'Selvy'], ['Malathi', 'Malathy', 'Malati'],
  ['Padmavathi', 'Padmavathy', 'Padma'], ['Thenmozhi', 'Thenmoli', 'Then Mozhi'], ['Kalaiselvi', 'Kalai Selvi', 'Kalai'],
  ['Jayanthi', 'Jayanti', 'Jeyanthi'], ['Sumathi', 'Sumathy'], ['Bhuvaneswari', 'Buvaneswari', 'Bhuvana'], ['Nithya', 'Nitya'],
];

// ---------------------------------------------------------------- English
const EN_MALE: string[][] = [
  ['Robert', 'Bob', 'Rob', 'Bobby', 'Robbie'], ['William', 'Bill', 'Will', 'Billy'], ['Richard', 'Dick', 'Rick', 'Richie'],
  ['James', 'Jim', 'Jimmy', 'Jamie'], ['Michael', 'Mike', 'Mick'], ['Christopher', 'Chris', 'Kit'], ['Anthony', 'Tony'],
  ['Edward', 'Ted', 'Ed', 'Eddie', 'Ned'], ['Thomas', 'Tom', 'Tommy'], ['Charles', 'Charlie', 'Chuck', 'Chas'],
  ['Jonathan', 'Jon', 'Jonny'], ['Daniel', 'Dan', 'Danny'], ['Joseph', 'Joe', 'Joey'], ['Nicholas', 'Nick', 'Nicky'],
  ['Samuel', 'Sam', 'Sammy'], ['Andrew', 'Andy', 'Drew'], ['Harold', 'Harry', 'Hal'], ['Henry', 'Harry', 'Hank'],
  ['Lawrence', 'Larry', 'Laurie'], ['Timothy', 'Tim'], ['Stephen', 'Steve', 'Steven'], ['Benjamin', 'Ben', 'Benny'],
  ['Matthew', 'Matt'], ['Patrick', 'Pat', 'Paddy'], ['Peter', 'Pete'], ['Gerald', 'Gerry', 'Jerry'], ['David', 'Dave'],
];
const EN_FEMALE: string[][] = [
  ['Elizabeth', 'Liz', 'Beth', 'Betty', 'Eliza', 'Lizzie'], ['Margaret', 'Peggy', 'Maggie', 'Meg', 'Marge'],
  ['Katherine', 'Kate', 'Kathy', 'Katie', 'Catherine'], ['Jennifer', 'Jen', 'Jenny'], ['Patricia', 'Pat', 'Trish', 'Patty'],
  ['Susan', 'Sue', 'Susie'], ['Victoria', 'Vicky', 'Tori'], ['Rebecca', 'Becky', 'Becca'], ['Deborah', 'Debbie', 'Deb'],
  ['Dorothy', 'Dot', 'Dottie'], ['Frances', 'Fran', 'Frankie'], ['Alexandra', 'Alex', 'Sandra', 'Lexi'], ['Jessica', 'Jess'],
  ['Christine', 'Chris', 'Tina'], ['Eleanor', 'Ellie', 'Nell'], ['Abigail', 'Abby', 'Gail'], ['Samantha', 'Sam', 'Sammy'],
  ['Josephine', 'Jo', 'Josie'], ['Barbara', 'Barb', 'Babs'], ['Sarah', 'Sara', 'Sally'],
];
const EN_SURNAMES: string[][] = [
  ['Smith', 'Smyth'], ['Jones'], ['Williams'], ['Brown', 'Browne'], ['Taylor', 'Tailor'], ['Davies', 'Davis'], ['Wilson'],
  ['Evans'], ['Thomas'], ['Johnson', 'Jonson'], ['Roberts'], ['Walker'], ['Wright'], ['Robinson'], ['Thompson', 'Thomson'],
  ['White'], ['Hughes'], ['Edwards'], ['Green', 'Greene'], ['Hall'], ['Wood'], ['Harris'], ['Clarke', 'Clark'], ['Jackson'],
  ['Turner'], ['Hill'], ['Moore', 'More'], ['Cooper'], ['Ward'], ['Morris'], ['MacDonald', 'McDonald', 'Macdonald'],
  ["O'Brien", 'OBrien', 'O Brien'], ['Phillips', 'Philips'], ['Reid', 'Reed', 'Read'], ['Gray', 'Grey'], ['Stephens', 'Stevens'],
  ['Fitzgerald', 'FitzGerald'], ['Harrison'], ['Kelly', 'Kelley'], ['Murphy'], ['Campbell'], ['Stewart', 'Stuart'],
];

// ---------------------------------------------------------------- places
interface Country { code: string; cities: string[][]; streets: string[]; mobile: () => [string, string]; address: (r: Rng, no: number, street: string, flat: number) => string; postcode: (r: Rng) => string }
const COUNTRIES: Record<'ua' | 'pk' | 'ta' | 'en', Country> = {
  ua: {
    code: '380',
    cities: [['Київ', 'Kyiv', 'Kiev', 'Kiew'], ['Львів', 'Lviv', 'Lvov', 'Lwow'], ['Харків', 'Kharkiv', 'Kharkov', 'Charkiw'], ['Одеса', 'Odesa', 'Odessa'], ['Дніпро', 'Dnipro', 'Dnepr'], ['Запоріжжя', 'Zaporizhzhia', 'Zaporozhye'], ['Вінниця', 'Vinnytsia', 'Vinnitsa']],
    streets: ['Хрещатик|Khreshchatyk', 'Шевченка|Shevchenka', 'Франка|Franka', 'Сагайдачного|Sahaidachnoho', 'Грушевського|Hrushevskoho', 'Бандери|Bandery', 'Соборна|Soborna', 'Миру|Myru', 'Незалежності|Nezalezhnosti'],
    mobile: () => ['', ''],
    address: (r, no, street, flat) => {
      const [cy, lat] = street.split('|') as [string, string];
      return r.weighted<string>([
        [3, `вул. ${cy}, ${no}${flat ? `, кв. ${flat}` : ''}`],
        [3, `${no} ${lat} St${flat ? `, apt ${flat}` : ''}`],
        [2, `vul. ${lat} ${no}${flat ? `/${flat}` : ''}`],
        [2, `${lat} street ${no}${flat ? `, flat ${flat}` : ''}`],
        [1, `${lat.toUpperCase()} ${no}`],
      ]);
    },
    postcode: (r) => `0${r.int(1000, 9999)}`,
  },
  pk: {
    code: '92',
    cities: [['Lahore', 'Lahore'], ['Karachi', 'Karachi'], ['Islamabad', 'Isb'], ['Rawalpindi', 'Pindi', 'Rwp'], ['Faisalabad', 'Lyallpur', 'Fsd'], ['Multan', 'Multan']],
    streets: ['Gulberg III|Gulberg-3', 'Model Town|Model Twn', 'DHA Phase 5|Defence Phase V', 'Johar Town|Johar Twn', 'Satellite Town|Sat. Town', 'Blue Area|Blue Area', 'G-9/2|G9/2'],
    mobile: () => ['', ''],
    address: (r, no, street, flat) => {
      const [a, b] = street.split('|') as [string, string];
      return r.weighted<string>([
        [3, `House ${no}, Street ${flat || 4}, ${a}`],
        [3, `H# ${no}, St ${flat || 4}, ${b}`],
        [2, `${no}-${String.fromCharCode(65 + (flat % 6))} ${a}`],
        [1, `House No. ${no} ${b}`],
      ]);
    },
    postcode: (r) => `${r.int(44, 75)}${r.pick(['000', '100', '200', '300'])}`,
  },
  ta: {
    code: '91',
    cities: [['Chennai', 'Madras'], ['Coimbatore', 'Kovai'], ['Madurai', 'Madurai'], ['Tiruchirappalli', 'Trichy', 'Tiruchi'], ['Salem', 'Salem'], ['Tirunelveli', 'Nellai']],
    streets: ['Anna Salai|Mount Road', 'Gandhi Street|Gandhi St', 'Nehru Nagar|Nehru Ngr', 'Kamarajar Salai|Kamaraj Road', 'T. Nagar Main Road|T Nagar Main Rd', 'Periyar Street|Periyar St'],
    mobile: () => ['', ''],
    address: (r, no, street, flat) => {
      const [a, b] = street.split('|') as [string, string];
      return r.weighted<string>([
        [3, `No. ${no}, ${a}`],
        [3, `${no} ${b}`],
        [2, `Door No ${no}/${flat || 1}, ${a}`],
        [1, `${no}, ${a.toUpperCase()}`],
      ]);
    },
    postcode: (r) => `6${r.int(0, 4)}${r.int(0, 9)}0${r.int(0, 9)}${r.int(0, 9)}`,
  },
  en: {
    code: '44',
    cities: [['London', 'London'], ['Manchester', 'Manchester'], ['Leicester', 'Leicester'], ['Birmingham', 'B\'ham'], ['Leeds', 'Leeds'], ['Bristol', 'Bristol']],
    streets: ['High Street|High St', 'Station Road|Station Rd', 'Church Lane|Church Ln', 'Victoria Avenue|Victoria Ave', 'Park Road|Park Rd', 'Queen Street|Queen St'],
    mobile: () => ['', ''],
    address: (r, no, street, flat) => {
      const [a, b] = street.split('|') as [string, string];
      return r.weighted<string>([
        [3, `${no} ${a}`],
        [3, `${no} ${b}`],
        [2, `Flat ${flat || 2}, ${no} ${a}`],
        [1, `${no}, ${b.toUpperCase()}`],
      ]);
    },
    postcode: (r) => `${r.pick(['M', 'LE', 'B', 'LS', 'BS', 'SW', 'E', 'N'])}${r.int(1, 20)} ${r.int(1, 9)}${String.fromCharCode(65 + r.int(0, 25))}${String.fromCharCode(65 + r.int(0, 25))}`,
  },
};

type Culture = keyof typeof COUNTRIES;

/** A phone as national significant number parts; written in many formats. */
interface Phone { cc: string; area: string; rest: string }
function newPhone(r: Rng, c: Culture): Phone {
  switch (c) {
    case 'ua':
      return { cc: '380', area: r.pick(['44', '67', '50', '63', '93', '97', '32', '57']), rest: r.digits(7) };
    case 'pk':
      return { cc: '92', area: r.pick(['300', '301', '321', '333', '345', '42', '21', '51']), rest: r.digits(7) };
    case 'ta':
      return r.chance(0.7) ? { cc: '91', area: r.pick(['98', '94', '99', '97', '90']) + r.digits(3), rest: r.digits(5) } : { cc: '91', area: '44', rest: r.digits(8) };
    case 'en':
      return r.chance(0.7) ? { cc: '44', area: '7' + r.digits(3), rest: r.digits(6) } : { cc: '44', area: r.pick(['20', '161', '116', '121', '113']), rest: r.digits(7 - 0) };
  }
}
function writePhone(r: Rng, p: Phone): string {
  const nsn = p.area + p.rest;
  const grouped = (s: string) => s.replace(/(\d{3})(\d{2})(\d{2})$/, '$1 $2 $3');
  return r.weighted<string>([
    [4, `+${p.cc} ${p.area} ${grouped(p.rest)}`],
    [3, `0${p.area} ${p.rest}`],
    [2, `(0${p.area}) ${p.rest.slice(0, 3)}-${p.rest.slice(3)}`],
    [2, `+${p.cc}${nsn}`],
    [2, `00${p.cc} ${p.area} ${p.rest}`],
    [2, `0${p.area}-${p.rest}`],
    [1, `${p.cc}${nsn}`],
    [1, `${p.area}${p.rest}`],
    [1, `+${p.cc} (${p.area}) ${[p.rest.slice(0, 3), p.rest.slice(3, 5), p.rest.slice(5)].filter(Boolean).join('-')}`],
  ]);
}

// ---------------------------------------------------------------- corruption
const KEYS = 'qwertyuiop asdfghjkl zxcvbnm';
function typo(r: Rng, s: string): string {
  if (s.length < 3) return s;
  const i = r.int(1, s.length - 2);
  const c = s[i]!;
  switch (r.int(0, 3)) {
    case 0: {
      const k = KEYS.indexOf(c.toLowerCase());
      const near = k >= 0 ? KEYS[Math.max(0, Math.min(KEYS.length - 1, k + r.pick([-1, 1])))]! : c;
      return s.slice(0, i) + (near === ' ' ? c : near) + s.slice(i + 1);
    }
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    case 2:
      return s.slice(0, i) + c + s.slice(i);
    default:
      return s.slice(0, i) + s[i + 1] + c + s.slice(i + 2);
  }
}
const ascii = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');

// ---------------------------------------------------------------- people
interface Person {
  culture: Culture;
  sex: 'm' | 'f';
  /** Draws one written (given, family) for a record of this person. */
  name: (r: Rng, first: boolean) => [string, string];
  /** Latin spellings for e-mail local parts. */
  latinGiven: string;
  latinFamily: string;
  dob: [number, number, number] | null;
  phones: Phone[];
  emails: string[];
  address: { no: number; street: string; flat: number; city: string[]; postcode: string };
}

const PROVIDERS: Record<Culture, string[]> = {
  ua: ['ukr.net', 'gmail.com', 'i.ua', 'meta.ua', 'mail.ru', 'yahoo.com', 'outlook.com'],
  pk: ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'live.com'],
  ta: ['gmail.com', 'yahoo.co.in', 'rediffmail.com', 'hotmail.com', 'outlook.com'],
  en: ['gmail.com', 'btinternet.com', 'hotmail.co.uk', 'outlook.com', 'yahoo.co.uk', 'sky.com'],
};
const WORKPLACES = ['acme.com', 'globex.co', 'initech.net', 'umbrella.org', 'contoso.com', 'northwind.biz'];

// Mailboxes belong to one person: a local part another person already holds at that provider gets
// digits, as providers make people do.
const taken = new Set<string>();
function makeEmail(r: Rng, given: string, family: string, year: number, culture: Culture): string {
  let email = draftEmail(r, given, family, year, culture);
  while (taken.has(email)) email = email.replace('@', `${r.int(1, 99)}@`);
  taken.add(email);
  return email;
}
function draftEmail(r: Rng, given: string, family: string, year: number, culture: Culture): string {
  const g = ascii(given) || 'x';
  const f = ascii(family) || ascii(given) || 'x';
  const local = r.weighted<string>([
    [4, `${g}.${f}`], [3, `${g}${f}`], [2, `${g[0]}${f}`], [2, `${g}.${f}${year % 100}`], [1, `${f}.${g}`], [1, `${g}_${f}`],
    [1, `${g}${year}`], [1, `${g[0]}.${f}${r.int(1, 99)}`], [1, `${f}${g[0]}`],
  ]);
  return `${local}@${r.pick(PROVIDERS[culture])}`;
}

function makePerson(r: Rng, culture: Culture, forced?: { given?: number; family?: number; sex?: 'm' | 'f' }): Person {
  const sex = forced?.sex ?? (r.chance(0.5) ? 'm' : 'f');
  let name: Person['name'];
  let latinGiven: string;
  let latinFamily: string;
  // A person's records usually come from a few systems: each keeps its habits with this chance.
  const sticky = r.next();
  let firstForm: [string, string] | null = null;
  const keepFirst = (r2: Rng, first: boolean, fresh: () => [string, string]): [string, string] => {
    if (first || !firstForm) return (firstForm = fresh());
    return r2.chance(sticky * 0.6) ? firstForm : fresh();
  };
  if (culture === 'ua') {
    const pool = UA_GIVEN.filter((n) => n.sex === sex);
    const g = forced?.given !== undefined ? pool[forced.given % pool.length]! : r.pick(pool);
    const [sua, sru] = ukrainianSurname(forced?.family !== undefined ? UA_SURNAMES[forced.family % UA_SURNAMES.length]! : r.pick(UA_SURNAMES), sex);
    latinGiven = romanise(g.ua, 'national');
    latinFamily = romanise(sua, 'national');
    name = (r2, first) =>
      keepFirst(r2, first, () => {
        let given = r2.chance(0.1) && g.en ? r2.pick(g.en) : r2.chance(0.07) && g.dim ? r2.pick(g.dim) : ukrainianForm(r2, g.ua, g.ru, false);
        const family = ukrainianForm(r2, sua, sru, true);
        // Russian-style and Cyrillic records keep one script per record most of the time.
        if (/[\u0400-\u04ff]/.test(family) && r2.chance(0.6)) given = /[ґєії]/i.test(family) ? g.ua : g.ru;
        // Now and then the patronymic comes along in the given-name column (Oleksandr Petrovych).
        if (r2.chance(0.05)) given = `${given} ${romanise(r2.pick(UA_GIVEN.filter((n) => n.sex === 'm')).ua, 'national').replace(/[oaiy]$/, '')}${sex === 'm' ? 'ovych' : 'ivna'}`;
        return [given, family];
      });
  } else if (culture === 'pk') {
    const pool = sex === 'm' ? PK_MALE : PK_FEMALE;
    const g = forced?.given !== undefined ? pool[forced.given % pool.length]! : r.pick(pool);
    const muhammad = sex === 'm' && r.chance(0.45);
    const syed = r.chance(0.12);
    const ch = !syed && r.chance(0.08);
    const family = forced?.family !== undefined ? PK_FAMILY[forced.family % PK_FAMILY.length]! : r.pick(PK_FAMILY);
    const father = r.pick(PK_MALE);
    // Family name usage: a clan name, the father's name, or none (one given name only).
    const usage = r.weighted<string>([[6, 'family'], [2, 'father'], [1, 'none']]);
    latinGiven = (muhammad ? 'muhammad ' : '') + g[0]!;
    latinFamily = usage === 'father' ? father[0]! : family[0]!;
    name = (r2, first) =>
      keepFirst(r2, first, () => {
        let given = r2.chance(0.75) ? g[0]! : r2.pick(g);
        if (muhammad) {
          const m = r2.weighted<string>([[5, 'full'], [2, 'drop'], [1, 'alone']]);
          if (m === 'full') given = `${r2.pick(MUHAMMAD)} ${given}`;
          if (m === 'alone' && usage !== 'none') given = r2.pick(MUHAMMAD);
          if (m === 'alone' && usage === 'none') given = `${r2.pick(MUHAMMAD)} ${given}`;
        }
        if (syed && r2.chance(0.5)) given = `${r2.pick(['Syed', 'Sayed', 'S.'])} ${given}`;
        if (ch && r2.chance(0.5)) given = `${r2.pick(['Ch.', 'Chaudhry'])} ${given}`;
        let fam: string;
        const u = r2.chance(0.8) ? usage : r2.pick(['family', 'father', 'none']);
        if (u === 'family') fam = r2.chance(0.7) ? family[0]! : r2.pick(family);
        else if (u === 'father') fam = r2.chance(0.8) ? father[0]! : r2.pick(father);
        else fam = syed && r2.chance(0.5) ? 'Syed' : '';
        // One given name that is "Muhammad X" may be split over both columns.
        if (fam === '' && given.includes(' ') && r2.chance(0.4)) {
          const parts = given.split(' ');
          fam = parts.pop()!;
          given = parts.join(' ');
        }
        return [given, fam];
      });
  } else if (culture === 'ta') {
    const pool = sex === 'm' ? TA_MALE : TA_FEMALE;
    const g = forced?.given !== undefined ? pool[forced.given % pool.length]! : r.pick(pool);
    const father = forced?.family !== undefined ? TA_MALE[forced.family % TA_MALE.length]! : r.pick(TA_MALE);
    const sri = r.chance(0.08);
    latinGiven = g[0]!;
    latinFamily = father[0]!;
    name = (r2, first) =>
      keepFirst(r2, first, () => {
        let given = r2.chance(0.65) ? g[0]! : r2.pick(g);
        if (sri && r2.chance(0.6)) given = `${r2.pick(['Sri', 'Shri', 'Sree'])} ${given}`;
        const f = r2.chance(0.7) ? father[0]! : r2.pick(father);
        const initial = `${f[0]}.`;
        return r2.weighted<[string, string]>([
          [5, [given, f]], // western order: father's name as surname
          [2, [`${initial} ${given}`.replace('. ', r2.chance(0.5) ? '. ' : ' '), '']], // "S. Karthikeyan" in one column
          [2, [given, f[0]!]], // initial as surname
          [2, [initial, given]], // initial as given name, own name as family
          [1, [f, given]], // reversed
          [1, [given, '']], // own name only
          [1, [`${given} ${f}`, '']], // both in given
        ]);
      });
  } else {
    const pool = sex === 'm' ? EN_MALE : EN_FEMALE;
    const g = forced?.given !== undefined ? pool[forced.given % pool.length]! : r.pick(pool);
    const fam = forced?.family !== undefined ? EN_SURNAMES[forced.family % EN_SURNAMES.length]! : r.pick(EN_SURNAMES);
    const middle = r.pick(sex === 'm' ? EN_MALE : EN_FEMALE)[0]!;
    const married = sex === 'f' && r.chance(0.08) ? r.pick(EN_SURNAMES)[0]! : null;
    latinGiven = g[0]!;
    latinFamily = fam[0]!;
    name = (r2, first) =>
      keepFirst(r2, first, () => {
        let given = r2.chance(0.55) ? g[0]! : r2.pick(g);
        if (r2.chance(0.12)) given = `${given} ${r2.chance(0.5) ? middle : `${middle[0]}.`}`;
        if (r2.chance(0.05)) given = `${given[0]}.`;
        let family = r2.chance(0.8) ? fam[0]! : r2.pick(fam);
        if (married && !first && r2.chance(0.6)) family = r2.chance(0.3) ? `${family}-${married}` : married;
        return [given, family];
      });
  }
  const year = r.int(1940, 2004);
  const dob: Person['dob'] = r.chance(0.97) ? [year, r.int(1, 12), r.int(1, 28)] : null;
  const phones = [newPhone(r, culture)];
  if (r.chance(0.4)) phones.push(newPhone(r, culture));
  const emails = [makeEmail(r, latinGiven.split(' ').pop()!, latinFamily || latinGiven, year, culture)];
  if (r.chance(0.35)) {
    let work = `${ascii(latinGiven.split(' ').pop()!)[0]}${ascii(latinFamily || latinGiven)}@${r.pick(WORKPLACES)}`;
    while (taken.has(work)) work = work.replace('@', `${r.int(1, 9)}@`);
    taken.add(work);
    emails.push(work);
  }
  const country = COUNTRIES[culture];
  const address = { no: r.int(1, 240), street: r.pick(country.streets), flat: r.chance(0.5) ? r.int(1, 90) : 0, city: r.pick(country.cities), postcode: country.postcode(r) };
  return { culture, sex, name, latinGiven, latinFamily, dob, phones, emails, address };
}

export const COLUMNS = ['given_name', 'family_name', 'date_of_birth', 'email', 'phone', 'address', 'city', 'postcode'] as const;
export type Row = Record<(typeof COLUMNS)[number] | 'record_id' | 'cluster' | 'culture', string>;

function writeDate(r: Rng, [y, m, d]: [number, number, number], culture: Culture): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return r.weighted<string>([
    [4, `${y}-${p(m)}-${p(d)}`],
    [3, culture === 'ua' ? `${p(d)}.${p(m)}.${y}` : `${p(d)}/${p(m)}/${y}`],
    [1, `${m}/${d}/${y}`], // US order typed by someone: day and month swap when both <= 12
    [1, `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`],
  ]);
}

/** One record of a person; `first` is the first record (the least corrupted). */
function recordOf(r: Rng, p: Person, first: boolean, cluster: string, id: string, hard: number): Row {
  let [given, family] = p.name(r, first);
  const k = first ? 0.4 : 1; // first records are cleaner
  if (r.chance(0.07 * k * hard) && given.length > 3) given = typo(r, given);
  if (r.chance(0.07 * k * hard) && family.length > 3) family = typo(r, family);
  if (!first && r.chance(0.06 * hard)) [given, family] = [family, given];
  if (!first && r.chance(0.03 * hard) && family) [given, family] = [`${given} ${family}`, ''];
  if (r.chance(0.08)) given = given.toUpperCase();
  if (r.chance(0.08)) family = family.toUpperCase();
  let dob = '';
  if (p.dob && !r.chance(0.15 * hard)) {
    let [y, m, d] = p.dob;
    if (!first && r.chance(0.05 * hard)) [m, d] = d <= 12 ? [d, m] : [m, d];
    if (!first && r.chance(0.04 * hard)) y += r.pick([-1, 1, -10, 10]);
    if (!first && r.chance(0.04 * hard)) d = Math.min(28, Math.max(1, d + r.pick([-1, 1, 10])));
    dob = writeDate(r, [y, m, d], p.culture);
  }
  let email = '';
  if (!r.chance(0.2 * hard)) {
    email = first || r.chance(0.6) ? p.emails[0]! : r.pick(p.emails);
    if (!first) {
      const [local, domain] = email.split('@') as [string, string];
      email = r.weighted<string>([
        [6, email],
        [1, `${local.replace(/\./g, '')}@${domain}`],
        [1, `${local}+${r.pick(['crm', 'shop', 'news'])}@${domain}`],
        [2, `${local}@${r.pick(PROVIDERS[p.culture])}`],
        [2, makeEmail(r, p.latinGiven.split(' ').pop()!, p.latinFamily || p.latinGiven, p.dob?.[0] ?? 1980, p.culture)],
        [1, r.chance(0.3) ? email.toUpperCase() : typo(r, local) + '@' + domain],
      ]);
    }
  }
  let phone = '';
  if (!r.chance(0.2 * hard)) {
    const ph = first || r.chance(0.7) ? p.phones[0]! : r.pick(p.phones);
    phone = !first && r.chance(0.04 * hard) ? writePhone(r, newPhone(r, p.culture)) : writePhone(r, ph);
    if (!first && r.chance(0.03 * hard)) phone = typo(r, phone);
  }
  const country = COUNTRIES[p.culture];
  let { no, street, flat, city, postcode } = p.address;
  if (!first && r.chance(0.1 * hard)) {
    // Moved.
    no = r.int(1, 240);
    street = r.pick(country.streets);
    flat = r.chance(0.5) ? r.int(1, 90) : 0;
    if (r.chance(0.4)) city = r.pick(country.cities);
    postcode = country.postcode(r);
  }
  const address = r.chance(0.25 * hard) ? '' : country.address(r, no, street, flat);
  const cityName = r.chance(0.1 * hard) ? '' : r.chance(0.6) ? city[0]! : r.pick(city);
  let pc = r.chance(0.35 * hard) ? '' : postcode;
  if (pc && r.chance(0.2)) pc = pc.replace(/^(\d{3})(\d{3})$/, '$1 $2');
  return { record_id: id, given_name: given, family_name: family, date_of_birth: dob, email, phone, address, city: cityName, postcode: pc, cluster, culture: p.culture };
}

const CULTURES: Array<[number, Culture]> = [[30, 'ua'], [25, 'pk'], [20, 'ta'], [25, 'en']];

/** Customers with duplicates: `people` entities, 1 to 5 records each. */
export function holdoutRecords(seed: number, people: number, hard = 1): Row[] {
  const r = new Rng(seed);
  const rows: Row[] = [];
  taken.clear(); // namesakeRecords() after this call keeps clear of these mailboxes
  for (let e = 0; e < people; e++) {
    const culture = r.weighted(CULTURES);
    const p = makePerson(r, culture);
    const k = r.weighted<number>([[45, 1], [30, 2], [15, 3], [7, 4], [3, 5]]);
    for (let i = 0; i < k; i++) rows.push(recordOf(r, p, i === 0, `s${seed}-p${e}`, `s${seed}-r${rows.length}`, hard));
  }
  return shuffle(r, rows);
}

/**
 * Different people who share names: groups of namesakes on the most common names of each culture
 * (Muhammad Khan, Oleksandr Kovalenko, Priya Krishnan, John Smith), and relatives who share a
 * family name, an address, a landline and sometimes a birth date (twins). Each person is its own
 * cluster (a few have a second record, so the file also holds true pairs).
 */
export function namesakeRecords(seed: number, groups: number): Row[] {
  const r = new Rng(seed * 7919 + 13);
  const rows: Row[] = [];
  let n = 0;
  for (let gi = 0; gi < groups; gi++) {
    const culture = r.weighted(CULTURES);
    if (r.chance(0.6)) {
      // Namesakes: the same common given name (index 0..2) and family name (0..3), other facts.
      const given = r.int(0, 2);
      const family = r.int(0, 3);
      const sex: 'm' | 'f' = r.chance(0.6) ? 'm' : 'f';
      const size = r.int(2, 5);
      const city = r.pick(COUNTRIES[culture].cities);
      for (let i = 0; i < size; i++) {
        const p = makePerson(r, culture, { given, family, sex });
        if (r.chance(0.6)) p.address.city = city;
        const k = r.chance(0.2) ? 2 : 1;
        for (let j = 0; j < k; j++) rows.push(recordOf(r, p, j === 0, `n${seed}-g${gi}-p${i}`, `n${seed}-r${n++}`, 1));
      }
    } else {
      // A household: same family name, address, landline; different given names; twins share the birth date.
      const family = r.int(0, 40);
      const base = makePerson(r, culture, { family });
      const size = r.int(2, 4);
      const twins = r.chance(0.3);
      for (let i = 0; i < size; i++) {
        const p = i === 0 ? base : makePerson(r, culture, { family, given: r.int(0, 40) });
        p.address = base.address;
        if (r.chance(0.6)) p.phones = [base.phones[0]!, ...p.phones.slice(1)];
        if (twins && i === 1) p.dob = base.dob;
        if (p.culture === 'pk' || p.culture === 'ta') p.latinFamily = base.latinFamily;
        rows.push(recordOf(r, p, true, `n${seed}-h${gi}-p${i}`, `n${seed}-r${n++}`, 1));
      }
    }
  }
  return rows;
}

function shuffle<T>(r: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

const HEADER = ['record_id', ...COLUMNS, 'cluster', 'culture'] as const;
export function toCsv(rows: readonly Row[]): string {
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [HEADER.join(','), ...rows.map((row) => HEADER.map((h) => cell(row[h])).join(','))].join('\n') + '\n';
}

// ---------------------------------------------------------------- evaluation
/** Pairs agreeing exactly (after folding) on every column of one of the sets. */
function* baselinePairs(input: Dataset, sets: string[][]): Generator<[number, number]> {
  const seen = new Set<number>();
  const n = input.ids.length;
  for (const set of sets) {
    const groups = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const parts = set.map((c) => normaliseValue('text', input.columns[c]?.[i]));
      if (parts.some((p) => p === null)) continue;
      const key = parts.join('|');
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(i);
    }
    for (const g of groups.values()) {
      for (let i = 0; i < g.length; i++) {
        for (let j = i + 1; j < g.length; j++) {
          if (seen.has(g[i]! * n + g[j]!)) continue;
          seen.add(g[i]! * n + g[j]!);
          yield [g[i]!, g[j]!];
        }
      }
    }
  }
}
function* above(r: MatchResult, t: number): Generator<[number, number]> {
  for (let p = 0; p < r.count; p++) if (r.probability(p) >= t) yield [r.left[p]!, r.right[p]!];
}
const f3 = (x: number) => x.toFixed(3);
const row = (s: PairScores) => `P ${f3(s.precision)} R ${f3(s.recall)} F1 ${f3(s.f1)}`;

/** Runs the engine (auto-config) on one CSV file and prints its line. */
export async function evaluateFile(path: string, name: string, workers: number): Promise<void> {
  const input = readCsvDataset(path, 'record_id');
  const entity = input.columns.cluster!.map(String);
  const culture = input.columns.culture!.map(String);
  const started = performance.now();
  const r = await matchDatasets([input], { exclude: ['cluster', 'culture'], workers });
  const seconds = (performance.now() - started) / 1000;
  const engine = pairwiseScores(entity, r.table.split, above(r, 0.5));
  const clusters = pairwiseScores(entity, r.table.split, clusterPairsOf(r.clusters.clusterOf, r.table.split));
  const baseline = pairwiseScores(entity, r.table.split, baselinePairs(input, [['email'], ['given_name', 'family_name', 'date_of_birth']]));
  console.log(`${name} | ${r.table.n} | ${engine.truePairs} | ${row(baseline)} | ${row(engine)} | ${row(clusters)} | ${f3(recallAtPrecision(r, entity, engine.truePairs))} | ${seconds.toFixed(1)}`);
  // Recall per culture (true pairs of that culture found at >= 0.5) and false positives by culture.
  const per = new Map<string, { truePairs: number; found: number; fp: number }>();
  const members = new Map<string, number[]>();
  entity.forEach((e, i) => (members.get(e) ?? members.set(e, []).get(e)!).push(i));
  for (const list of members.values()) {
    const c = per.get(culture[list[0]!]!) ?? per.set(culture[list[0]!]!, { truePairs: 0, found: 0, fp: 0 }).get(culture[list[0]!]!)!;
    c.truePairs += (list.length * (list.length - 1)) / 2;
  }
  for (const [a, b] of above(r, 0.5)) {
    const c = per.get(culture[a]!)!;
    if (entity[a] === entity[b]) c.found++;
    else c.fp++;
  }
  console.log(`  per culture (pairs >= 0.5): ${[...per.entries()].sort().map(([k, v]) => `${k} R ${f3(v.found / Math.max(1, v.truePairs))} (${v.truePairs} pairs, ${v.fp} false)`).join('; ')}`);
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { seed: { type: 'string' }, people: { type: 'string' }, out: { type: 'string' }, fixture: { type: 'string' }, cli: { type: 'boolean' }, workers: { type: 'string' }, hard: { type: 'string' } } });
  const seed = Number(args.seed ?? 1);
  const people = Number(args.people ?? 3000);
  const hard = Number(args.hard ?? 1);
  if (args.fixture) {
    // A small committed fixture: records and namesakes in one file.
    const rows = [...holdoutRecords(seed, people, hard), ...namesakeRecords(seed, Math.max(4, Math.round(people / 8)))];
    mkdirSync(dirname(args.fixture), { recursive: true });
    writeFileSync(args.fixture, toCsv(rows));
    console.log(`wrote ${rows.length} rows to ${args.fixture}`);
    return;
  }
  const out = args.out ?? '/tmp/holdout-multilingual';
  mkdirSync(out, { recursive: true });
  const records = holdoutRecords(seed, people, hard);
  const namesakes = namesakeRecords(seed, Math.round(people / 8));
  const recordsPath = join(out, `records-s${seed}.csv`);
  const namesakesPath = join(out, `namesakes-s${seed}.csv`);
  const bothPath = join(out, `records+namesakes-s${seed}.csv`);
  writeFileSync(recordsPath, toCsv(records));
  writeFileSync(namesakesPath, toCsv(namesakes));
  writeFileSync(bothPath, toCsv([...records, ...namesakes]));
  const workers = Number(args.workers ?? Math.min(2, availableParallelism()));
  console.log(`holdout (multilingual), seed ${seed}, ${people} people, hardness ${hard}, ${new Date().toISOString()}, files in ${out}`);
  console.log('dataset | records | true pairs | baseline (exact email, or given+family+dob) | engine pairs >= 0.5 | engine clusters | recall at P>=0.95 | seconds');
  await evaluateFile(recordsPath, `records s${seed}`, workers);
  await evaluateFile(namesakesPath, `namesakes s${seed}`, workers);
  await evaluateFile(bothPath, `records+namesakes s${seed}`, workers);
  if (args.cli) {
    // The same file through the command line (`rapport match`, auto-configured), scored from its output.
    const root = join(dirname(fileURLToPath(import.meta.url)), '..');
    const output = join(out, `cli-pairs-s${seed}.csv`);
    const started = performance.now();
    execFileSync('node', [join(root, 'bin', 'rapport.mjs'), 'match', '--input', bothPath, '--id-column', 'record_id', '--ignore', 'cluster', '--ignore', 'culture', '--output', output, '--workers', String(workers)], { stdio: ['ignore', 'ignore', 'ignore'] });
    const seconds = (performance.now() - started) / 1000;
    const input = readCsvDataset(bothPath, 'record_id');
    const index = new Map(input.ids.map((id, i) => [id, i]));
    const entity = input.columns.cluster!.map(String);
    const pairs = readCsvDataset(output, null);
    const scores = pairwiseScores(entity, input.ids.length, pairs.columns.id_l!.map((l, i) => [index.get(l!)!, index.get(pairs.columns.id_r![i]!)!] as [number, number]));
    console.log(`rapport match (CLI) on records+namesakes s${seed} | ${input.ids.length} | ${scores.truePairs} | - | ${row(scores)} | - | - | ${seconds.toFixed(1)}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
