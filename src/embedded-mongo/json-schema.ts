/**
 * `$jsonSchema` as mongod implements it (draft 4 plus `bsonType`, no `$ref`/`integer`), used in
 * filters and collection validators. `schemaFailures` lists the rules a value breaks in the shape
 * mongod puts under `errInfo.details.schemaRulesNotSatisfied`; an empty list means it passes.
 */
import { bsonTypeNumber } from './bson-type-operator.js';
import { compareValues, type Doc, isPlainObject, valuesEqual } from './bson-values.js';
import { MongoCommandError } from './errors.js';

const TYPE_NAMES: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  14: 'symbol',
  15: 'javascriptWithScope',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};

const JSON_TYPES: Record<string, (type: string) => boolean> = {
  object: (t) => t === 'object',
  array: (t) => t === 'array',
  string: (t) => t === 'string',
  number: (t) => ['double', 'int', 'long', 'decimal'].includes(t),
  boolean: (t) => t === 'bool',
  null: (t) => t === 'null',
};

const KEYWORDS = new Set([
  'bsonType',
  'type',
  'required',
  'properties',
  'additionalProperties',
  'patternProperties',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
  'items',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'title',
  'description',
  'dependencies',
  'multipleOf',
]);

/** The type name mongod reports for a value (`consideredType`). */
export function typeName(value: unknown): string {
  return TYPE_NAMES[bsonTypeNumber(value) ?? 6] ?? 'object';
}

function matchesType(value: unknown, spec: unknown, aliases: (t: string, name: string) => boolean): boolean {
  const name = typeName(value);
  const types = Array.isArray(spec) ? spec : [spec];
  return types.some((t) => aliases(String(t), name));
}

const bsonTypeMatches = (t: string, name: string) => t === name || (t === 'number' && JSON_TYPES.number(name));

/** Refuses what mongod refuses when parsing a schema: unknown keywords and JSON Schema's 'integer'. */
export function checkSchema(schema: unknown): void {
  if (!isPlainObject(schema)) throw new MongoCommandError('TypeMismatch', '$jsonSchema must be an object');
  for (const [keyword, value] of Object.entries(schema)) {
    if (!KEYWORDS.has(keyword)) throw new MongoCommandError('FailedToParse', `Unknown $jsonSchema keyword: ${keyword}`);
    if (keyword === 'type' && (Array.isArray(value) ? value : [value]).some((t) => !(String(t) in JSON_TYPES))) {
      throw new MongoCommandError('BadValue', `Unknown type name alias: ${String(value)}`);
    }
    if (keyword === 'properties' && isPlainObject(value)) for (const inner of Object.values(value)) checkSchema(inner);
    if ((keyword === 'items' || keyword === 'not') && isPlainObject(value)) checkSchema(value);
    if (['allOf', 'anyOf', 'oneOf'].includes(keyword) && Array.isArray(value)) for (const inner of value) checkSchema(inner);
  }
}

const rule = (operatorName: string, specifiedAs: Doc, extra: Doc = {}): Doc => ({ operatorName, specifiedAs, ...extra });

