import type { ArticleParagraph, ArticleText } from './types.js';

/**
 * The corpus article format: ` date YYYY-MM-DD ` then the first paragraph, paragraphs separated by a
 * blank line, short unpunctuated lines as section headings (not paragraphs). Input that is not that
 * format is refused with a precise code, before anything else looks at it.
 */
export const MAX_ARTICLE_BYTES = 1024 * 1024;

export type ArticleInputErrorCode = 'EMPTY_ARTICLE' | 'ARTICLE_TOO_LARGE' | 'NOT_UTF8' | 'NOT_CORPUS_FORMAT' | 'INVALID_DATE';

export class ArticleInputError extends Error {
  constructor(
    readonly code: ArticleInputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ArticleInputError';
  }
}

const DATE_PREFIX = /^ ?date (\d{4}-\d{2}-\d{2}) /;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkIsoDate(value: string, what: string): string {
  const valid = ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
  if (!valid)
    throw new ArticleInputError('INVALID_DATE', `${what} must be a real date as YYYY-MM-DD, got ${JSON.stringify(value.slice(0, 40))}`);
  return value;
}

/** Decodes a file's bytes, refusing what is empty, over 1 MB or not UTF-8. */
export function decodeArticleBytes(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) throw new ArticleInputError('EMPTY_ARTICLE', 'the article is empty');
  if (bytes.byteLength > MAX_ARTICLE_BYTES) {
    throw new ArticleInputError('ARTICLE_TOO_LARGE', `the article is ${bytes.byteLength} bytes; the limit is ${MAX_ARTICLE_BYTES}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ArticleInputError('NOT_UTF8', 'the article is not valid UTF-8');
  }
}

/** Splits a corpus file's text into its publication date and its body. */
export function splitCorpusFile(raw: string): { publishedOn: string; text: string } {
  const match = DATE_PREFIX.exec(raw);
  if (!match)
    throw new ArticleInputError('NOT_CORPUS_FORMAT', 'the article must start with " date YYYY-MM-DD " followed by its first paragraph');
  return { publishedOn: checkIsoDate(match[1], 'the date prefix'), text: raw.slice(match[0].length) };
}

function isHeading(block: string): boolean {
  return block.length <= 60 && !/[.!?:;,"”'’)]$/.test(block);
}

/**
 * Parses an article body into paragraphs. A body may still carry the corpus date prefix; then that
 * date must agree with `publishedOn`.
 */
export function parseArticleText(input: { text: string; publishedOn: string }): ArticleText {
  const publishedOn = checkIsoDate(input.publishedOn, 'publishedOn');
  let body = input.text;
  const prefix = DATE_PREFIX.exec(body);
  if (prefix) {
    if (prefix[1] !== publishedOn) {
      throw new ArticleInputError('INVALID_DATE', `the text's date prefix ${prefix[1]} disagrees with publishedOn ${publishedOn}`);
    }
    body = body.slice(prefix[0].length);
  }
  if (Buffer.byteLength(body, 'utf8') > MAX_ARTICLE_BYTES) {
    throw new ArticleInputError('ARTICLE_TOO_LARGE', `the article is over ${MAX_ARTICLE_BYTES} bytes`);
  }
  if (body.includes('\u0000')) throw new ArticleInputError('NOT_CORPUS_FORMAT', 'the article contains a NUL character');
  const paragraphs: ArticleParagraph[] = [];
  let section: string | null = null;
  for (const block of body.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const text = block.trim().replace(/\s*\n\s*/g, ' ');
    if (!text) continue;
    if (isHeading(text) && paragraphs.length > 0) {
      section = text;
      continue;
    }
    paragraphs.push({ index: paragraphs.length, text, section });
  }
  if (paragraphs.length === 0) throw new ArticleInputError('EMPTY_ARTICLE', 'the article has no paragraphs');
  return { publishedOn, paragraphs };
}

/** Reads a whole corpus file (bytes) into the extractor's input, refusing anything malformed. */
export function readCorpusFile(bytes: Uint8Array): { text: string; publishedOn: string } {
  const raw = decodeArticleBytes(bytes);
  if (raw.trim() === '') throw new ArticleInputError('EMPTY_ARTICLE', 'the article is empty');
  const input = splitCorpusFile(raw);
  parseArticleText(input);
  return input;
}
