/**
 * What a subscription resolver needs beyond the ordinary Context: the process's event hub and a way
 * to cut its connection off when it reads too slowly. Kept beside the context (a WeakMap), not in
 * it, so HTTP requests — which never subscribe — carry nothing for it.
 */
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import type { LiveEvents } from './live-events.js';

export interface LiveSession {
  events: LiveEvents;
  /** Closes the connection as a slow consumer. */
  cutOff(): void;
}

const sessions = new WeakMap<Context, LiveSession>();

export function attachLiveSession(context: Context, session: LiveSession): Context {
  sessions.set(context, session);
  return context;
}

const notOverHttp = () =>
  new GraphQLError('Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql, not over HTTP', {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });

export function liveSessionOf(context: Context): LiveSession {
  const session = sessions.get(context);
  if (!session) throw notOverHttp();
  return session;
}

/**
 * The event a subscription field resolves. Over HTTP, graphql-js executes a subscription operation
 * like a query — `resolve` without `subscribe`, so without an event — which is refused here.
 */
export function eventOf<T>(event: T | undefined): T {
  if (event === undefined || event === null) throw notOverHttp();
  return event;
}
