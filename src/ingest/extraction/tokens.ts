/** Word and punctuation tokens of a paragraph, with their offsets and a few surface facts. */
export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  capitalised: boolean;
  /** "Putin's": the token is "Putin" and this flag is set. */
  possessive: boolean;
  word: boolean;
  inQuote: boolean;
}

const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}'’.-]*[\p{L}\p{N}])?|\u00B7+|[^\s\p{L}\p{N}]/gu;

export function tokenize(text: string, inQuote: (offset: number) => boolean): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    let word = m[0];
    const start = m.index ?? 0;
    let possessive = false;
    if (/['’]s$/.test(word) && word.length > 2) {
      word = word.slice(0, -2);
      possessive = true;
    } else if (/s['’]$/.test(word)) {
      possessive = true;
    }
    const isWord = /^[\p{L}\p{N}]/u.test(word);
    tokens.push({
      text: word,
      lower: word.toLowerCase(),
      start,
      end: start + word.length,
      capitalised: /^\p{Lu}/u.test(word),
      possessive,
      word: isWord,
      inQuote: inQuote(start),
    });
  }
  return tokens;
}
