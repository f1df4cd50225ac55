/**
 * Large stored fields a query can do without. Reading whole documents is simple and always right,
 * but a search page that shows headlines would fetch every article's paragraphs, nine tenths of its
 * bytes. A field listed here is left out of a read only when no selected GraphQL field of the type
 * reads it; each list names the fields whose resolvers do. Fields absent from this table are always
 * read, so a new resolver can never see a document with a field missing that it did not declare.
 */
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import type { NodeType } from '../db/ids.js';

const LARGE_FIELDS: Partial<Record<NodeType, Record<string, readonly string[]>>> = {
  Article: { paragraphs: ['paragraphs', 'text'] },
};

/**
 * Whether a fragment's type condition covers objects of `typeName`: no condition, the type itself,
 * one of its interfaces, or a union holding it. Duck-typed rather than `instanceof`: under vitest
 * our code and Apollo load separate copies of graphql-js.
 */
function covers(info: GraphQLResolveInfo, condition: string | undefined, typeName: string): boolean {
  if (condition === undefined || condition === typeName) return true;
  const object = info.schema.getType(typeName);
  if (object && 'getInterfaces' in object && object.getInterfaces().some((i) => i.name === condition)) return true;
  const type = info.schema.getType(condition);
  return type !== undefined && type !== null && 'getTypes' in type && type.getTypes().some((member) => member.name === typeName);
}

/** The names of the fields selected on objects of `typeName` inside `selectionSet`, through fragments. */
function fieldNamesOn(info: GraphQLResolveInfo, selectionSet: SelectionSetNode, typeName: string, into: Set<string>): void {
  const applies = (condition: string | undefined) => covers(info, condition, typeName);
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) into.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(selection.typeCondition?.name.value)) fieldNamesOn(info, selection.selectionSet, typeName, into);
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment && applies(fragment.typeCondition.name.value)) fieldNamesOn(info, fragment.selectionSet, typeName, into);
    }
  }
}

/** The selection sets reached from the current field by following field names (aliases and fragments included). */
function selectionSetsAt(info: GraphQLResolveInfo, path: readonly string[]): SelectionSetNode[] {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    sets = sets.flatMap((set) => {
      const fields = new Set<SelectionSetNode>();
      collectFields(info, set, name, fields);
      return [...fields];
    });
  }
  return sets;
}

function collectFields(info: GraphQLResolveInfo, set: SelectionSetNode, name: string, into: Set<SelectionSetNode>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name && selection.selectionSet) into.add(selection.selectionSet);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) collectFields(info, selection.selectionSet, name, into);
    else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) collectFields(info, fragment.selectionSet, name, into);
    }
  }
}

/**
 * The large stored fields of `typeName` that no field selected at any of `paths` (field names from
 * the current field, e.g. `['edges', 'node']`) reads. `@skip`/`@include` are not evaluated: a field
 * that might be selected counts as selected.
 */
export function unreadLargeFields(info: GraphQLResolveInfo, typeName: NodeType, paths: ReadonlyArray<readonly string[]>): string[] {
  const large = LARGE_FIELDS[typeName];
  if (!large) return [];
  const selected = new Set<string>();
  for (const path of paths) for (const set of selectionSetsAt(info, path)) fieldNamesOn(info, set, typeName, selected);
  return Object.entries(large)
    .filter(([, readers]) => !readers.some((field) => selected.has(field)))
    .map(([field]) => field);
}