/** The rules of `schema` that `value` breaks, shaped as mongod reports them. */
export function schemaFailures(schema: Doc, value: unknown): Doc[] {
  const failures: Doc[] = [];
  const type = typeName(value);
  const considered = { consideredValue: value };
  if (schema.bsonType !== undefined && !matchesType(value, schema.bsonType, bsonTypeMatches)) {
    failures.push(rule('bsonType', { bsonType: schema.bsonType }, { reason: 'type did not match', ...considered, consideredType: type }));
  }
  if (schema.type !== undefined && !matchesType(value, schema.type, (t, name) => JSON_TYPES[t]?.(name) ?? false)) {
    failures.push(rule('type', { type: schema.type }, { reason: 'type did not match', ...considered, consideredType: type }));
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => valuesEqual(option, value))) {
    failures.push(rule('enum', { enum: schema.enum }, { reason: 'value was not found in enum', ...considered }));
  }
  if (JSON_TYPES.number(type)) {
    const bound = (keyword: 'minimum' | 'maximum', exclusive: unknown) => {
      if (schema[keyword] === undefined) return;
      const c = compareValues(value, schema[keyword]);
      const ok = keyword === 'minimum' ? (exclusive ? c > 0 : c >= 0) : exclusive ? c < 0 : c <= 0;
      if (!ok) failures.push(rule(keyword, { [keyword]: schema[keyword] }, { reason: 'comparison failed', ...considered }));
    };
    bound('minimum', schema.exclusiveMinimum);
    bound('maximum', schema.exclusiveMaximum);
    if (schema.multipleOf !== undefined && Number(value) % Number(schema.multipleOf) !== 0) {
      failures.push(
        rule(
          'multipleOf',
          { multipleOf: schema.multipleOf },
          { reason: 'considered value is not a multiple of the specified value', ...considered },
        ),
      );
    }
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < Number(schema.minLength))
      failures.push(
        rule('minLength', { minLength: schema.minLength }, { reason: 'specified string length was not satisfied', ...considered }),
      );
    if (schema.maxLength !== undefined && length > Number(schema.maxLength))
      failures.push(
        rule('maxLength', { maxLength: schema.maxLength }, { reason: 'specified string length was not satisfied', ...considered }),
      );
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      failures.push(rule('pattern', { pattern: schema.pattern }, { reason: 'regular expression did not match', ...considered }));
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < Number(schema.minItems))
      failures.push(rule('minItems', { minItems: schema.minItems }, { reason: 'array did not match specified length', ...considered }));
    if (schema.maxItems !== undefined && value.length > Number(schema.maxItems))
      failures.push(rule('maxItems', { maxItems: schema.maxItems }, { reason: 'array did not match specified length', ...considered }));
    if (schema.uniqueItems === true && value.some((item, i) => value.findIndex((other) => valuesEqual(other, item)) !== i))
      failures.push(rule('uniqueItems', { uniqueItems: true }, { reason: 'found a duplicate item', ...considered }));
    if (isPlainObject(schema.items)) {
      const items = schema.items;
      const bad = value
        .map((item, itemIndex) => ({ itemIndex, details: schemaFailures(items, item) }))
        .filter((entry) => entry.details.length > 0);
      if (bad.length > 0) failures.push(rule('items', { items }, { details: bad }));
    }
  }
  if (isPlainObject(value)) {
    if (Array.isArray(schema.required)) {
      const missing = schema.required.filter((field) => value[String(field)] === undefined);
      if (missing.length > 0) failures.push(rule('required', { required: schema.required }, { missingProperties: missing }));
    }
    if (isPlainObject(schema.properties)) {
      const broken: Doc[] = [];
      for (const [propertyName, inner] of Object.entries(schema.properties)) {
        if (value[propertyName] === undefined || !isPlainObject(inner)) continue;
        const details = schemaFailures(inner, value[propertyName]);
        // mongod (5.1+) repeats the property's title and description beside its failures.
        const notes: Doc = {};
        if (inner.title !== undefined) notes.title = inner.title;
        if (inner.description !== undefined) notes.description = inner.description;
        if (details.length > 0) broken.push({ propertyName, ...notes, details });
      }
      if (broken.length > 0) failures.push({ operatorName: 'properties', propertiesNotSatisfied: broken });
    }
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) {
      const known = new Set(Object.keys(isPlainObject(schema.properties) ? schema.properties : {}));
      const extra = Object.keys(value).filter((field) => !known.has(field));
      if (schema.additionalProperties === false && extra.length > 0) {
        failures.push(rule('additionalProperties', { additionalProperties: false }, { additionalProperties: extra }));
      } else if (isPlainObject(schema.additionalProperties)) {
        const additional = schema.additionalProperties;
        const broken = extra
          .map((propertyName) => ({ propertyName, details: schemaFailures(additional, value[propertyName]) }))
          .filter((entry) => entry.details.length > 0);
        if (broken.length > 0)
          failures.push({ operatorName: 'additionalProperties', specifiedAs: { additionalProperties: additional }, details: broken });
      }
    }
    const count = Object.keys(value).length;
    if (schema.minProperties !== undefined && count < Number(schema.minProperties))
      failures.push(
        rule(
          'minProperties',
          { minProperties: schema.minProperties },
          { reason: 'specified number of properties was not satisfied', numberOfProperties: count },
        ),
      );
    if (schema.maxProperties !== undefined && count > Number(schema.maxProperties))
      failures.push(
        rule(
          'maxProperties',
          { maxProperties: schema.maxProperties },
          { reason: 'specified number of properties was not satisfied', numberOfProperties: count },
        ),
      );
  }
  const subschemas = (keyword: string) => (Array.isArray(schema[keyword]) ? (schema[keyword] as unknown[]).filter(isPlainObject) : []);
  const passing = (keyword: string) => subschemas(keyword).filter((inner) => schemaFailures(inner, value).length === 0).length;
  if (schema.allOf !== undefined && passing('allOf') < subschemas('allOf').length)
    failures.push(rule('allOf', { allOf: schema.allOf }, { reason: 'at least one subschema did not match' }));
  if (schema.anyOf !== undefined && passing('anyOf') === 0)
    failures.push(rule('anyOf', { anyOf: schema.anyOf }, { reason: 'no subschema matched' }));
  if (schema.oneOf !== undefined && passing('oneOf') !== 1)
    failures.push(rule('oneOf', { oneOf: schema.oneOf }, { reason: 'not exactly one subschema matched' }));
  if (isPlainObject(schema.not) && schemaFailures(schema.not, value).length === 0)
    failures.push(rule('not', { not: schema.not }, { reason: 'child expression matched' }));
  return failures;
}

/** The `$jsonSchema` query operator for mingo's context (a top-level operator: it receives the whole document). */
export function $jsonSchema(_selector: string, schema: unknown): (doc: Doc) => boolean {
  checkSchema(schema);
  return (doc) => schemaFailures(schema as Doc, doc).length === 0;
}
