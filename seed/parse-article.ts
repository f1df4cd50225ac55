/**
 * Parses the corpus format (see CORPUS-FORMAT.md): a leading ` date YYYY-MM-DD ` marker that is
 * metadata, blank-line separated paragraphs, and short unpunctuated lines that are section headings.
 */
export interface ParsedParagraph {
  index: number;
  text: string;
  section: string | null;
}

export interface ParsedArticle {
  publishedOn: string;
  paragraphs: ParsedParagraph[];
}

const DATE_PREFIX = /^ ?date (\d{4}-\d{2}-\d{2}) /;

function isHeading(block: string): boolean {
  return block.length <= 60 && !block.includes('\n') && !/[.!?:;,"”'’)]$/.test(block);
}

export function parseArticle(raw: string): ParsedArticle {
  const match = DATE_PREFIX.exec(raw);
  if (!match) throw new Error('article does not start with " date YYYY-MM-DD "');
  const body = raw.slice(match[0].length);
  const paragraphs: ParsedParagraph[] = [];
  let section: string | null = null;
  for (const block of body.split(/\n\s*\n/).map((b) => b.trim())) {
    if (!block) continue;
    if (isHeading(block)) {
      section = block;
      continue;
    }
    paragraphs.push({ index: paragraphs.length, text: block, section });
  }
  return { publishedOn: match[1], paragraphs };
}
