/**
 * Query documents Apollo Server has already parsed and validated, kept by their text and operation
 * name so that the next request sending the same text can be executed directly (direct-answers.ts).
 *
 * Only what Apollo accepted is kept: a document enters here from `didResolveOperation`, which Apollo
 * calls after parsing (with the token limit), validation (with the introspection rule in production)
 * and operation resolution have passed. Anything Apollo refused never gets here, so it is refused by
 * Apollo again, word for word. Only queries: mutations keep Apollo's whole pipeline.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';

export interface KnownQuery {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/** As many documents as a client fleet plausibly sends; past it the oldest is forgotten first. */
const CAPACITY = 1000;

const keyOf = (query: string, operationName: string | undefined) => (operationName === undefined ? query : `${operationName}\n${query}`);

export class KnownQueries {
  readonly #byKey = new Map<string, KnownQuery>();

  get(query: string, operationName: string | undefined): KnownQuery | undefined {
    return this.#byKey.get(keyOf(query, operationName));
  }

  remember(query: string, operationName: string | undefined, known: KnownQuery): void {
    const key = keyOf(query, operationName);
    if (this.#byKey.has(key)) return;
    if (this.#byKey.size >= CAPACITY) this.#byKey.delete(this.#byKey.keys().next().value as string);
    this.#byKey.set(key, known);
  }

  /** The Apollo plugin that fills this store with the queries Apollo resolved. */
  plugin<TContext extends object>(): ApolloServerPlugin<TContext> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ source, document, operation, request }) => {
          if (operation?.operation === 'query') this.remember(source, request.operationName ?? undefined, { document, operation });
        },
      }),
    };
  }
}
