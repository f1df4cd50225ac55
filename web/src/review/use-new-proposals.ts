/**
 * Counts statements the extractor proposes while the queue is open (`statementAdded(filter:
 * { status: PENDING })`, which needs the editor's credential: its own WebSocket, authenticated in
 * connectionParams, opened and closed with the page). The queue is not reshuffled under the editor's
 * hands; the page offers to show the new ones instead.
 */
import { createClient } from 'graphql-ws';
import { useEffect, useState } from 'react';
import { webSocketUrl } from '../live/live-connection';

const PROPOSED = 'subscription ProposedStatements { statementAdded(filter: { status: PENDING }) { id } }';

export function useNewProposals(credential: string | null): { count: number; reset: () => void } {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (!credential) return;
    const client = createClient({
      url: webSocketUrl(window.location),
      connectionParams: { Authorization: `Bearer ${credential}` },
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
    });
    const stop = client.subscribe<{ statementAdded: { id: string } }>(
      { query: PROPOSED },
      {
        next: ({ data }) => {
          const id = data?.statementAdded.id;
          if (id) setIds((seen) => new Set(seen).add(id));
        },
        // A refused credential or a server without change streams: the queue still works, by reloading.
        error: () => {},
        complete: () => {},
      },
    );
    return () => {
      stop();
      void client.dispose();
    };
  }, [credential]);
  return { count: ids.size, reset: () => setIds(new Set()) };
}
