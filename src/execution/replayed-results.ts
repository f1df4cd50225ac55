/**
 * Results computed before Apollo Server saw the request. When a direct answer (direct-answers.ts)
 * turns out to carry errors, the request is handed to Apollo with its result already computed, so
 * that Apollo's error formatting, masking, status codes and plugins answer it exactly as they answer
 * any other request — without running the resolvers, and their database commands, a second time.
 */
import type { Context } from '../context.js';
import type { Executor } from './compiled-execution.js';

type Result = Awaited<ReturnType<Executor>>;

// Keyed by the request's loaders, not the context object: Apollo hands each operation a shallow copy
// of the context (for batches), and the loaders are the one per-request object every copy shares.
const computedFor = new WeakMap<object, Result>();

const requestOf = (contextValue: unknown) => (contextValue as Pick<Context, 'loaders'>).loaders;

/** Marks a request's context as carrying its result: the next execution with it returns that result. */
export function carryResult(contextValue: Context, result: Result): void {
  computedFor.set(requestOf(contextValue), result);
}

/** An executor that returns a carried result once, and executes everything else. */
export function replayingExecutor(execute: Executor): Executor {
  return (operation) => {
    const request = requestOf(operation.contextValue);
    const carried = request === undefined ? undefined : computedFor.get(request);
    if (carried === undefined) return execute(operation);
    computedFor.delete(request);
    return Promise.resolve(carried);
  };
}
