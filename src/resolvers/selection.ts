/**
 * Reading a resolver's own selection: which fields a query asks for below the current one, through
 * aliases, inline fragments and named fragments. Resolvers use it to read ahead (the documents a
 * page's fields will need, in one batch) and to read less (only the stored fields selected).
 */
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/**
 * Whether a fragment's type condition covers objects of `typeName`: no condition, the type itself,
 * one of its interfaces, or a union holding it. Duck-typed rather than `instanceof`: under vitest
 * our code and Apollo load separate copies of graphql-js.
 */
export function covers(info: GraphQLResolveInfo, condition: string | undefined, typeName: string): boolean {
  if (condition === undefined || condition === typeName) return true;
  const object = info.schema.getType(typeName);
  if (object && 'getInterfaces' in object && object.getInterfaces().some((i) => i.name === condition)) return true;
  const type = info.schema.getType(condition);
  return type !== undefined && type !== null && 'getTypes' in type && type.getTypes().some((member) => member.name === typeName);
}

/** Visits every field node of `set`, through fragments whose condition `enter` accepts. */
export function eachField(
  info: GraphQLResolveInfo,
  set: SelectionSetNode,
  enter: (condition: string | undefined) => boolean,
  visit: (field: { name: { value: string }; selectionSet?: SelectionSetNode }) => void,
): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) visit(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (enter(selection.typeCondition?.name.value)) eachField(info, selection.selectionSet, enter, visit);
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment && enter(fragment.typeCondition.name.value)) eachField(info, fragment.selectionSet, enter, visit);
    }
  }
}

/** The selection sets reached from the current field by following field names (aliases and fragments included). */
export function selectionSetsAt(info: GraphQLResolveInfo, path: readonly string[]): SelectionSetNode[] {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    const next: SelectionSetNode[] = [];
    for (const set of sets)
      eachField(
        info,
        set,
        () => true,
        (field) => {
          if (field.name.value === name && field.selectionSet) next.push(field.selectionSet);
        },
      );
    sets = next;
  }
  return sets;
}

/** Whether the query selects the field at the end of `path` (field names from the current field), on any type. */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const last = path[path.length - 1];
  let found = false;
  for (const set of selectionSetsAt(info, path.slice(0, -1)))
    eachField(
      info,
      set,
      () => true,
      (field) => {
        if (field.name.value === last) found = true;
      },
    );
  return found;
}
