// Age in whole years as a contact filter ("aged 50-65"). Saved views keep `age`; the list API
// filters on birthDate, so each request turns ages into birth date bounds for today (the same rule
// as src/saved-views/age.ts on the server).
import type { Filter } from '../grid/query.ts';

function yearsBefore(today: Date, years: number): Date {
  const d = new Date(Date.UTC(today.getFullYear() - years, today.getMonth(), today.getDate()));
  // 29 February in a year without one: the 28th.
  if (d.getUTCMonth() !== today.getMonth()) d.setUTCDate(0);
  return d;
}
const iso = (d: Date) => d.toISOString().slice(0, 10);
const nextDay = (d: Date) => new Date(d.getTime() + 86_400_000);

export function ageToBirthDate(f: Filter, today: Date): Filter {
  if (f.op === 'isNull') return { field: 'birthDate', op: 'isNull', value: f.value };
  const n = Number(f.value.trim());
  const atLeast = (k: number): Filter => ({ field: 'birthDate', op: 'lte', value: iso(yearsBefore(today, k)) });
  const atMost = (k: number): Filter => ({ field: 'birthDate', op: 'gte', value: iso(nextDay(yearsBefore(today, k + 1))) });
  switch (f.op) {
    case 'gte': return atLeast(n);
    case 'gt': return atLeast(n + 1);
    case 'lte': return atMost(n);
    case 'lt': return atMost(n - 1);
    default: return f;
  }
}

/** Filters as the list API reads them: ages as birth dates for `today` (a half-typed age is left out). */
export const expandAge = (filters: readonly Filter[], today = new Date()): Filter[] =>
  filters.flatMap((f) => (f.field !== 'age' ? [f] : f.op !== 'isNull' && !/^\d{1,3}$/.test(f.value.trim()) ? [] : [ageToBirthDate(f, today)]));
