/**
 * One structured log line per GraphQL request: request id, operation name, duration, database
 * commands, error codes; `slow: true` past the threshold. Errors are logged in full here (with
 * the request id clients see), since responses mask them in production.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { isClientError } from '../errors.js';
import { requestTraces } from './request-context.js';

export function requestLogPlugin<TContext extends { requestId: string }>(logger: Logger, slowMs: number): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      const logsRequests = logger.isLevelEnabled('info');
      const started = logsRequests ? process.hrtime.bigint() : 0n;
      return {
        async didEncounterErrors({ errors, contextValue }) {
          // Anything a client can cause on purpose is theirs, not ours: it shows in the request line's
          // errorCodes (and at debug level here), never at error level, so clients cannot flood the error log.
          for (const error of errors) {
            if (isClientError(error)) logger.debug({ requestId: contextValue.requestId, message: error.message }, 'client error');
            else logger.error({ requestId: contextValue.requestId, err: error.originalError ?? error }, 'unexpected error');
          }
        },
        async willSendResponse({ response, operationName, contextValue }) {
          if (!logsRequests) return;
          const trace = requestTraces.getStore();
          const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          logger.info(
            {
              requestId: contextValue.requestId,
              operationName: operationName ?? request.operationName ?? null,
              durationMs: Math.round(durationMs * 100) / 100,
              databaseCommands: trace?.databaseCommands ?? 0,
              errorCodes: errors.map((e) => e.extensions?.code ?? 'UNKNOWN'),
              ...(durationMs > slowMs ? { slow: true } : {}),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
