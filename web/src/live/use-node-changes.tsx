/**
 * `nodeChanged(id)` for the nodes a page shows (the article or person itself, the statements on
 * it): each update or deletion is handed to `onChange`. One subscription per id over the app's one
 * WebSocket; as the page's data changes, only ids that appear or go are subscribed or unsubscribed.
 */
import { useApolloClient } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { graphql } from '../__generated__';
import type { ChangeOperation, ReviewStatus } from '../__generated__/graphql';
import { isNotFound, isUnavailable, RESUBSCRIBE_AFTER_MS } from './live-errors';

const NodeChangedSubscription = graphql(`
  subscription NodeChanged($id: ID!) {
    nodeChanged(id: $id) {
      id
      operation
      node {
        id
        ... on Statement {
          status
        }
      }
    }
  }
`);

export interface NodeChange {
  id: string;
  operation: ChangeOperation;
  /** A statement's review state after the change (a statement no longer CONFIRMED leaves readers' pages). */
  status?: ReviewStatus;
}

/**
 * The server's limit is 100 operations per connection (SUBSCRIPTIONS_MAX_PER_CONNECTION); a page
 * watches at most this many nodes, leaving room for its other subscriptions.
 */
export const MAX_WATCHED_NODES = 60;

export function useNodeChanges(ids: readonly string[], onChange: (change: NodeChange) => void): { unavailable: boolean } {
  const client = useApolloClient();
  const handler = useRef(onChange);
  handler.current = onChange;
  const [unavailable, setUnavailable] = useState(false);
  /** Per watched id, how to stop watching it (its subscription, or its pending retry). */
  const watching = useRef(new Map<string, () => void>());
  const key = unavailable ? '' : ids.slice(0, MAX_WATCHED_NODES).join(' ');

  useEffect(() => {
    const watched = watching.current;
    const watch = (id: string) => {
      const subscription = client.subscribe({ query: NodeChangedSubscription, variables: { id } }).subscribe({
        next: ({ data, error }) => {
          if (error) return fail(id, error);
          const change = data?.nodeChanged;
          if (!change) return;
          const status = change.node && 'status' in change.node ? change.node.status : undefined;
          handler.current({ id: change.id, operation: change.operation, status });
        },
        error: (error: unknown) => fail(id, error as Error),
      });
      watched.set(id, () => subscription.unsubscribe());
    };
    const fail = (id: string, error: Error) => {
      watched.get(id)?.();
      watched.delete(id);
      // Gone before we subscribed: the same as a deletion seen live.
      if (isNotFound(error)) return handler.current({ id, operation: 'DELETED' });
      if (isUnavailable(error)) return setUnavailable(true);
      const timer = setTimeout(() => watch(id), RESUBSCRIBE_AFTER_MS);
      watched.set(id, () => clearTimeout(timer));
    };
    // Only the difference: a statement added to the page adds one subscription, not a new set.
    const wanted = new Set(key ? key.split(' ') : []);
    for (const [id, stop] of watched) {
      if (wanted.has(id)) continue;
      stop();
      watched.delete(id);
    }
    for (const id of wanted) if (!watched.has(id)) watch(id);
  }, [client, key]);

  // Leaving the page stops everything.
  useEffect(() => {
    const watched = watching.current;
    return () => {
      for (const stop of watched.values()) stop();
      watched.clear();
    };
  }, []);
  return { unavailable };
}
