/**
 * The filters most reads leave after the index has done its part — top-level fields compared with
 * strings (`{status: {$nin: ['PENDING', 'REJECTED']}}`, `{kind: 'DIRECT_QUOTE'}`) — tested
 * natively. mingo resolves paths and operators afresh for every document; a statement count
 * testing hundreds of matches spent most of its time there. Anything else (dotted paths, other
 * value types, other operators, a collation) is left to mingo.
 *
 * Semantics as mongod's: equality with a string matches the field's value or any element of an
 * array value (one level: a string inside a nested array does not match); `$in` matches when any
 * listed string does; `$ne` and `$nin` are their negations, so they match a missing field.
 */
import { type Doc, isPlainObject } from './bson-values.js';

type Condition = (value: unknown) => boolean;

function holdsAny(value: unknown, strings: ReadonlySet<string>): boolean {
  if (typeof value === 'string') return strings.has(value);
  if (!Array.isArray(value)) return false;
  for (const element of value) if (typeof element === 'string' && strings.has(element)) return true;
  return false;
}

function allStrings(values: unknown): values is string[] {
  return Array.isArray(values) && values.every((value) => typeof value === 'string');
}

/** One field's condition, or undefined when it is not a plain comparison with strings. */
function conditionOf(spec: unknown): Condition | undefined {
  if (typeof spec === 'string') {
    const strings = new Set([spec]);
    return (value) => holdsAny(value, strings);
  }
  if (!isPlainObject(spec)) return undefined;
  const parts: Condition[] = [];
  for (const [operator, operand] of Object.entries(spec)) {
    let strings: Set<string>;
    if ((operator === '$eq' || operator === '$ne') && typeof operand === 'string') strings = new Set([operand]);
    else if ((operator === '$in' || operator === '$nin') && allStrings(operand)) strings = new Set(operand);
    else return undefined;
    const negated = operator === '$ne' || operator === '$nin';
    parts.push(negated ? (value) => !holdsAny(value, strings) : (value) => holdsAny(value, strings));
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : (value) => parts.every((part) => part(value));
}

/** A test for a filter made only of such conditions on top-level fields, or undefined. */
export function stringFilter(filter: Doc): { test(doc: Doc): boolean } | undefined {
  const fields: Array<[name: string, condition: Condition]> = [];
  for (const [name, spec] of Object.entries(filter)) {
    if (name.startsWith('$') || name.includes('.') || name === '' || name === '__proto__') return undefined;
    const condition = conditionOf(spec);
    if (!condition) return undefined;
    fields.push([name, condition]);
  }
  if (fields.length === 0) return undefined;
  return {
    test(doc) {
      for (const [name, condition] of fields) if (!condition(doc[name])) return false;
      return true;
    },
  };
}
