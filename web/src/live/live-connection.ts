/**
 * The app's one WebSocket to the API (graphql-ws, same origin, path /graphql), shared by every live
 * subscription. It opens with the first subscription and closes shortly after the last. When it drops
 * (server restart, a deploy's 1001 "going away", the network) it reconnects with capped, jittered
 * backoff and resubscribes by itself; on reconnecting, `onReconnected` lets the app fetch what it
 * missed meanwhile. Its state is readable by components (useLiveConnection).
 */
import { createClient } from 'graphql-ws';
import { useSyncExternalStore } from 'react';

export type LiveConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

let state: LiveConnectionState = 'idle';
const listeners = new Set<() => void>();

function setState(next: LiveConnectionState): void {
  if (state === next) return;
  state = next;
  for (const listener of listeners) listener();
}

const MAX_WAIT_MS = 30_000;

/** 1 s, 2 s, 4 s… up to 30 s, each with up to a second of jitter so clients do not reconnect in step. */
const backoff = (retries: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.min(MAX_WAIT_MS, 1000 * 2 ** retries) + Math.random() * 1000));

export function webSocketUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}

/** Closing with 1000 is graphql-ws's own lazy close (no subscription left), not a drop. */
const NORMAL_CLOSURE = 1000;
const closeCode = (event: unknown) => (typeof event === 'object' && event !== null && 'code' in event ? Number(event.code) : undefined);

export function createLiveConnection(onReconnected: () => void) {
  let everConnected = false;
  return createClient({
    url: webSocketUrl(window.location),
    // Reads are public: the reader's live updates need no credential.
    lazy: true,
    lazyCloseTimeout: 3000,
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: backoff,
    // A socket that failed or closed abnormally is worth retrying; graphql-ws itself never retries
    // protocol errors (4400, 4406…), which a retry would only repeat.
    shouldRetry: () => true,
    on: {
      connecting: () => setState(everConnected ? 'reconnecting' : 'connecting'),
      connected: (_socket, _payload, wasRetry) => {
        setState('connected');
        everConnected = true;
        if (wasRetry) onReconnected();
      },
      closed: (event) => setState(closeCode(event) === NORMAL_CLOSURE || !everConnected ? 'idle' : 'reconnecting'),
    },
  });
}

export function useLiveConnection(): LiveConnectionState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
