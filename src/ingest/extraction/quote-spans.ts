/**
 * Stage 1: the double-quoted spans of a paragraph. A span opened and not closed runs to the end of
 * the paragraph (the wire style for a quote that continues into the next paragraph).
 */
export interface QuoteSpan {
  /** Offset of the opening mark. */
  open: number;
  /** Offset of the closing mark, or the paragraph's length when the quote runs on. */
  close: number;
  closed: boolean;
  /** The statement text: what stands between the marks minus one final comma or full stop. */
  text: string;
  textStart: number;
}

const OPENING = new Set(['"', '\u201C']);
const CLOSING = new Set(['"', '\u201D']);

export function findQuoteSpans(paragraph: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let open = -1;
  for (let i = 0; i < paragraph.length; i++) {
    const ch = paragraph[i];
    if (open < 0 && OPENING.has(ch)) open = i;
    else if (open >= 0 && CLOSING.has(ch)) {
      spans.push(span(paragraph, open, i, true));
      open = -1;
    }
  }
  if (open >= 0) spans.push(span(paragraph, open, paragraph.length, false));
  return spans.filter((s) => s.text.trim().length > 0);
}

function span(paragraph: string, open: number, close: number, closed: boolean): QuoteSpan {
  let end = close;
  let start = open + 1;
  while (start < end && /\s/.test(paragraph[start])) start++;
  while (end > start && /\s/.test(paragraph[end - 1])) end--;
  if (end > start && /[.,]/.test(paragraph[end - 1]) && paragraph.slice(end - 3, end) !== '...') end--;
  return { open, close, closed, text: paragraph.slice(start, end), textStart: start };
}

/** The paragraph with every quote's inside blanked out, so that reporter text can be read alone. */
export const MASK = '\u00B7';

export function maskQuotes(paragraph: string, spans: QuoteSpan[]): string {
  let masked = paragraph;
  for (const s of spans) {
    const inner = s.close - s.open - 1;
    masked = masked.slice(0, s.open + 1) + MASK.repeat(Math.max(0, inner)) + masked.slice(s.close);
  }
  return masked;
}
