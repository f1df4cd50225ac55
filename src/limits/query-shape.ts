/**
 * Measures an operation before it runs: depth, aliases, directives and cost. Fragments are followed
 * (each spread at most once per path, so a fragment cycle cannot loop). Introspection fields
 * (`__schema`, `__type`) do not count toward depth or cost, so tools like Sandbox keep working.
 *
 * Depth counts the levels a client actually asks about, not Relay's plumbing: below the top level,
 * `edges`, `node`, `nodes` and `pageInfo` add no level (they only wrap a connection's items), so
 * `articles { edges { node { statements { edges { node { speaker { name } } } } } } }` is depth 4,
 * not 8. A top-level `node(id:)` still counts. Each hop through the graph (statements → speaker →
 * statements …) counts, so the depth limit still stops deep traversals; cost bounds the width.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  visit,
} from 'graphql';

export interface QueryShape {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
}

/** List size assumed for a connection whose page size the query does not say. */
const DEFAULT_LIST_SIZE = 20;

function argumentNumber(value: ValueNode | undefined, variables: Record<string, unknown>): number | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    // A value no Int can hold (1e20) is left to variable coercion, which refuses it as the Int error it is.
    return Number.isSafeInteger(v) && Math.abs(v as number) <= 2 ** 31 - 1 ? (v as number) : undefined;
  }
  if (value.kind === Kind.LIST) return value.values.length;
  return undefined;
}

function listArgument(value: ValueNode | undefined, variables: Record<string, unknown>): number | undefined {
  if (!value) return undefined;
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return Array.isArray(v) ? v.length : undefined;
  }
  return undefined;
}

/** Connection plumbing: wrappers around a connection's items that add no depth of their own. */
const CONNECTION_PLUMBING = new Set(['edges', 'node', 'nodes', 'pageInfo']);

/** Fields that return lists whose size the query may not state. */
const LISTS = new Set([
  'articles',
  'people',
  'statements',
  'statementsAbout',
  'exchanges',
  'search',
  'timeline',
  'statementStats',
  'articleStats',
  'exchangeStats',
]);

const argument = (field: FieldNode, name: string): ValueNode | undefined => field.arguments?.find((a) => a.name.value === name)?.value;

/** Apollo reuses the parsed document of a repeated query, so its static counts are cached by identity. */
const countsCache = new WeakMap<DocumentNode, { aliases: number; directives: number }>();

function countAliasesAndDirectives(document: DocumentNode): { aliases: number; directives: number } {
  let aliases = 0;
  let directives = 0;
  visit(document, {
    Field: (node) => {
      if (node.alias) aliases++;
    },
    Directive: () => {
      directives++;
    },
  });
  return { aliases, directives };
}

export function measure(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): QueryShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const counted = countsCache.get(document) ?? countAliasesAndDirectives(document);
  countsCache.set(document, counted);
  const { aliases, directives } = counted;

  // Depth (a top-level field is at depth 1) and cost of a selection set at `depth`.
  const walk = (set: SelectionSetNode, depth: number, seen: ReadonlySet<string>): { depth: number; cost: number } => {
    let maxDepth = depth;
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const first = argument(selection, 'first');
        const last = argument(selection, 'last');
        const pageSize = argumentNumber(first, variables) ?? argumentNumber(last, variables);
        const listSize = listArgument(argument(selection, 'ids'), variables);
        cost += 1;
        const level = depth > 0 && CONNECTION_PLUMBING.has(selection.name.value) ? depth : depth + 1;
        maxDepth = Math.max(maxDepth, level);
        if (selection.selectionSet) {
          const child = walk(selection.selectionSet, level, seen);
          maxDepth = Math.max(maxDepth, child.depth);
          const isPaged = first !== undefined || last !== undefined || LISTS.has(selection.name.value);
          const repeat = listSize ?? (isPaged ? Math.max(1, pageSize ?? DEFAULT_LIST_SIZE) : 1);
          cost += repeat * child.cost;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const child = walk(selection.selectionSet, depth, seen);
        maxDepth = Math.max(maxDepth, child.depth);
        cost += child.cost;
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        const child = walk(fragment.selectionSet, depth, new Set([...seen, name]));
        maxDepth = Math.max(maxDepth, child.depth);
        cost += child.cost;
      }
    }
    return { depth: maxDepth, cost };
  };
  const { depth, cost } = walk(operation.selectionSet, 0, new Set());
  return { depth, aliases, directives, cost };
}
