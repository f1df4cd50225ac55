/**
 * Shape checks for every mutation input, in one schema library (zod). References (ids that must
 * exist) and evidence (words that must be in a paragraph) need the database and live in
 * references.ts and evidence.ts. Messages name the field: `input.slug must be…`.
 */
import { z } from 'zod';
import { ISO_3166_ALPHA_2 } from '../country-codes.js';
import { Refusal } from './user-errors.js';

/** C0 and C1 controls (tab, newline and all), DEL, and the bidirectional embeddings, overrides and isolates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point.
const NUL = /\u0000/;
const describeCharacter = (value: string, pattern: RegExp): string => {
  const match = pattern.exec(value);
  const code = match?.[0].codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${match?.index ?? 0}`;
};
/** Long texts (paragraphs, quotes, context): anything an article legitimately contains, but no NUL. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !NUL.test(value), { error: (issue) => `must not contain NUL (${describeCharacter(String(issue.input), NUL)})` });
/** Names, titles, channels and other one-line labels: no control or bidirectional-override characters. */
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !CONTROL_OR_BIDI.test(value), {
      error: (issue) =>
        `must not contain control or bidirectional-override characters (${describeCharacter(String(issue.input), CONTROL_OR_BIDI)})`,
    });
const optionalText = (max: number) => text(max).nullish();
const optionalLine = (max: number) => line(max).nullish();
export const slug = z
  .string()
  .max(100, 'must be at most 100 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters and digits separated by single hyphens');
const country = z.string().refine((code) => ISO_3166_ALPHA_2.has(code), 'must be an ISO 3166 alpha-2 code such as US or RU');
const id = z.string().min(1).max(200);
const version = z.number().int().min(1, 'must be a version you read (1 or more)');

const citation = z.object({ articleId: id, paragraphIndex: z.number().int().min(0, 'must not be negative'), excerpt: text(2000) });
const evidence = z.array(citation).min(1, 'needs at least one citation').max(20, 'may hold at most 20 citations');
const paragraph = z.object({ text: text(10_000), section: optionalLine(200) });
const role = z.object({ title: line(200), organization: optionalLine(200), country: country.nullish(), evidence });
const release = z.object({ personId: id, releasedBy: country, releasedTo: country, detail: optionalText(2000), evidence });
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max, `may hold at most ${max} items`);
const datePrecision = z.enum(['DAY', 'WEEK', 'MONTH']);

export const schemas = {
  createArticle: z.object({
    slug,
    headline: line(300),
    publishedAt: z.date(),
    dateline: optionalLine(200),
    paragraphs: list(paragraph, 500).min(1, 'needs at least one paragraph'),
    topics: list(line(100), 50).nullish(),
    personIds: list(id, 500).nullish(),
  }),
  updateArticle: z.object({
    id,
    expectedVersion: version,
    slug: slug.nullish(),
    headline: line(300).nullish(),
    publishedAt: z.date().nullish(),
    dateline: optionalLine(200),
    paragraphs: list(paragraph, 500).min(1, 'needs at least one paragraph').nullish(),
    topics: list(line(100), 50).nullish(),
    personIds: list(id, 500).nullish(),
  }),
  createPerson: z.object({
    slug,
    name: line(200),
    aliases: list(line(200), 50).nullish(),
    description: optionalLine(1000),
    nationalities: list(country, 10).nullish(),
    roles: list(role, 50).nullish(),
  }),
  updatePerson: z.object({
    id,
    expectedVersion: version,
    slug: slug.nullish(),
    name: line(200).nullish(),
    aliases: list(line(200), 50).nullish(),
    description: optionalLine(1000),
    nationalities: list(country, 10).nullish(),
  }),
  addRole: z.object({ personId: id, expectedVersion: version, role }),
  removeRole: z.object({ personId: id, expectedVersion: version, index: z.number().int().min(0) }),
  createStatement: z
    .object({
      text: text(5000),
      kind: z.enum(['DIRECT_QUOTE', 'PARTIAL_QUOTE', 'PARAPHRASE']),
      speakerId: id,
      articleId: id,
      channel: optionalLine(200),
      saidOn: z.string().nullish(),
      saidOnPrecision: datePrecision.nullish(),
      aboutIds: list(id, 100).nullish(),
      context: optionalText(2000),
      evidence,
    })
    .refine((s) => !s.saidOn === !s.saidOnPrecision, { message: 'must be given together with saidOn', path: ['saidOnPrecision'] }),
  updateStatement: z.object({
    id,
    expectedVersion: version,
    text: text(5000).nullish(),
    kind: z.enum(['DIRECT_QUOTE', 'PARTIAL_QUOTE', 'PARAPHRASE']).nullish(),
    speakerId: id.nullish(),
    articleId: id.nullish(),
    channel: optionalLine(200),
    saidOn: z.string().nullish(),
    saidOnPrecision: datePrecision.nullish(),
    aboutIds: list(id, 100).nullish(),
    context: optionalText(2000),
    evidence: evidence.nullish(),
  }),
  createExchange: z.object({
    slug,
    date: z.string(),
    description: text(2000),
    countries: list(country, 20).min(1, 'needs at least one country'),
    releases: list(release, 100).nullish(),
    articleIds: list(id, 100).nullish(),
    evidence: list(citation, 20).nullish(),
  }),
  updateExchange: z.object({
    id,
    expectedVersion: version,
    slug: slug.nullish(),
    date: z.string().nullish(),
    description: text(2000).nullish(),
    countries: list(country, 20).min(1, 'needs at least one country').nullish(),
    articleIds: list(id, 100).nullish(),
    evidence: list(citation, 20).nullish(),
  }),
  addRelease: z.object({ exchangeId: id, expectedVersion: version, release }),
  removeRelease: z.object({ exchangeId: id, expectedVersion: version, index: z.number().int().min(0) }),
  delete: z.object({ id, expectedVersion: version.nullish(), cascade: z.boolean().nullish() }),
};

/** Parses `input` with `schema`, or refuses with one VALIDATION error per problem. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new Refusal(
    result.error.issues.map((issue) => {
      const field = ['input', ...issue.path.map(String)];
      return { code: 'VALIDATION' as const, field, message: `${field.join('.')} ${issue.message}` };
    }),
  );
}
