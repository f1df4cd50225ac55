/**
 * One structured log line per GraphQL request: request id, operation name, duration, database
 * commands, error codes; `slow: true` past the threshold. Errors are logged in full here (with
 * the request id clients see), since responses mask them in production.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import pino, { type Logger } from 'pino';
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

/** Loggers whose request lines are written by `plainLine` (loggers with pino's default formatting). */
const plainLoggers = new WeakSet<Logger>();

/**
 * Marks a logger created with pino's default formatting (no formatters, mixins, redaction or hooks):
 * its request lines are then put together here instead of by pino's general serialiser, which took
 * 23 of the ~370 µs of CPU a `node` query costs, one read in all (a profile; BENCHMARKS.md, session
 * 14, has the before-and-after runs, whose difference was within the machine's noise). The
 * line is the one pino writes for the same call — its level, time and bindings from the logger's own
 * settings, the fields in the same order, the message last — to the logger's own destination;
 * tests/api/request-line.test.ts holds them equal.
 */
export function writesPlainRequestLines(logger: Logger): Logger {
  plainLoggers.add(logger);
  return logger;
}

type RequestLine = { requestId: string; operationName: string | null; started: bigint; databaseCommands: number; errorCodes: unknown[] };

/** What pino keeps on a logger under its exported symbols: the time and bindings as JSON fragments, the message key, the destination. */
const internal = <T>(logger: Logger, key: symbol) => (logger as unknown as Record<symbol, T>)[key];

function plainLine(logger: Logger, fields: Record<string, unknown>, message: string): string {
  const time = internal<() => string>(logger, pino.symbols.timeSym)();
  let line = `{"level":${logger.levels.values.info}${time}${internal<string>(logger, pino.symbols.chindingsSym)}`;
  for (const key in fields) line += `,${JSON.stringify(key)}:${JSON.stringify(fields[key])}`;
  return `${line},${JSON.stringify(internal<string>(logger, pino.symbols.messageKeySym))}:${JSON.stringify(message)}}\n`;
}

/** Writes the request line; requests answered without Apollo (src/execution/direct-answers.ts) write it here too. */
export function logRequest(logger: Logger, slowMs: number, line: RequestLine): void {
  const durationMs = Number(process.hrtime.bigint() - line.started) / 1e6;
  const fields = {
    requestId: line.requestId,
    operationName: line.operationName,
    durationMs: Math.round(durationMs * 100) / 100,
    databaseCommands: line.databaseCommands,
    errorCodes: line.errorCodes,
    ...(durationMs > slowMs ? { slow: true } : {}),
  };
  if (!plainLoggers.has(logger)) logger.info(fields, 'graphql request');
  else if (logger.isLevelEnabled('info'))
    internal<{ write(line: string): void }>(logger, pino.symbols.streamSym).write(plainLine(logger, fields, 'graphql request'));
}
