/**
 * Index bounds for an anchored regular expression, as mongod derives them: `/^put/` can only match
 * strings from "put" up to (not including) "puu", so an index read of that range finds every string
 * it matches. mongod does this only for a case-sensitive pattern without the `m` or `x` flags whose
 * start is literal text, and it still tests each key in the range against the pattern — as the
 * planner here does, by leaving the regex in the residual filter.
 */
import type { Bound } from './ordered-index.js';

/** Characters with a meaning in a pattern: the literal prefix ends at the first of them. */
const SPECIAL = new Set([...'\\^$.|?*+()[]{}']);
/** Quantifiers that make the character before them optional. */
const OPTIONAL_BEFORE = new Set(['?', '*', '{']);
/** Flags that leave a literal prefix a prefix: dot-all, and JavaScript's unicode mode. */
const HARMLESS_FLAGS = /^[su]*$/;

function patternOf(value: unknown): { pattern: string; flags: string } | undefined {
  if (value instanceof RegExp) return { pattern: value.source, flags: value.flags };
  if (value === null || typeof value !== 'object') return undefined;
  const tagged = value as { _bsontype?: string; pattern?: string; options?: string; $regex?: unknown; $options?: unknown };
  if (tagged._bsontype === 'BSONRegExp') return { pattern: String(tagged.pattern), flags: String(tagged.options ?? '') };
  const keys = Object.keys(value);
  if (!('$regex' in tagged) || !keys.every((key) => key === '$regex' || key === '$options')) return undefined;
  const inner = patternOf(tagged.$regex);
  if (inner) return tagged.$options === undefined ? inner : undefined;
  if (typeof tagged.$regex !== 'string') return undefined;
  return { pattern: tagged.$regex, flags: typeof tagged.$options === 'string' ? tagged.$options : '' };
}

/** The literal text a pattern's every match starts with ('' when there is none). */
function literalPrefix(pattern: string): string {
  // An alternation anywhere may let a match start elsewhere (`^ab|cd`).
  if (!pattern.startsWith('^') || pattern.includes('|')) return '';
  let prefix = '';
  for (const char of pattern.slice(1)) {
    if (SPECIAL.has(char)) {
      if (OPTIONAL_BEFORE.has(char)) prefix = prefix.slice(0, -1);
      break;
    }
    prefix += char;
  }
  return prefix;
}

/**
 * The string range `[prefix, successor)` every string the regex matches lies in, or undefined when
 * the regex has no usable prefix. The successor raises the last character by one; characters from
 * the surrogate range up are left alone, so UTF-8 byte order (the index's) and code-unit order agree.
 */
export function regexPrefixRange(value: unknown): { lower: Bound; upper: Bound } | undefined {
  const regex = patternOf(value);
  if (!regex || !HARMLESS_FLAGS.test(regex.flags)) return undefined;
  const prefix = literalPrefix(regex.pattern);
  if (prefix.length === 0 || [...prefix].some((char) => (char.codePointAt(0) as number) >= 0xd7ff)) return undefined;
  const successor = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return { lower: { value: prefix, inclusive: true }, upper: { value: successor, inclusive: false } };
}
