/**
 * graphql-js's `subscribe` executes every event with the one context the operation started with, so
 * its loaders would cache documents for the subscription's whole life. Here each event is executed
 * with the loaders the hub made for that event (shared by all its subscribers, dropped after it).
 */
import { createSourceEventStream, type ExecutionArgs, type ExecutionResult, execute } from 'graphql';
import type { Context } from '../context.js';
import type { Loaders } from '../loaders/index.js';

interface LiveEvent {
  loaders: Loaders;
}

export async function subscribeWithEventLoaders(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const events = source[Symbol.asyncIterator]() as AsyncIterator<LiveEvent>;
  const context = args.contextValue as Context;
  // A plain iterator, not an async generator: `return()` must end a subscription that is waiting for
  // its next event at once, which a generator suspended in `await` would only do after that event.
  const results: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const event = await events.next();
      if (event.done) return { done: true, value: undefined };
      const value = await execute({ ...args, rootValue: event.value, contextValue: { ...context, loaders: event.value.loaders } });
      return { done: false, value };
    },
    async return() {
      await events.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return results;
    },
  };
  return results;
}
