// Double Metaphone (Lawrence Philips, "The Double Metaphone Search Algorithm", C/C++ Users Journal,
// June 2000), written here from the published rules. Returns a primary and an alternate code so that
// names of Germanic, Slavic, Romance and other origins meet their English spellings
// (Smith SM0/XMT ~ Schmidt XMT/SMT). Input is expected folded to Latin letters (see normalize.ts).

const VOWELS = new Set(['A', 'E', 'I', 'O', 'U', 'Y']);

// Codes already worked out, per maximum length: names and words repeat across values, fields,
// blocking rules and the threads' own preparation. Emptied when large (only a memo). Lengths up to
// SHARED_LENGTH share one memo: a code cut shorter is the longer code cut (sounds are appended in
// order, and coding goes on at least as far), so a surname coded for its sound (8) serves the
// same word as a blocking key (6).
const memo = new Map<number, Map<string, [string, string]>>();
const MEMO_SIZE = 1 << 19;
const SHARED_LENGTH = 8;

/** [primary, alternate]; codes are cut to maxLength (4 in the original; Infinity keeps all). */
export function doubleMetaphone(input: string, maxLength = Infinity): [string, string] {
  const length = maxLength <= SHARED_LENGTH ? SHARED_LENGTH : maxLength;
  let known = memo.get(length);
  if (!known) memo.set(length, (known = new Map()));
  let codes = known.get(input);
  if (!codes) {
    codes = computeDoubleMetaphone(input, length);
    if (known.size >= MEMO_SIZE) known.clear();
    known.set(input, codes);
  }
  return length === maxLength ? [codes[0], codes[1]] : [codes[0].slice(0, maxLength), codes[1].slice(0, maxLength)];
}

// The word being coded and the codes so far: module state rather than closures made per call (the
// helpers below read it; one word is coded at a time).
let word = '';
let len = 0;
let last = 0;
let s = '';
let slavoGermanic = false;
let primary = '';
let secondary = '';
const ch = (i: number) => (i < 0 ? '' : s.charAt(i));
function at(start: number, length: number, ...options: string[]): boolean {
  if (start < 0) return false;
  // In place (no substring per test): an option of the asked length matches where s continues
  // with it; s is padded, so one that runs past the end fails as its substring would.
  for (let i = 0; i < options.length; i++) {
    const option = options[i]!;
    if (option.length === length ? s.startsWith(option, start) : s.substr(start, length) === option) return true;
  }
  return false;
}
const vowel = (i: number) => i >= 0 && VOWELS.has(s.charAt(i));
function add(main: string, alt: string = main): void {
  primary += main;
  secondary += alt;
}

