/** Typed readers for command fields, each failing with the code mongod uses for a wrong type. */
import { type Doc, isPlainObject } from './bson-values.js';
import { MongoCommandError } from './errors.js';

export function collectionName(command: Doc, field: string): string {
  const name = command[field];
  if (typeof name !== 'string' || name.length === 0) {
    throw new MongoCommandError('InvalidNamespace', `collection name has invalid type ${typeof name}`);
  }
  return name;
}

export function optionalDoc(command: Doc, field: string): Doc | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value))
    throw new MongoCommandError('TypeMismatch', `BSON field '${field}' is the wrong type '${typeof value}', expected type 'object'`);
  return value;
}

export function optionalNumber(command: Doc, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'number' ? value : Number((value as { valueOf(): unknown }).valueOf?.());
  if (!Number.isFinite(number)) throw new MongoCommandError('TypeMismatch', `BSON field '${field}' is the wrong type, expected a number`);
  return number;
}

export function nonNegative(command: Doc, field: string): number | undefined {
  const value = optionalNumber(command, field);
  if (value !== undefined && value < 0) throw new MongoCommandError('BadValue', `${field} must be a non-negative number`);
  return value;
}

export function docArray(command: Doc, field: string): Doc[] {
  const value = command[field];
  if (!Array.isArray(value) || !value.every(isPlainObject)) {
    throw new MongoCommandError('TypeMismatch', `BSON field '${field}' must be an array of objects`);
  }
  return value;
}
