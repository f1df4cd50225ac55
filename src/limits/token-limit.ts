/**
 * The token limit is enforced by graphql-js's parser (Apollo's `parseOptions.maxTokens`), which
 * reports it as a syntax error. It is reported here like every other limit: BAD_USER_INPUT with
 * `extensions.limit` and `max` (no `actual`: the parser stops counting at the limit).
 */
import type { GraphQLFormattedError } from 'graphql';

const TOO_MANY_TOKENS = /Document contains more th(?:at|an) (\d+) tokens/;

/** The uniform limit error for a parse failure caused by the token limit; undefined for any other error. */
export function asTokenLimitError(formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED') return undefined;
  const match = TOO_MANY_TOKENS.exec(formatted.message);
  if (!match) return undefined;
  const max = Number(match[1]);
  return {
    message: `Query tokens exceed the limit of ${max}`,
    locations: formatted.locations,
    extensions: { code: 'BAD_USER_INPUT', limit: 'tokens', max },
  };
}
