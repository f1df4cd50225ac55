/**
 * Sentence boundaries over a paragraph whose quotes are masked, so a full stop inside a quote never
 * ends the reporter's sentence. Abbreviations and initials do not end sentences either.
 */
export interface Sentence {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'gen',
  'sen',
  'rep',
  'gov',
  'lt',
  'col',
  'sgt',
  'capt',
  'prof',
  'jr',
  'sr',
  'no',
  'inc',
  'co',
  'corp',
  'ltd',
  'vs',
  'etc',
  'jan',
  'feb',
  'mar',
  'apr',
  'aug',
  'sept',
  'sep',
  'oct',
  'nov',
  'dec',
  'u.s',
  'u.k',
  'u.n',
  'e.u',
  'a.m',
  'p.m',
  'mt',
  'ft',
  'adm',
  'cmdr',
  'maj',
  'messrs',
  'rev',
  'hon',
]);

/**
 * `original` is the unmasked paragraph: a quote whose last character is a full stop ends the sentence
 * when the next word starts a new one (wire copy puts a comma there when an attribution follows).
 */
export function splitSentences(masked: string, original: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const boundary = /([.!?]|\u00B7)(["\u201D]?)(\s+)(?=["\u201C]|[A-Z0-9\u00C0-\u024F])/g;
  for (let m = boundary.exec(masked); m; m = boundary.exec(masked)) {
    if (m[1] === '\u00B7' && !(m[2] && original[m.index] === '.')) continue;
    const before = masked.slice(start, m.index);
    const lastWord = /([A-Za-z.]+)$/.exec(before)?.[1] ?? '';
    if (m[1] === '.' && !m[2] && (ABBREVIATIONS.has(lastWord.toLowerCase()) || /^[A-Z]$/.test(lastWord))) continue;
    const end = m.index + m[1].length + m[2].length;
    sentences.push({ start, end });
    start = end + m[3].length;
  }
  if (start < masked.length) sentences.push({ start, end: masked.length });
  return sentences;
}
