/**
 * Which stored fields a selection reads, so that a read can fetch only those: a search page showing
 * headlines need not fetch every article's paragraphs (nine tenths of its bytes) or anything else.
 * Every GraphQL field of the node types names the document fields its resolver reads; nested
 * types read inside them (a Role inside `roles`, a Citation inside `evidence`). A test checks that
 * every field in the schema is listed here; a field that is not (a new one, until it is added)
 * makes the read fetch whole documents rather than risk a missing field.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { NodeType } from '../db/ids.js';
import { covers, eachField, selectionSetsAt } from './selection.js';

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
    ...AUDIT,
  },
  Person: {
    __typename: [],
    id: ['_id'],
    ...same('slug', 'name', 'aliases', 'description', 'nationalities', 'roles'),
    statements: ['_id'],
    statementsAbout: ['_id'],
    articles: ['_id'],
    exchanges: ['_id'],
    ...AUDIT,
  },
  Statement: {
    __typename: [],
    id: ['_id'],
    ...same('text', 'kind', 'channel', 'saidOn', 'saidOnPrecision', 'context', 'evidence'),
    speaker: ['speakerId'],
    article: ['articleId'],
    about: ['aboutIds'],
    verification: ['text', 'kind', 'evidence', 'articleId'],
    ...AUDIT,
  },
  Exchange: {
    __typename: [],
    id: ['_id'],
    ...same('slug', 'date', 'description', 'countries', 'releases', 'evidence'),
    articles: ['articleIds'],
    ...AUDIT,
  },
};

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
    const sets = selectionSetsAt(info, path);
    for (const set of sets)
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
