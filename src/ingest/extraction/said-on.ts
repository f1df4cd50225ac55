import { MONTHS, WEEKDAYS } from './lexicon/name-words.js';
import type { DatePrecision } from './types.js';

/**
 * Stage 6a: when words were said. Time expressions in reporter text resolved against the
 * publication date ("on Friday" → the latest Friday not after it; "last month" → that month, MONTH
 * precision). The date an interview was published is not when it was given: that yields "unknown".
 */
export interface DateMention {
  start: number;
  end: number;
  /** null: the text says when, but not the day of the words (an interview's publication date). */
  date: string | null;
  precision: DatePrecision | null;
}

const DAY_MS = 86_400_000;

function toDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  return iso(new Date(toDate(isoDate).getTime() + days * DAY_MS));
}

function latestWeekday(publishedOn: string, weekday: number): string {
  const published = toDate(publishedOn);
  const back = (published.getUTCDay() - weekday + 7) % 7;
  return addDays(publishedOn, -back);
}

function monthDay(publishedOn: string, month: number, day: number): string | null {
  const year = Number(publishedOn.slice(0, 4));
  for (const y of [year, year - 1]) {
    const d = new Date(Date.UTC(y, month, day));
    if (d.getUTCMonth() !== month) return null;
    if (iso(d) <= publishedOn) return iso(d);
  }
  return null;
}

const MONTH = MONTHS.map((m) => m[0].toUpperCase() + m.slice(1)).join('|');
const WEEKDAY = WEEKDAYS.map((m) => m[0].toUpperCase() + m.slice(1)).join('|');
const COUNT: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10 };

const PATTERNS: ReadonlyArray<{
  re: RegExp;
  resolve: (m: RegExpExecArray, publishedOn: string, last: string | null) => Omit<DateMention, 'start' | 'end'> | null;
}> = [
  {
    re: new RegExp(`\\b(${MONTH}) (\\d{1,2})(?:st|nd|rd|th)?(?: and (\\d{1,2}))?\\b`, 'g'),
    resolve: (m, p) => {
      const date = monthDay(p, MONTHS.indexOf(m[1].toLowerCase()), Number(m[3] ?? m[2]));
      return date ? { date, precision: 'DAY' } : null;
    },
  },
  {
    re: new RegExp(`\\b(\\d{1,2}) (${MONTH})\\b`, 'g'),
    resolve: (m, p) => {
      const date = monthDay(p, MONTHS.indexOf(m[2].toLowerCase()), Number(m[1]));
      return date ? { date, precision: 'DAY' } : null;
    },
  },
  {
    re: new RegExp(`\\b(${WEEKDAY})\\b(?!['’]s)`, 'g'),
    resolve: (m, p) => ({ date: latestWeekday(p, WEEKDAYS.indexOf(m[1].toLowerCase())), precision: 'DAY' }),
  },
  {
    re: /\b(a|one|two|three|four|five|six|seven|ten|\d+) (day|days|week|weeks) ago\b/gi,
    resolve: (m, p) => {
      const n = COUNT[m[1].toLowerCase()] ?? Number(m[1]);
      return { date: addDays(p, -n * (m[2].startsWith('week') ? 7 : 1)), precision: 'DAY' };
    },
  },
  { re: /\byesterday\b/gi, resolve: (_m, p) => ({ date: addDays(p, -1), precision: 'DAY' }) },
  {
    re: /\b(?:today|earlier in the day|later in the day|this morning|this afternoon|this evening|tonight)\b/gi,
    resolve: (_m, p) => ({ date: p, precision: 'DAY' }),
  },
  {
    re: /\b(?:the (?:next|following) day|a day later)\b/gi,
    resolve: (_m, _p, last) => (last ? { date: addDays(last, 1), precision: 'DAY' } : null),
  },
  {
    re: /\b(?:the (?:previous|preceding) day|the day before|a day earlier)\b/gi,
    resolve: (_m, _p, last) => (last ? { date: addDays(last, -1), precision: 'DAY' } : null),
  },
  {
    re: /\blast week\b/gi,
    resolve: (_m, p) => {
      const monday = latestWeekday(p, 1);
      return { date: addDays(monday, -7), precision: 'WEEK' };
    },
  },
  { re: /\bthis week\b/gi, resolve: (_m, p) => ({ date: latestWeekday(p, 1), precision: 'WEEK' }) },
  {
    re: /\blast month\b/gi,
    resolve: (_m, p) => {
      const d = toDate(p);
      return { date: iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1))), precision: 'MONTH' };
    },
  },
  {
    re: new RegExp(`\\b[Ii]n (${MONTH})\\b(?! \\d)`, 'g'),
    resolve: (m, p) => {
      // A month later in the year than the report is a plan ("will meet in June"), not when words were said.
      const month = MONTHS.indexOf(m[1].toLowerCase());
      if (month > Number(p.slice(5, 7)) - 1) return null;
      const date = monthDay(p, month, 1);
      return date ? { date, precision: 'MONTH' } : null;
    },
  },
];

/** Every time expression in a stretch of reporter text (offsets relative to `text`). */
export function findDates(text: string, publishedOn: string, lastDate: string | null): DateMention[] {
  const found: DateMention[] = [];
  for (const { re, resolve } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (found.some((f) => m!.index < f.end && m!.index + m![0].length > f.start)) continue;
      const resolved = resolve(m, publishedOn, lastDate);
      if (!resolved) continue;
      // "will take office on March 11": a plan, not when anything was said.
      if (
        /\b(?:will|would|is due to|are due to|is set to|are set to|is expected to|are expected to|plans? to|is scheduled to)\b[^,;.]*$/i.test(
          text.slice(Math.max(0, m.index - 40), m.index),
        )
      )
        continue;
      const before = text.slice(Math.max(0, m.index - 60), m.index);
      const ofPublication = /\binterview\b/i.test(text) && /\b(?:published|released|aired|broadcast|ran)\b[^,;]*$/i.test(before);
      found.push({ start: m.index, end: m.index + m[0].length, ...(ofPublication ? { date: null, precision: null } : resolved) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
