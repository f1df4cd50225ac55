import nlp from 'compromise';

/**
 * Word facts from the English lexicon that ships inside the `compromise` package (no download at run
 * time): whether a word is a given name (and of which gender), a demonym, a place, or a function word.
 * Only the dictionary is used, never the tagger, so look-ups stay cheap and deterministic.
 */
type Lexicon = Record<string, string | string[] | undefined>;

const lexicon: Lexicon = (nlp.model() as { one: { lexicon: Lexicon } }).one.lexicon;

function tagsOf(word: string): string[] {
  const tags = lexicon[word.toLowerCase()];
  if (tags === undefined) return [];
  return Array.isArray(tags) ? tags : tags.split(',');
}

export type NameGender = 'male' | 'female' | 'unknown';

/** The gender a given name suggests, or null when the word is not a known given name. */
export function givenNameGender(word: string): NameGender | null {
  const tags = tagsOf(word);
  if (tags.includes('FemaleName')) return 'female';
  if (tags.includes('MaleName')) return 'male';
  if (tags.includes('FirstName')) return 'unknown';
  return null;
}

export function isKnownSurname(word: string): boolean {
  return tagsOf(word).includes('LastName');
}

export function isDemonym(word: string): boolean {
  return tagsOf(word).includes('Demonym');
}

export function isPlace(word: string): boolean {
  const tags = tagsOf(word);
  return tags.includes('City') || tags.includes('Country') || tags.includes('Place') || tags.includes('Region');
}

const FUNCTION_TAGS = ['Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'Adverb', 'Copula', 'Modal', 'QuestionWord'];
const VERB_TAGS = ['PastTense', 'PresentTense', 'Infinitive', 'Gerund', 'Participle', 'PhrasalVerb', 'Copula', 'Modal'];

export function isFunctionWord(word: string): boolean {
  return tagsOf(word).some((t) => FUNCTION_TAGS.includes(t));
}

export function isVerb(word: string): boolean {
  return tagsOf(word).some((t) => VERB_TAGS.includes(t));
}
