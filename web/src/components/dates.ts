/** Dates as a reader expects them: "11 April 2025", in UTC, the same on every machine. */
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const month = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export const formatDate = (iso: string) => day.format(new Date(iso));

/** A `saidOn` date at its precision: a day, the week of a Monday, or a month. */
export function formatSaidOn(date: string, precision: string | null | undefined): string {
  if (precision === 'MONTH') return month.format(new Date(date));
  if (precision === 'WEEK') return `week of ${day.format(new Date(date))}`;
  return day.format(new Date(date));
}

const regions = new Intl.DisplayNames(['en'], { type: 'region' });

/** "Russia (RU)" from an ISO 3166 alpha-2 code. */
export function countryName(code: string): string {
  try {
    return `${regions.of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
}