function computeDoubleMetaphone(input: string, maxLength: number): [string, string] {
  word = input.toUpperCase().replace(/[^A-ZÇÑ ]/g, '').trim();
  if (word.length === 0) return ['', ''];
  len = word.length;
  last = len - 1;
  s = word + '     ';
  slavoGermanic = /W|K|CZ|WITZ/.test(word);
  primary = '';
  secondary = '';

  let cur = 0;
  if (at(0, 2, 'GN', 'KN', 'PN', 'WR', 'PS')) cur = 1;
  if (ch(0) === 'X') {
    add('S');
    cur = 1;
  }

  while (cur < len && (primary.length < maxLength || secondary.length < maxLength)) {
    const c = ch(cur);
    switch (c) {
      case 'A': case 'E': case 'I': case 'O': case 'U': case 'Y':
        if (cur === 0) add('A');
        cur += 1;
        break;
      case 'B':
        add('P');
        cur += ch(cur + 1) === 'B' ? 2 : 1;
        break;
      case 'Ç':
        add('S');
        cur += 1;
        break;
      case 'C':
        cur = letterC(cur);
        break;
      case 'D':
        if (at(cur, 2, 'DG')) {
          if (at(cur + 2, 1, 'I', 'E', 'Y')) {
            add('J');
            cur += 3;
          } else {
            add('TK');
            cur += 2;
          }
        } else if (at(cur, 2, 'DT', 'DD')) {
          add('T');
          cur += 2;
        } else {
          add('T');
          cur += 1;
        }
        break;
      case 'F':
        add('F');
        cur += ch(cur + 1) === 'F' ? 2 : 1;
        break;
      case 'G':
        cur = letterG(cur);
        break;
      case 'H':
        // Kept only at the start before a vowel or between two vowels.
        if ((cur === 0 || vowel(cur - 1)) && vowel(cur + 1)) {
          add('H');
          cur += 2;
        } else cur += 1;
        break;
      case 'J':
        cur = letterJ(cur);
        break;
      case 'K':
        add('K');
        cur += ch(cur + 1) === 'K' ? 2 : 1;
        break;
      case 'L':
        if (ch(cur + 1) === 'L') {
          // Spanish -illo, -illa, -alle (Cabrillo, Gallegos): the alternate drops the L.
          if ((cur === len - 3 && at(cur - 1, 4, 'ILLO', 'ILLA', 'ALLE')) || ((at(last - 1, 2, 'AS', 'OS') || at(last, 1, 'A', 'O')) && at(cur - 1, 4, 'ALLE'))) {
            add('L', '');
            cur += 2;
            break;
          }
          cur += 2;
        } else cur += 1;
        add('L');
        break;
      case 'M':
        add('M');
        cur += (at(cur - 1, 3, 'UMB') && (cur + 1 === last || at(cur + 2, 2, 'ER'))) || ch(cur + 1) === 'M' ? 2 : 1;
        break;
      case 'N':
        add('N');
        cur += ch(cur + 1) === 'N' ? 2 : 1;
        break;
      case 'Ñ':
        add('N');
        cur += 1;
        break;
      case 'P':
        if (ch(cur + 1) === 'H') {
          add('F');
          cur += 2;
        } else {
          add('P');
          cur += at(cur + 1, 1, 'P', 'B') ? 2 : 1;
        }
        break;
      case 'Q':
        add('K');
        cur += ch(cur + 1) === 'Q' ? 2 : 1;
        break;
      case 'R':
        // French final -ier (Rogier) is silent in the primary, but not Hochmeier.
        if (cur === last && !slavoGermanic && at(cur - 2, 2, 'IE') && !at(cur - 4, 2, 'ME', 'MA')) add('', 'R');
        else add('R');
        cur += ch(cur + 1) === 'R' ? 2 : 1;
        break;
      case 'S':
        cur = letterS(cur);
        break;
      case 'T':
        if (at(cur, 4, 'TION') || at(cur, 3, 'TIA', 'TCH')) {
          add('X');
          cur += 3;
        } else if (at(cur, 2, 'TH') || at(cur, 3, 'TTH')) {
          if (at(cur + 2, 2, 'OM', 'AM') || at(0, 4, 'VAN ', 'VON ') || at(0, 3, 'SCH')) add('T');
          else add('0', 'T');
          cur += 2;
        } else {
          add('T');
          cur += at(cur + 1, 1, 'T', 'D') ? 2 : 1;
        }
        break;
      case 'V':
        add('F');
        cur += ch(cur + 1) === 'V' ? 2 : 1;
        break;
      case 'W':
        cur = letterW(cur);
        break;
      case 'X':
        // French final -x is silent (Breaux).
        if (!(cur === last && (at(cur - 3, 3, 'IAU', 'EAU') || at(cur - 2, 2, 'AU', 'OU')))) add('KS');
        cur += at(cur + 1, 1, 'C', 'X') ? 2 : 1;
        break;
      case 'Z':
        if (ch(cur + 1) === 'H') {
          add('J'); // Pinyin (Zhao)
          cur += 2;
          break;
        }
        if (at(cur + 1, 2, 'ZO', 'ZI', 'ZA') || (slavoGermanic && cur > 0 && ch(cur - 1) !== 'T')) add('S', 'TS');
        else add('S');
        cur += ch(cur + 1) === 'Z' ? 2 : 1;
        break;
      default:
        cur += 1;
    }
  }
  return [primary.slice(0, maxLength), secondary.slice(0, maxLength)];
}

