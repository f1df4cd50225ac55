/**
 * graphql-js's `subscribe` executes every event with the one context the operation started with, so
 * its loaders would cache documents for the subscription's whole life. Here each event is executed
 * with the loaders the hub made for that event (shared by all its subscribers, dropped after it).
 *
 * Subscribers that sent the same operation with the same variables (the common case: a thousand
 * pages open on one article) get the same answer, so each event is executed once per distinct
 * operation, not once per subscriber. Reads are public, but the caller's role is in the key anyway,
 * so that no answer could ever cross from one kind of caller to another.
 */
import { createSourceEventStream, type ExecutionArgs, type ExecutionResult, execute, print } from 'graphql';
import type { Context } from '../context.js';
import type { Loaders } from '../loaders/index.js';

interface LiveEvent {
  loaders: Loaders;
}

/** Each event's answers, by operation; the event (and its answers) go when delivered. */
const answersByEvent = new WeakMap<LiveEvent, Map<string, Promise<ExecutionResult>>>();

function operationKey(args: ExecutionArgs, context: Context): string {
  const viewer = context.viewer.kind === 'user' ? `user:${context.viewer.role}` : context.viewer.kind;
  return `${viewer}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}\u0000${print(args.document)}`;
}

export async function subscribeWithEventLoaders(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const events = source[Symbol.asyncIterator]() as AsyncIterator<LiveEvent>;
  const context = args.contextValue as Context;
  const key = operationKey(args, context);
  const answer = (event: LiveEvent): Promise<ExecutionResult> => {
    let answers = answersByEvent.get(event);
    if (!answers) {
      answers = new Map();
      answersByEvent.set(event, answers);
    }
    let result = answers.get(key);
    if (!result) {
      result = Promise.resolve(execute({ ...args, rootValue: event, contextValue: { ...context, loaders: event.loaders } }));
      answers.set(key, result);
    }
    return result;
  };
  // A plain iterator, not an async generator: `return()` must end a subscription that is waiting for
  // its next event at once, which a generator suspended in `await` would only do after that event.
  const results: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const event = await events.next();
      if (event.done) return { done: true, value: undefined };
      return { done: false, value: await answer(event.value) };
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
