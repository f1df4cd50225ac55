import type { ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';

/** Error codes that retrying will not cure: the server has no change streams, or this tab opened too many subscriptions. */
const FINAL_CODES = new Set(['SUBSCRIPTIONS_UNAVAILABLE', 'TOO_MANY_SUBSCRIPTIONS']);

export const isUnavailable = (error: ErrorLike | undefined) =>
  CombinedGraphQLErrors.is(error) && error.errors.some((e) => FINAL_CODES.has(String(e.extensions?.code)));

export const isNotFound = (error: ErrorLike | undefined) =>
  CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'NOT_FOUND');

/** How long to wait before subscribing again after the connection gave up on an operation. */
export const RESUBSCRIBE_AFTER_MS = 5000;
