/**
 * `statementAdded(filter)` for one page: each new statement the filter matches is merged into the
 * page's lists in the cache (see statement-lists.ts), so it appears without a reload. The server
 * delivers only what a reader may see (CONFIRMED statements).
 */
import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { isUnavailable, RESUBSCRIBE_AFTER_MS } from './live-errors';
import { addStatementToLists, type StatementList } from './statement-lists';

export interface LiveStatements {
  /** The server cannot deliver live events (a standalone database has no change streams). */
  unavailable: boolean;
  /** Statements added live since the page opened. */
  added: number;
}

export function useLiveStatements<TVariables extends OperationVariables>(
  document: TypedDocumentNode<{ statementAdded: { id: string } }, TVariables>,
  options: { variables: TVariables; skip: boolean; lists: readonly StatementList[] },
): LiveStatements {
  const [unavailable, setUnavailable] = useState(false);
  const [added, setAdded] = useState(0);
  const lists = useRef(options.lists);
  lists.current = options.lists;
  const { error, restart } = useSubscription(document, {
    variables: options.variables,
    skip: options.skip || unavailable,
    onData: ({ client, data }) => {
      const statement = data.data?.statementAdded;
      if (!statement) return;
      addStatementToLists(client.cache, lists.current, statement.id);
      setAdded((count) => count + 1);
    },
  });
  useEffect(() => {
    if (!error) return;
    if (isUnavailable(error)) {
      setUnavailable(true);
      return;
    }
    // Anything else (the socket given up on, a server error) is worth another try later.
    const timer = setTimeout(restart, RESUBSCRIBE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [error, restart]);
  return { unavailable, added };
}
