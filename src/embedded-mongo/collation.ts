/**
 * Collations, as far as `Intl.Collator` reproduces MongoDB's ICU ones for the Latin alphabet:
 * a locale, strength 1 (base letters: case and accents ignored), 2 (accents matter, case does
 * not) or 3 (the default: case matters too), `caseLevel`, `caseFirst` and `numericOrdering`.
 * `locale: 'simple'` is the binary comparison used without a collation. Anything else mongod
 * accepts (strengths 4 and 5, `alternate: 'shifted'`, `backwards`) is refused with BadValue rather
 * than silently compared another way.
 */
import { type Doc, isPlainObject } from './bson-values.js';
import { MongoCommandError } from './errors.js';

export interface Collation {
  /** Canonical form, to tell whether an index's collation is the query's. */
  readonly key: string;
  readonly compareStrings: (a: string, b: string) => number;
  /** The collation document as listIndexes/listCollections report it. */
  readonly spec: Doc;
}

const FIELDS = new Set([
  'locale',
  'strength',
  'caseLevel',
  'caseFirst',
  'numericOrdering',
  'alternate',
  'maxVariable',
  'normalization',
  'backwards',
  'version',
]);

const cache = new Map<string, Collation | undefined>();

function refuse(message: string): never {
  throw new MongoCommandError('BadValue', message);
}

/** The collation a command asks for, or undefined for the binary (`simple`) comparison. */
export function parseCollation(value: unknown): Collation | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value))
    throw new MongoCommandError('TypeMismatch', "BSON field 'collation' is the wrong type, expected type 'object'");
  const cacheKey = JSON.stringify(value);
  if (cache.has(cacheKey)) return cache.get(cacheKey);
  for (const field of Object.keys(value)) {
    if (!FIELDS.has(field)) throw new MongoCommandError('UnknownField', `BSON field 'collation.${field}' is an unknown field.`);
  }
  const { locale } = value;
  if (typeof locale !== 'string')
    throw new MongoCommandError('FailedToParse', "BSON field 'collation.locale' is missing but a required field");
  if (locale === 'simple') {
    if (Object.keys(value).length > 1) refuse("If 'locale' is set to 'simple', no other fields may be set");
    cache.set(cacheKey, undefined);
    return undefined;
  }
  const language = locale.replace(/@.*$/, '').replace(/_/g, '-');
  let supported: string[] = [];
  try {
    supported = Intl.Collator.supportedLocalesOf(language);
  } catch {
    supported = [];
  }
  if (supported.length === 0) refuse(`Field 'locale' is invalid in: ${JSON.stringify(value)}`);
  const strength = value.strength === undefined ? 3 : Number(value.strength);
  if (![1, 2, 3, 4, 5].includes(strength)) refuse(`Field 'strength' must be an integer 1 through 5. Got: ${String(value.strength)}`);
  if (strength > 3) refuse(`collation strength ${strength} is not supported by the embedded server (strengths 1 to 3 are)`);
  if (value.alternate !== undefined && value.alternate !== 'non-ignorable') {
    refuse(`collation alternate '${String(value.alternate)}' is not supported by the embedded server`);
  }
  if (value.backwards === true) refuse('collation backwards: true is not supported by the embedded server');
  const caseFirst = value.caseFirst === undefined ? 'off' : String(value.caseFirst);
  if (!['off', 'upper', 'lower'].includes(caseFirst)) refuse(`Field 'caseFirst' must be 'upper', 'lower' or 'off'. Got: ${caseFirst}`);
  const caseLevel = value.caseLevel === true;
  const numeric = value.numericOrdering === true;
  const sensitivity = strength === 1 ? (caseLevel ? 'case' : 'base') : strength === 2 ? (caseLevel ? 'variant' : 'accent') : 'variant';
  const collator = new Intl.Collator(supported[0], {
    usage: 'sort',
    sensitivity,
    numeric,
    caseFirst: caseFirst === 'off' ? 'false' : (caseFirst as 'upper' | 'lower'),
    ignorePunctuation: false,
  });
  const spec: Doc = {
    locale,
    caseLevel,
    caseFirst,
    strength,
    numericOrdering: numeric,
    alternate: 'non-ignorable',
    maxVariable: 'punct',
    normalization: value.normalization === true,
    backwards: false,
    version: '57.1',
  };
  const collation: Collation = { key: JSON.stringify(spec), compareStrings: (a, b) => collator.compare(a, b), spec };
  cache.set(cacheKey, collation);
  return collation;
}

/** The collation of a command, or else the collection's default. */
export function effectiveCollation(requested: unknown, collectionDefault: unknown): Collation | undefined {
  return requested !== undefined && requested !== null ? parseCollation(requested) : parseCollation(collectionDefault);
}