function letterC(i: number): number {
  // Germanic -ach- (Bacher, Macher) is K.
  if (i > 1 && !vowel(i - 2) && at(i - 1, 3, 'ACH') && ch(i + 2) !== 'I' && (ch(i + 2) !== 'E' || at(i - 2, 6, 'BACHER', 'MACHER'))) {
    add('K');
    return i + 2;
  }
  if (i === 0 && at(i, 6, 'CAESAR')) {
    add('S');
    return i + 2;
  }
  if (at(i, 4, 'CHIA')) {
    add('K'); // Italian (Chianti)
    return i + 2;
  }
  if (at(i, 2, 'CH')) {
    if (i > 0 && at(i, 4, 'CHAE')) {
      add('K', 'X'); // Michael
      return i + 2;
    }
    // Greek roots (Chemistry, Chorus) but not Chore.
    if (i === 0 && (at(i + 1, 5, 'HARAC', 'HARIS') || at(i + 1, 3, 'HOR', 'HYM', 'HIA', 'HEM')) && !at(0, 5, 'CHORE')) {
      add('K');
      return i + 2;
    }
    if (at(0, 4, 'VAN ', 'VON ') || at(0, 3, 'SCH') || at(i - 2, 6, 'ORCHES', 'ARCHIT', 'ORCHID') || at(i + 2, 1, 'T', 'S') ||
      ((at(i - 1, 1, 'A', 'O', 'U', 'E') || i === 0) && at(i + 2, 1, 'L', 'R', 'N', 'M', 'B', 'H', 'F', 'V', 'W', ' '))) {
      add('K');
    } else if (i > 0) {
      if (at(0, 2, 'MC')) add('K');
      else add('X', 'K');
    } else add('X');
    return i + 2;
  }
  if (at(i, 2, 'CZ') && !at(i - 2, 4, 'WICZ')) {
    add('S', 'X'); // Czerny
    return i + 2;
  }
  if (at(i + 1, 3, 'CIA')) {
    add('X'); // Focaccia
    return i + 3;
  }
  if (at(i, 2, 'CC') && !(i === 1 && ch(0) === 'M')) {
    if (at(i + 2, 1, 'I', 'E', 'H') && !at(i + 2, 2, 'HU')) {
      // Accident, accede, succeed: KS; Bellocchio: X.
      if ((i === 1 && ch(i - 1) === 'A') || at(i - 1, 5, 'UCCEE', 'UCCES')) add('KS');
      else add('X');
      return i + 3;
    }
    add('K');
    return i + 2;
  }
  if (at(i, 2, 'CK', 'CG', 'CQ')) {
    add('K');
    return i + 2;
  }
  if (at(i, 2, 'CI', 'CE', 'CY')) {
    if (at(i, 3, 'CIO', 'CIE', 'CIA')) add('S', 'X');
    else add('S');
    return i + 2;
  }
  add('K');
  if (at(i + 1, 2, ' C', ' Q', ' G')) return i + 3; // Mac Caffrey, Mac Gregor
  if (at(i + 1, 1, 'C', 'K', 'Q') && !at(i + 1, 2, 'CE', 'CI')) return i + 2;
  return i + 1;
}

function letterG(i: number): number {
  if (ch(i + 1) === 'H') {
    if (i > 0 && !vowel(i - 1)) {
      add('K');
      return i + 2;
    }
    if (i === 0) {
      add(ch(i + 2) === 'I' ? 'J' : 'K'); // Ghislane, Ghiradelli
      return i + 2;
    }
    // Parker's rule: silent after B, H, D (Hugh, bough, though).
    if ((i > 1 && at(i - 2, 1, 'B', 'H', 'D')) || (i > 2 && at(i - 3, 1, 'B', 'H', 'D')) || (i > 3 && at(i - 4, 1, 'B', 'H'))) return i + 2;
    if (i > 2 && ch(i - 1) === 'U' && at(i - 3, 1, 'C', 'G', 'L', 'R', 'T')) add('F'); // laugh, tough
    else if (i > 0 && ch(i - 1) !== 'I') add('K');
    return i + 2;
  }
  if (ch(i + 1) === 'N') {
    if (i === 1 && vowel(0) && !slavoGermanic) add('KN', 'N');
    else if (!at(i + 2, 2, 'EY') && ch(i + 1) !== 'Y' && !slavoGermanic) add('N', 'KN');
    else add('KN');
    return i + 2;
  }
  if (at(i + 1, 2, 'LI') && !slavoGermanic) {
    add('KL', 'L'); // Tagliaro
    return i + 2;
  }
  if (i === 0 && (ch(i + 1) === 'Y' || at(i + 1, 2, 'ES', 'EP', 'EB', 'EL', 'EY', 'IB', 'IL', 'IN', 'IE', 'EI', 'ER'))) {
    add('K', 'J');
    return i + 2;
  }
  if ((at(i + 1, 2, 'ER') || ch(i + 1) === 'Y') && !at(0, 6, 'DANGER', 'RANGER', 'MANGER') && !at(i - 1, 1, 'E', 'I') && !at(i - 1, 3, 'RGY', 'OGY')) {
    add('K', 'J');
    return i + 2;
  }
  if (at(i + 1, 1, 'E', 'I', 'Y') || at(i - 1, 4, 'AGGI', 'OGGI')) {
    if (at(0, 4, 'VAN ', 'VON ') || at(0, 3, 'SCH') || at(i + 1, 2, 'ET')) add('K');
    else if (at(i + 1, 4, 'IER ')) add('J');
    else add('J', 'K');
    return i + 2;
  }
  add('K');
  return i + (ch(i + 1) === 'G' ? 2 : 1);
}

