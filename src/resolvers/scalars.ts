/** `Date` (YYYY-MM-DD, a real calendar day) and `DateTime` (ISO 8601 with zone, as a JS Date). */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A literal's error carries its node, so the client is told where in the query the bad value is. */
function invalid(message: string, node?: ValueNode): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' }, ...(node ? { nodes: node } : {}) });
}

/** The value as the client wrote it, shortened: messages quote it without echoing a whole payload. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const DATE_FORMAT = 'a calendar date in the form YYYY-MM-DD, e.g. "2025-04-11"';
const DATE_TIME_FORMAT = 'an ISO 8601 time with a time zone, e.g. "2025-04-11T00:00:00Z"';

/** Days already found valid; dates repeat a lot in output, and the check allocates. */
const validDays = new Set<string>();
const VALID_DAYS_KEPT = 100_000;

function parseDate(value: unknown, node?: ValueNode): string {
  if (typeof value === 'string' && validDays.has(value)) return value;
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) throw invalid(`Date must be ${DATE_FORMAT}; got ${shown(value)}`, node);
  const [, y, m, d] = match.map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d)
    throw invalid(`Date must be ${DATE_FORMAT}; ${shown(value)} is not a day of the calendar`, node);
  if (validDays.size < VALID_DAYS_KEPT) validDays.add(value as string);
  return value as string;
}

function parseDateTime(value: unknown, node?: ValueNode): Date {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) throw invalid(`DateTime must be ${DATE_TIME_FORMAT}; got ${shown(value)}`, node);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(`DateTime must be ${DATE_TIME_FORMAT}; ${shown(value)} is not a valid time`, node);
  return date;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => parseDate(value),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid(`Date must be ${DATE_FORMAT} in a string`, ast);
    return parseDate(ast.value, ast);
  },
});

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A point in time, ISO 8601 with a time zone.',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    return parseDateTime(value).toISOString();
  },
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid(`DateTime must be ${DATE_TIME_FORMAT} in a string`, ast);
    return parseDateTime(ast.value, ast);
  },
});
