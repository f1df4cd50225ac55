/**
 * Keeps the statement lists a page shows in step with live events, directly in Apollo's normalized
 * cache: a new statement (already written to the cache by its subscription) is appended to every
 * stored variant of the owner's list field (whatever its arguments), once; a removed one is taken
 * out of every variant, with the list's totalCount.
 */
import type { ApolloCache, Reference } from '@apollo/client';

/** An owner (an Article, a Person) and the connection field that lists its statements. */
export interface StatementList {
  /** The owner's cache id, e.g. `Article:<global id>`, or `ROOT_QUERY` for `Query.statements`. */
  ownerId: string;
  fieldName: 'statements' | 'statementsAbout';
}

/** A Relay connection as the cache stores it: references, not objects. */
interface StoredConnection {
  nodes?: readonly Reference[];
  edges?: ReadonlyArray<{ node?: Reference }>;
  totalCount?: number;
}

export const statementCacheId = (id: string) => `Statement:${id}`;

const holds = (connection: StoredConnection, ref: string) =>
  Boolean(connection.nodes?.some((node) => node.__ref === ref) || connection.edges?.some((edge) => edge.node?.__ref === ref));

export function addStatementToLists(cache: ApolloCache, lists: readonly StatementList[], statementId: string): void {
  const ref = statementCacheId(statementId);
  for (const { ownerId, fieldName } of lists) {
    cache.modify({
      id: ownerId,
      fields: {
        [fieldName]: (value) => {
          const existing = value as StoredConnection;
          if (!existing || holds(existing, ref)) return existing;
          return {
            ...existing,
            ...(existing.nodes ? { nodes: [...existing.nodes, { __ref: ref }] } : {}),
            ...(existing.edges ? { edges: [...existing.edges, { __typename: 'StatementEdge', node: { __ref: ref } }] } : {}),
            ...(typeof existing.totalCount === 'number' ? { totalCount: existing.totalCount + 1 } : {}),
          };
        },
      },
    });
  }
}

/** Takes the statement out of the lists (and their counts); the statement itself stays in the cache. */
export function removeStatementFromLists(cache: ApolloCache, lists: readonly StatementList[], statementId: string): void {
  const ref = statementCacheId(statementId);
  for (const { ownerId, fieldName } of lists) {
    cache.modify({
      id: ownerId,
      fields: {
        [fieldName]: (value) => {
          const existing = value as StoredConnection;
          if (!existing || !holds(existing, ref)) return existing;
          return {
            ...existing,
            ...(existing.nodes ? { nodes: existing.nodes.filter((node) => node.__ref !== ref) } : {}),
            ...(existing.edges ? { edges: existing.edges.filter((edge) => edge.node?.__ref !== ref) } : {}),
            ...(typeof existing.totalCount === 'number' ? { totalCount: existing.totalCount - 1 } : {}),
          };
        },
      },
    });
  }
}

/** A statement deleted (or withdrawn from readers): out of these lists and out of the cache. */
export function forgetStatement(cache: ApolloCache, lists: readonly StatementList[], statementId: string): void {
  removeStatementFromLists(cache, lists, statementId);
  cache.evict({ id: statementCacheId(statementId) });
  cache.gc();
}
