// Age in whole years as a saved-view filter on contacts ("aged 50-65"). The list API filters on
// birthDate; a segment stored with absolute dates would drift as people have birthdays, so a view
// keeps `age` and each use turns it into birthDate bounds for that day. Pure.
import type { Filter } from '../platform/list.ts';

export const ageOps = ['gte', 'lte', 'gt', 'lt', 'isNull'] as const;

/** The date `years` years before `today` (29 February falls back to 28 February). */
function yearsBefore(today: Date, years: number): Date {
  const d = new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate()));
  if (d.getUTCMonth() !== today.getUTCMonth()) d.setUTCDate(0);
  return d;
}
const iso = (d: Date) => d.toISOString().slice(0, 10);
const nextDay = (d: Date) => new Date(d.getTime() + 86_400_000);

/** One age filter as the birthDate filter it means on `today`. */
export function ageToBirthDate(f: Filter, today: Date): Filter {
  if (f.op === 'isNull') return { field: 'birthDate', op: 'isNull', value: f.value };
  const n = Number(f.value);
  // At least n years old: born on or before the day n years ago. At most n: born after the day
  // n + 1 years ago. gt and lt are gte n + 1 and lte n - 1.
  const atLeast = (k: number): Filter => ({ field: 'birthDate', op: 'lte', value: iso(yearsBefore(today, k)) });
  const atMost = (k: number): Filter => ({ field: 'birthDate', op: 'gte', value: iso(nextDay(yearsBefore(today, k + 1))) });
  switch (f.op) {
    case 'gte': return atLeast(n);
    case 'gt': return atLeast(n + 1);
    case 'lte': return atMost(n);
    case 'lt': return atMost(n - 1);
    default: throw new Error(`age does not support ${f.op}`);
  }
}

/** The filters with every age filter turned into birthDate for `today`. */
export const expandAge = (filters: readonly Filter[], today = new Date()): Filter[] =>
  filters.map((f) => (f.field === 'age' ? ageToBirthDate(f, today) : f));

/** Why an age filter's value is not usable, or null. */
export function checkAge(f: Filter): string | null {
  if (f.op === 'isNull') return f.value === 'true' || f.value === 'false' ? null : 'must be true or false';
  return /^\d{1,3}$/.test(f.value.trim()) ? null : 'must be a whole number of years';
}
