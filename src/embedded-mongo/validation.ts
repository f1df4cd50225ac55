/**
 * Collection validators: `validator` (a query filter, `$jsonSchema` included), `validationLevel`
 * (`strict`, `moderate`: documents that already failed may stay invalid, `off`) and
 * `validationAction` (`error`, `warn`: the write goes through). A refused write gets code 121 with
 * `errInfo: {failingDocumentId, details}`, `details` shaped as mongod explains the failure.
 */
import { type Doc, isPlainObject, pathValues } from './bson-values.js';
import { MongoCommandError } from './errors.js';
import { checkSchema, schemaFailures, typeName } from './json-schema.js';
import { compileFilter } from './select.js';

const LEVELS = new Set(['off', 'strict', 'moderate']);
const ACTIONS = new Set(['error', 'warn']);

/** Refuses validators and settings mongod refuses when a collection is created or modified. */
export function checkValidationOptions(options: Doc): void {
  if (options.validator !== undefined) {
    if (!isPlainObject(options.validator))
      throw new MongoCommandError('TypeMismatch', "BSON field 'validator' is the wrong type, expected type 'object'");
    for (const operator of ['$text', '$near', '$nearSphere', '$where']) {
      if (JSON.stringify(options.validator).includes(`"${operator}"`))
        throw new MongoCommandError('QueryFeatureNotAllowed', `${operator} is not allowed in this context`);
    }
    if (isPlainObject(options.validator.$jsonSchema)) checkSchema(options.validator.$jsonSchema);
    compileFilter(options.validator);
  }
  if (options.validationLevel !== undefined && !LEVELS.has(String(options.validationLevel))) {
    throw new MongoCommandError(
      'BadValue',
      `Enumeration value '${String(options.validationLevel)}' for field 'validationLevel' is not a valid value.`,
    );
  }
  if (options.validationAction !== undefined && !ACTIONS.has(String(options.validationAction))) {
    throw new MongoCommandError(
      'BadValue',
      `Enumeration value '${String(options.validationAction)}' for field 'validationAction' is not a valid value.`,
    );
  }
}

function passes(validator: Doc, doc: Doc): boolean {
  return compileFilter(validator).test(doc);
}

const OPERATOR_REASONS: Record<string, string> = {
  $type: 'type did not match',
  $exists: 'path does not exist',
  $in: 'no matching value found in array',
  $nin: 'matching value found in array',
  $regex: 'regular expression did not match',
  $size: 'array length was not equal to given size',
  $all: 'array did not contain all specified values',
  $elemMatch: 'array did not satisfy the child predicate',
};

/** Why one `{field: {operator: argument}}` condition failed on `doc`. */
function conditionDetails(field: string, operator: string, argument: unknown, doc: Doc): Doc {
  const values = pathValues(doc, field);
  const specifiedAs = { [field]: operator === '$eq' && !isPlainObject(argument) ? argument : { [operator]: argument } };
  const details: Doc = { operatorName: operator, specifiedAs };
  if (values.length === 0) {
    details.reason = operator === '$exists' ? 'path does not exist' : 'field was missing';
    return details;
  }
  if (operator === '$exists') {
    details.reason = 'path exists';
    return details;
  }
  details.reason = OPERATOR_REASONS[operator] ?? 'comparison failed';
  const value = values.length === 1 ? values[0] : values;
  details.consideredValue = value;
  if (operator === '$type') details.consideredType = typeName(value);
  return details;
}

/** The explanation of one top-level clause of a validator that `doc` fails. */
function clauseDetails(key: string, value: unknown, doc: Doc): Doc {
  if (key === '$jsonSchema' && isPlainObject(value)) {
    return { operatorName: '$jsonSchema', schemaRulesNotSatisfied: schemaFailures(value, doc) };
  }
  if (key === '$expr')
    return { operatorName: '$expr', specifiedAs: { $expr: value }, reason: 'expression did not match', expressionResult: false };
  if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(value)) {
    const failing = value
      .map((clause, index) => ({ index, clause: clause as Doc }))
      .filter(({ clause }) => (key === '$nor' ? passes(clause, doc) : !passes(clause, doc)));
    return {
      operatorName: key,
      clausesNotSatisfied: failing.map(({ index, clause }) => ({ index, details: validatorDetails(clause, doc) })),
    };
  }
  if (key.startsWith('$')) return { operatorName: key, specifiedAs: { [key]: value }, reason: 'expression did not match' };
  const isOperators = isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((op) => op.startsWith('$'));
  if (!isOperators) return conditionDetails(key, '$eq', value, doc);
  const failing = Object.entries(value as Doc).filter(([op, argument]) => !passes({ [key]: { [op]: argument } }, doc));
  if (failing.length === 1) return conditionDetails(key, failing[0][0], failing[0][1], doc);
  return {
    operatorName: '$and',
    clausesNotSatisfied: failing.map(([op, argument], index) => ({ index, details: conditionDetails(key, op, argument, doc) })),
  };
}

/** mongod's `errInfo.details` for a document that fails `validator`. */
export function validatorDetails(validator: Doc, doc: Doc): Doc {
  const failing = Object.entries(validator).filter(([key, value]) => !passes({ [key]: value }, doc));
  if (failing.length === 1) return clauseDetails(failing[0][0], failing[0][1], doc);
  return {
    operatorName: '$and',
    clausesNotSatisfied: failing.map(([key, value]) => ({
      index: Object.keys(validator).indexOf(key),
      details: clauseDetails(key, value, doc),
    })),
  };
}

/**
 * Throws DocumentValidationFailure when `doc` may not be stored. `previous` is the version being
 * replaced by an update: under `moderate`, a document that already failed may be updated freely.
 */
export function enforceValidator(options: Doc, doc: Doc, previous?: Doc): void {
  const validator = options.validator;
  if (!isPlainObject(validator) || Object.keys(validator).length === 0) return;
  if (options.validationLevel === 'off' || options.validationAction === 'warn') return;
  if (passes(validator, doc)) return;
  if (options.validationLevel === 'moderate' && previous && !passes(validator, previous)) return;
  throw new MongoCommandError('DocumentValidationFailure', 'Document failed validation', {
    errInfo: { failingDocumentId: doc._id, details: validatorDetails(validator, doc) },
  });
}
