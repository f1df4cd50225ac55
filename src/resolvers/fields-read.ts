/**
 * Which stored fields a selection reads, so that a read can fetch only those: a search page showing
 * headlines need not fetch every article's paragraphs (nine tenths of its bytes) or anything else.
 * Every GraphQL field of the node types names the document fields its resolver reads; nested
 * types read inside them (a Role inside `roles`, a Citation inside `evidence`). A test checks that
 * every field in the schema is listed here; a field that is not (a new one, until it is added)
 * makes the read fetch whole documents rather than risk a missing field.
 */
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';
import type { NodeType } from '../db/ids.js';

const same = (...fields: string[]) => Object.fromEntries(fields.map((field) => [field, [field]]));
const AUDIT = same('version', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy');

export const FIELDS_READ: Record<NodeType, Record<string, readonly string[]>> = {
  Article: {
    __typename: [],
    id: ['_id'],
    ...same('slug', 'headline', 'publishedAt', 'dateline', 'paragraphs', 'topics', 'sourceFile'),
    text: ['paragraphs'],
    people: ['personIds'],
    statements: ['_id'],
    exchanges: ['_id'],
    jsonLd: ['slug', 'headline', 'publishedAt', 'updatedAt', 'dateline', 'paragraphs', 'topics', 'personIds'],
    ...AUDIT,
  },
  Person: {
    __typename: [],
    id: ['_id'],
    ...same('slug', 'name', 'aliases', 'description', 'nationalities', 'roles', 'status', 'extractedBy'),
    statements: ['_id'],
    statementsAbout: ['_id'],
    articles: ['_id'],
    exchanges: ['_id'],
    jsonLd: ['slug', 'name', 'aliases', 'description', 'nationalities', 'roles'],
    ...AUDIT,
  },
  Statement: {
    __typename: [],
    id: ['_id'],
    ...same(
      'text',
      'kind',
      'channel',
      'saidOn',
      'saidOnPrecision',
      'context',
      'evidence',
      'status',
      'extractedBy',
      'confidence',
      'speakerCandidates',
    ),
    speaker: ['speakerId'],
    article: ['articleId'],
    about: ['aboutIds'],
    verification: ['text', 'kind', 'evidence', 'articleId'],
    jsonLd: ['text', 'speakerId', 'aboutIds', 'articleId', 'evidence', 'saidOn', 'saidOnPrecision', 'context'],
    ...AUDIT,
  },
  Exchange: {
    __typename: [],
    id: ['_id'],
    ...same('slug', 'date', 'description', 'countries', 'releases', 'evidence'),
    articles: ['articleIds'],
    jsonLd: ['slug', 'date', 'description', 'countries', 'personIds', 'articleIds'],
    ...AUDIT,
  },
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

/** Visits every field node of `set`, through fragments whose condition `enter` accepts. */
function eachField(
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

/** The selection sets reached from the current field by `path` (field names; aliases and fragments followed). */
function selectionSetsAt(info: GraphQLResolveInfo, path: readonly string[]): SelectionSetNode[] {
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

/** Whether `set` reaches the field path `path` from `at` on (fragments followed, whatever their type). */
function reaches(info: GraphQLResolveInfo, set: SelectionSetNode, path: readonly string[], at: number): boolean {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== path[at]) continue;
      if (at === path.length - 1 || (selection.selectionSet && reaches(info, selection.selectionSet, path, at + 1))) return true;
    } else {
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : info.fragments[selection.name.value]?.selectionSet;
      if (inner && reaches(info, inner, path, at)) return true;
    }
  }
  return false;
}

/**
 * Whether the current field's selection asks for `path`, a path of field names (`['totalCount']`,
 * `['nodes', 'speaker']`), aliases and fragments followed. As in `storedFieldsRead`, a
 * field under `@skip`/`@include` counts as selected.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  for (const node of info.fieldNodes) if (node.selectionSet && reaches(info, node.selectionSet, path, 0)) return true;
  return false;
}

/**
 * The stored fields of `typeName` read by the fields selected at any of `paths` (field names from
 * the current field, e.g. `['edges', 'node']`; aliases and fragments followed), or undefined when
 * a selected field is not in FIELDS_READ. `@skip`/`@include` are not evaluated: a field that might
 * be selected counts as selected.
 */
export function storedFieldsRead(
  info: GraphQLResolveInfo,
  typeName: NodeType,
  paths: ReadonlyArray<readonly string[]>,
): string[] | undefined {
  const known = FIELDS_READ[typeName];
  const stored = new Set<string>(['_id']);
  let complete = true;
  for (const path of paths) {
    for (const set of selectionSetsAt(info, path))
      eachField(
        info,
        set,
        (condition) => covers(info, condition, typeName),
        (field) => {
          const read = known[field.name.value];
          if (read) for (const f of read) stored.add(f);
          else complete = false;
        },
      );
  }
  return complete ? [...stored] : undefined;
}
