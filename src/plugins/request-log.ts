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
      // The HTTP layer's trace started when the request arrived; without one (Apollo driven directly) it starts now.
      const started = logsRequests ? (requestTraces.getStore()?.started ?? process.hrtime.bigint()) : 0n;
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
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          logRequest(logger, slowMs, {
            requestId: contextValue.requestId,
            operationName: operationName ?? request.operationName ?? null,
            started,
            databaseCommands: requestTraces.getStore()?.databaseCommands ?? 0,
            errorCodes: errors.map((e) => e.extensions?.code ?? 'UNKNOWN'),
          });
        },
      };
    },
  };
}

/** Writes the request line; requests answered without Apollo (src/execution/direct-answers.ts) write it here too. */
export function logRequest(
  logger: Logger,
  slowMs: number,
  line: { requestId: string; operationName: string | null; started: bigint; databaseCommands: number; errorCodes: unknown[] },
): void {
  const durationMs = Number(process.hrtime.bigint() - line.started) / 1e6;
  logger.info(
    {
      requestId: line.requestId,
      operationName: line.operationName,
      durationMs: Math.round(durationMs * 100) / 100,
      databaseCommands: line.databaseCommands,
      errorCodes: line.errorCodes,
      ...(durationMs > slowMs ? { slow: true } : {}),
    },
    'graphql request',
  );
}
