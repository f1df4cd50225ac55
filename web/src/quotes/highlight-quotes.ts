/**
 * Places a paragraph's quotes in its text and cuts the text into a tree of plain runs and quotes,
 * ready to render as nested `<q>` elements. Pure (no React, no DOM), so it is tested on its own.
 *
 * - A quote sits at its verified offset when the text is really there; otherwise at the first
 *   occurrence of its words that no identical quote has taken (two statements quoting "Maybe" in one
 *   paragraph mark two different places when the paragraph has two).
 * - A quote inside another nests (`<q>…<q>…</q>…</q>`).
 * - Two quotes that cross cannot nest, so the later one is cut where the earlier ends: its pieces carry
 *   the same id, the second marked `continued`.
 * - A quote whose words are not in the paragraph is returned in `unplaced`, never dropped.
 */

export interface QuoteToPlace {
  id: string;
  /** The quoted words, verbatim. */
  text: string;
  /** Where verification found the words, if it did. */
  offset?: number | null;
}

export interface PlacedQuote {
  id: string;
  start: number;
  end: number;
  /** A later piece of a quote cut by a crossing one. */
  continued?: boolean;
}

export type ParagraphNode = { kind: 'text'; text: string } | { kind: 'quote'; id: string; continued: boolean; children: ParagraphNode[] };

export interface HighlightedParagraph {
  nodes: ParagraphNode[];
  /** Ids of quotes whose words do not occur in the paragraph. */
  unplaced: string[];
}

function occurrences(paragraph: string, words: string): number[] {
  const found: number[] = [];
  for (let at = paragraph.indexOf(words); at !== -1; at = paragraph.indexOf(words, at + 1)) found.push(at);
  return found;
}

export function placeQuotes(paragraph: string, quotes: readonly QuoteToPlace[]): { placed: PlacedQuote[]; unplaced: string[] } {
  const placed: PlacedQuote[] = [];
  const unplaced: string[] = [];
  const taken = new Set<string>();
  const claim = (id: string, start: number, length: number) => {
    taken.add(`${start}:${length}`);
    placed.push({ id, start, end: start + length });
  };
  // Quotes with a verified offset claim their place first, so a guessed one cannot take it.
  const verified = quotes.filter((q) => q.offset != null && q.text.length > 0 && paragraph.startsWith(q.text, q.offset));
  for (const quote of verified) claim(quote.id, quote.offset!, quote.text.length);
  for (const quote of quotes) {
    if (verified.includes(quote)) continue;
    const places = quote.text.length > 0 ? occurrences(paragraph, quote.text) : [];
    if (places.length === 0) {
      unplaced.push(quote.id);
      continue;
    }
    const free = places.find((start) => !taken.has(`${start}:${quote.text.length}`));
    claim(quote.id, free ?? places[0], quote.text.length);
  }
  return { placed, unplaced };
}

const byStartThenLongest = (a: PlacedQuote, b: PlacedQuote) => a.start - b.start || b.end - a.end;

function tree(paragraph: string, marks: PlacedQuote[], from: number, to: number): ParagraphNode[] {
  const nodes: ParagraphNode[] = [];
  let queue = [...marks].sort(byStartThenLongest);
  let cursor = from;
  while (queue.length > 0) {
    const mark = queue.shift()!;
    if (mark.start > cursor) nodes.push({ kind: 'text', text: paragraph.slice(cursor, mark.start) });
    const inner: PlacedQuote[] = [];
    const rest: PlacedQuote[] = [];
    for (const other of queue) {
      if (other.start >= mark.end) rest.push(other);
      else if (other.end <= mark.end) inner.push(other);
      else {
        inner.push({ ...other, end: mark.end });
        rest.push({ ...other, start: mark.end, continued: true });
      }
    }
    queue = rest.sort(byStartThenLongest);
    nodes.push({ kind: 'quote', id: mark.id, continued: mark.continued === true, children: tree(paragraph, inner, mark.start, mark.end) });
    cursor = mark.end;
  }
  if (cursor < to) nodes.push({ kind: 'text', text: paragraph.slice(cursor, to) });
  return nodes;
}

export function highlightQuotes(paragraph: string, quotes: readonly QuoteToPlace[]): HighlightedParagraph {
  const { placed, unplaced } = placeQuotes(paragraph, quotes);
  return { nodes: tree(paragraph, placed, 0, paragraph.length), unplaced };
}
