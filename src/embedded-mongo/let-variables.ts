/**
 * A command's `let`: each value is an aggregation expression evaluated once, before the command
 * runs (so `{$literal: '$x'}` is the string '$x' and `{$add: [1, 2]}` is 3), then readable as
 * `$$name` in `$expr`, pipeline stages and pipeline updates.
 */
import { Aggregator } from 'mingo/aggregator';
import { type Doc, isPlainObject } from './bson-values.js';
import { MongoCommandError } from './errors.js';
import { mingoOptions } from './mingo-options.js';

/** Whether a value needs evaluating: only operator documents (`{$…}`) and strings that reference paths or variables do. */
function isConstant(value: unknown): boolean {
  if (typeof value === 'string') return !value.startsWith('$');
  if (Array.isArray(value)) return value.every(isConstant);
  if (isPlainObject(value)) return Object.entries(value).every(([key, inner]) => !key.startsWith('$') && isConstant(inner));
  return true;
}

export function letVariables(command: Doc): Doc | undefined {
  const spec = command.let;
  if (spec === undefined || spec === null) return undefined;
  if (!isPlainObject(spec)) throw new MongoCommandError('TypeMismatch', "BSON field 'let' is the wrong type, expected type 'object'");
  for (const name of Object.keys(spec)) {
    const first = name.codePointAt(0) ?? 0;
    if (!((first >= 97 && first <= 122) || first > 127) || !/^.[\p{L}\p{N}_]*$/u.test(name)) {
      throw new MongoCommandError('FailedToParse', `'${name}' starts with an invalid character for a user variable name`);
    }
  }
  if (isConstant(spec)) return spec;
  try {
    const [values] = new Aggregator([{ $replaceWith: spec }], mingoOptions()).run([{}]) as Doc[];
    return values ?? {};
  } catch (error) {
    throw new MongoCommandError('BadValue', (error as Error).message);
  }
}
