/**
 * The gate in front of every mutation. It runs before any database read, so a refused caller learns
 * nothing about what exists. UNAUTHENTICATED answers HTTP 401, FORBIDDEN 403.
 */
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors.js';
import type { Role, Viewer } from './viewer.js';

export type Writer = Extract<Viewer, { kind: 'user' }>;

export function requireRole(viewer: Viewer, allowed: readonly Role[]): Writer {
  if (viewer.kind !== 'user') {
    const message =
      viewer.kind === 'anonymous'
        ? 'Sign in: send Authorization: Bearer <token>'
        : viewer.reason === 'expired'
          ? 'The token has expired'
          : 'The token is not valid';
    throw new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
  }
  if (!allowed.includes(viewer.role)) {
    throw new GraphQLError(`This needs the ${allowed.join(' or ')} role`, {
      extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
    });
  }
  return viewer;
}
