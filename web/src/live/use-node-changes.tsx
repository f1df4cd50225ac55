/**
 * `nodeChanged(id)` for the nodes a page shows (the article or person itself, the statements on
 * it): each update or deletion is handed to `onChange`. One subscription per id over the app's one
 * WebSocket; ids that come and go are subscribed and unsubscribed as the page's data changes.
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
  const key = ids.slice(0, MAX_WATCHED_NODES).join(' ');
  useEffect(() => {
    if (!key || unavailable) return;
    const stops: Array<() => void> = [];
    const timers: Array<ReturnType<typeof setTimeout>> = [];
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
      stops.push(() => subscription.unsubscribe());
    };
    const fail = (id: string, error: Error) => {
      // Gone before we subscribed: the same as a deletion seen live.
      if (isNotFound(error)) return handler.current({ id, operation: 'DELETED' });
      if (isUnavailable(error)) return setUnavailable(true);
      timers.push(setTimeout(() => watch(id), RESUBSCRIBE_AFTER_MS));
    };
    for (const id of key.split(' ')) watch(id);
    return () => {
      for (const stop of stops) stop();
      for (const timer of timers) clearTimeout(timer);
    };
  }, [client, key, unavailable]);
  return { unavailable };
}
