/**
 * The short way for a query the server has answered before. Apollo Server runs a pipeline of about
 * a dozen asynchronous steps around every operation (request parsing, hashing the query text, the
 * document store, plugin hooks at each stage, result ordering); for a document it has already
 * validated, everything but execution and the checks that depend on the request itself repeats work
 * already done. A POST of a known query (known-queries.ts) is therefore executed here directly:
 * the same executor, schema and context as Apollo's, the same checks that depend on the request
 * (CSRF-safe JSON content type, the body's shape, the query limits with these variables, the
 * client's Accept header), the same bytes and headers on the way out, and the same request line.
 *
 * Whatever is not the plain case goes to Apollo untouched: batches, GETs, persisted queries, unknown
 * documents, limits exceeded, credentials refused, variables refused. A result with errors goes to
 * Apollo too, carrying the result (replayed-results.ts), so error formatting, masking, status codes
 * and error logs stay Apollo's own; the resolvers do not run twice.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Context } from '../context.js';
import { sendBody } from '../http/compressed-body.js';
import { exceededLimit, type QueryLimits } from '../limits/query-limits.js';
import { publicCacheControl } from '../plugins/public-cache.js';
import type { RequestTrace } from '../plugins/request-context.js';
import { logRequest } from '../plugins/request-log.js';
import type { Executor } from './compiled-execution.js';
import type { KnownQueries } from './known-queries.js';
import { carryResult } from './replayed-results.js';

export interface DirectAnswerOptions {
  queries: KnownQueries;
  execute: Executor;
  limits: QueryLimits;
  /** The request's context, its collections counting commands into the trace (src/db/counted-collections.ts). */
  contextFor: (request: IncomingMessage, trace: RequestTrace) => Promise<Context>;
  logger: Logger;
  slowRequestMs: number;
  publicCacheMaxAge: number;
}

/** Answered here; or Apollo answers (with the context whose result it carries, if one was computed). */
export type DirectOutcome = { answered: true } | { answered: false; carrying?: Context };

const APOLLO = { answered: false } as const;
const ANSWERED = { answered: true } as const;
/** Content types Apollo chose for an Accept header, learned from its answers (a bounded few). */
const MAX_ACCEPT_HEADERS = 64;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Apollo's CSRF check passes any POST whose content type is not one a plain HTML form can send. */
function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const semicolon = header.indexOf(';');
  return (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase() === 'application/json';
}

export function directAnswers(options: DirectAnswerOptions) {
  const { queries, execute, limits, contextFor, logger } = options;
  // Without an Accept header Apollo answers application/json; other headers are learned from Apollo.
  const contentTypes = new Map<string, string>([['', 'application/json; charset=utf-8']]);
  let answered = 0;

  return {
    /** How many requests were answered here (for tests and benchmarks). */
    get answered() {
      return answered;
    },

    /** Records the content type Apollo chose for a POST with this Accept header (from a 200 answer). */
    learnContentType(accept: string | undefined, contentType: string | undefined): void {
      if (contentType === undefined || contentTypes.size >= MAX_ACCEPT_HEADERS) return;
      contentTypes.set(accept ?? '', contentType);
    },

    async answer(request: IncomingMessage, response: ServerResponse, body: unknown, trace: RequestTrace): Promise<DirectOutcome> {
      if (!isRecord(body) || typeof body.query !== 'string') return APOLLO;
      const { query, variables, operationName, extensions } = body;
      if (!(variables == null || isRecord(variables))) return APOLLO;
      if (!(operationName == null || typeof operationName === 'string')) return APOLLO;
      if (!(extensions == null || (isRecord(extensions) && extensions.persistedQuery === undefined))) return APOLLO;
      if (!isJsonContentType(request.headers['content-type'])) return APOLLO;
      const contentType = contentTypes.get(request.headers.accept ?? '');
      if (contentType === undefined) return APOLLO;
      const known = queries.get(query, operationName ?? undefined);
      if (known === undefined) return APOLLO;
      const variableValues = variables ?? undefined;
      if (exceededLimit(known.document, known.operation, variableValues ?? {}, limits)) return APOLLO;

      let contextValue: Context;
      try {
        contextValue = await contextFor(request, trace);
      } catch {
        return APOLLO; // refused credentials: Apollo words the refusal
      }
      let result: Awaited<ReturnType<Executor>>;
      try {
        result = await execute({
          document: known.document,
          operation: known.operation,
          operationName: operationName ?? undefined,
          variables: variableValues,
          contextValue,
        });
      } catch {
        return APOLLO; // an executor that throws: Apollo's pipeline reports it as it reports any (a query reads only)
      }
      if (result.errors !== undefined) {
        // No data: nothing ran (variables refused), so Apollo can refuse it from scratch.
        if (result.data === undefined) return APOLLO;
        carryResult(contextValue, result);
        return { answered: false, carrying: contextValue };
      }

      response.statusCode = 200;
      response.setHeader('content-type', contentType);
      if (options.publicCacheMaxAge > 0 && contextValue.viewer.kind === 'anonymous')
        response.setHeader('cache-control', publicCacheControl(options.publicCacheMaxAge));
      if (logger.isLevelEnabled('info'))
        logRequest(logger, options.slowRequestMs, {
          requestId: trace.requestId,
          operationName: known.operation.name?.value ?? operationName ?? null,
          started: trace.started,
          databaseCommands: trace.databaseCommands,
          errorCodes: [],
        });
      // Apollo's serialisation, byte for byte: `{ errors, data, extensions }` with only data set, and a newline.
      answered++;
      await sendBody(request, response, `${JSON.stringify({ data: result.data })}\n`, { cacheable: false });
      return ANSWERED;
    },
  };
}
