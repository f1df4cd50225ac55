/**
 * A date as precise as it is known, in ISO 8601: `2025-04-11` (day), `2025-W14` (week),
 * `2025-03` (month). schema.org dates are ISO 8601, so a month-precise statement is not
 * presented as said on the first of the month.
 */
import type { DatePrecision } from '../db/documents.js';

function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  // The ISO week belongs to the year of its Thursday.
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() + 3 - ((firstThursday.getUTCDay() + 6) % 7));
  const week = 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function partialDate(day: string, precision: DatePrecision | null): string {
  if (precision === 'MONTH') return day.slice(0, 7);
  if (precision === 'WEEK') return isoWeek(day);
  return day;
}
