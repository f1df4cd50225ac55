/** The extractor's output: what an article's text says about who said what. */

export type QuoteKind = 'DIRECT_QUOTE' | 'PARTIAL_QUOTE';
export type DatePrecision = 'DAY' | 'WEEK' | 'MONTH';

export interface ArticleParagraph {
  index: number;
  text: string;
  section: string | null;
}

export interface ArticleText {
  publishedOn: string;
  paragraphs: ArticleParagraph[];
}

export interface Evidence {
  paragraphIndex: number;
  excerpt: string;
}

export interface ExtractedPerson {
  name: string;
  aliases: string[];
  roles: string[];
  gender: 'male' | 'female' | 'unknown';
  evidence: Evidence[];
}

export interface SpeakerCandidate {
  name: string;
  score: number;
}

export interface ExtractedStatement {
  paragraphIndex: number;
  /** Character offset of `text` in its paragraph. */
  start: number;
  text: string;
  kind: QuoteKind;
  speaker: string | null;
  /** How the speaker was found: named at the cue, a pronoun, a role, carried from an earlier quote… */
  attribution: 'NAME' | 'PRONOUN' | 'ROLE' | 'CONTINUATION' | 'CONTEXT' | 'UNNAMED' | 'NONE';
  confidence: number;
  candidates: SpeakerCandidate[];
  /**
   * The role by which the article refers to a speaker it never names ("the Kremlin spokesman"), for
   * matching against people already known by that role; null otherwise.
   */
  speakerRole: string | null;
  channel: string | null;
  saidOn: string | null;
  saidOnPrecision: DatePrecision | null;
  /** The reporter's words that attribute the quote (the cue verb's clause), for review. */
  cue: string | null;
}

export interface Extraction {
  publishedOn: string;
  paragraphs: ArticleParagraph[];
  people: ExtractedPerson[];
  statements: ExtractedStatement[];
}
