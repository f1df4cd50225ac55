/** `Date` (YYYY-MM-DD, a real calendar day) and `DateTime` (ISO 8601 with zone, as a JS Date). */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Days already found valid; dates repeat a lot in output, and the check allocates. */
const validDays = new Set<string>();
const VALID_DAYS_KEPT = 100_000;

function parseDate(value: unknown): string {
  if (typeof value === 'string' && validDays.has(value)) return value;
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) throw invalid('Date must be a string YYYY-MM-DD');
  const [, y, m, d] = match.map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d)
    throw invalid(`Date ${value} is not a calendar day`);
  if (validDays.size < VALID_DAYS_KEPT) validDays.add(value as string);
  return value as string;
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !DATE_TIME.test(value))
    throw invalid('DateTime must be an ISO 8601 string with a time zone, e.g. 2025-04-11T00:00:00Z');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(`DateTime ${value} is not a valid time`);
  return date;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => parseDate(value),
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid('Date must be a string YYYY-MM-DD');
    return parseDate(ast.value);
  },
});

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A point in time, ISO 8601 with a time zone.',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    return parseDateTime(value).toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});