function letterJ(i: number): number {
  if (at(i, 4, 'JOSE') || at(0, 4, 'SAN ')) {
    if ((i === 0 && ch(i + 4) === ' ') || at(0, 4, 'SAN ')) add('H');
    else add('J', 'H');
    return i + 1;
  }
  if (i === 0) add('J', 'A'); // Yankelovich / Jankelowicz
  else if (vowel(i - 1) && !slavoGermanic && (ch(i + 1) === 'A' || ch(i + 1) === 'O')) add('J', 'H');
  else if (i === last) add('J', '');
  else if (!at(i + 1, 1, 'L', 'T', 'K', 'S', 'N', 'M', 'B', 'Z') && !at(i - 1, 1, 'S', 'K', 'L')) add('J');
  return i + (ch(i + 1) === 'J' ? 2 : 1);
}

function letterS(i: number): number {
  if (at(i - 1, 3, 'ISL', 'YSL')) return i + 1; // island, carlisle
  if (i === 0 && at(i, 5, 'SUGAR')) {
    add('X', 'S');
    return i + 1;
  }
  if (at(i, 2, 'SH')) {
    add(at(i + 1, 4, 'HEIM', 'HOEK', 'HOLM', 'HOLZ') ? 'S' : 'X');
    return i + 2;
  }
  if (at(i, 3, 'SIO', 'SIA') || at(i, 4, 'SIAN')) {
    if (!slavoGermanic) add('S', 'X');
    else add('S');
    return i + 3;
  }
  // Smith ~ Schmidt, Snider ~ Schneider; Slavic -sz-.
  if ((i === 0 && at(i + 1, 1, 'M', 'N', 'L', 'W')) || at(i + 1, 1, 'Z')) {
    add('S', 'X');
    return i + (at(i + 1, 1, 'Z') ? 2 : 1);
  }
  if (at(i, 2, 'SC')) {
    if (ch(i + 2) === 'H') {
      if (at(i + 3, 2, 'OO', 'ER', 'EN', 'UY', 'ED', 'EM')) {
        if (at(i + 3, 2, 'ER', 'EN')) add('X', 'SK'); // Schermerhorn, Schenker
        else add('SK'); // school, schooner
        return i + 3;
      }
      if (i === 0 && !vowel(3) && ch(3) !== 'W') add('X', 'S');
      else add('X');
      return i + 3;
    }
    if (at(i + 2, 1, 'I', 'E', 'Y')) add('S');
    else add('SK');
    return i + 3;
  }
  if (i === last && at(i - 2, 2, 'AI', 'OI')) add('', 'S'); // Resnais, Artois
  else add('S');
  return i + (at(i + 1, 1, 'S', 'Z') ? 2 : 1);
}

function letterW(i: number): number {
  if (at(i, 2, 'WR')) {
    add('R');
    return i + 2;
  }
  if (i === 0 && (vowel(i + 1) || at(i, 2, 'WH'))) {
    if (vowel(i + 1)) add('A', 'F'); // Wasserman ~ Vasserman
    else add('A');
  }
  if ((i === last && vowel(i - 1)) || at(i - 1, 5, 'EWSKI', 'EWSKY', 'OWSKI', 'OWSKY') || at(0, 3, 'SCH')) {
    add('', 'F'); // Arnow ~ Arnoff
    return i + 1;
  }
  if (at(i, 4, 'WICZ', 'WITZ')) {
    add('TS', 'FX'); // Filipowicz
    return i + 4;
  }
  return i + 1;
}
