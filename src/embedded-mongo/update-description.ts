/**
 * The `updateDescription` of an update change event, computed from the document before and after:
 * changed or added fields by dotted path (descending into sub-documents and array elements), removed
 * fields, and arrays that became shorter (`truncatedArrays`), as MongoDB 6+ reports them.
 */
import { type Doc, isPlainObject } from './bson-values.js';

export interface UpdateDescription extends Doc {
  updatedFields: Doc;
  removedFields: string[];
  truncatedArrays: Array<{ field: string; newSize: number }>;
}

/** Same value and same BSON type (1 and 1.0 differ in type only after promotion, so compare by constructor too). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((element, i) => sameValue(element, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key, i) => Object.keys(b)[i] === key && sameValue(a[key], b[key]));
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if ((a as object).constructor !== (b as object).constructor) return false;
  return JSON.stringify(a) === JSON.stringify(b) && String(a) === String(b);
}

export function describeUpdate(before: Doc, after: Doc): UpdateDescription {
  const description: UpdateDescription = { updatedFields: {}, removedFields: [], truncatedArrays: [] };
  diffObject(before, after, '', description);
  return description;
}

function diffObject(before: Doc, after: Doc, prefix: string, out: UpdateDescription): void {
  for (const key of Object.keys(before)) if (!(key in after)) out.removedFields.push(prefix + key);
  for (const [key, value] of Object.entries(after)) {
    const path = prefix + key;
    if (!(key in before)) out.updatedFields[path] = value;
    else diffValue(before[key], value, path, out);
  }
}

function diffValue(before: unknown, after: unknown, path: string, out: UpdateDescription): void {
  if (sameValue(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    // A sub-document whose fields were reordered is replaced as a whole, as mongod's diff does.
    const kept = Object.keys(before).filter((key) => key in after);
    const order = Object.keys(after).filter((key) => key in before);
    if (kept.every((key, i) => order[i] === key)) {
      diffObject(before, after, `${path}.`, out);
      return;
    }
  } else if (Array.isArray(before) && Array.isArray(after)) {
    if (after.length < before.length) out.truncatedArrays.push({ field: path, newSize: after.length });
    for (let i = 0; i < after.length; i++) {
      if (i >= before.length) out.updatedFields[`${path}.${i}`] = after[i];
      else diffValue(before[i], after[i], `${path}.${i}`, out);
    }
    return;
  }
  out.updatedFields[path] = after;
}

/** A dotted path as its components: array positions as ints, field names as strings. */
function pathComponents(doc: Doc | undefined, path: string): { components: Array<string | number>; ambiguous: boolean } {
  const components: Array<string | number> = [];
  let ambiguous = false;
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(part)) {
      components.push(Number(part));
      ambiguous = true;
      value = value[Number(part)];
    } else {
      components.push(part);
      if (/^\d+$/.test(part)) ambiguous = true;
      value = isPlainObject(value) ? value[part] : undefined;
    }
  }
  return { components, ambiguous };
}

/**
 * showExpandedEvents' `disambiguatedPaths`: each path of the description that a numeric component
 * makes ambiguous (an array position, or a field named like one), spelled out component by component.
 */
export function disambiguatedPaths(description: UpdateDescription, before: Doc | undefined, after: Doc): Doc {
  const out: Doc = {};
  const add = (path: string, doc: Doc | undefined) => {
    const { components, ambiguous } = pathComponents(doc, path);
    if (ambiguous) out[path] = components;
  };
  for (const path of Object.keys(description.updatedFields)) add(path, after);
  for (const path of description.removedFields) add(path, before);
  for (const { field } of description.truncatedArrays) add(field, after);
  return out;
}
