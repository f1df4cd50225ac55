/**
 * The one place mingo is configured. CLONE_INPUT is mandatory: without it `$set`/`$unset` stages
 * on dotted paths mutate the stored documents themselves. Scripts (`$where`, `$function`) stay off,
 * as on a hardened mongod.
 */
import { Context, ProcessingMode } from 'mingo';
import type { Options } from 'mingo/types';
import type { Doc } from './bson-values.js';
import { NUMERIC_QUERY_OPERATORS } from './numeric-comparisons.js';

/** Operators added to mingo's own: BSON-aware numeric comparisons (see numeric-comparisons.ts). */
const EXTRA_OPERATORS = Context.init({ query: NUMERIC_QUERY_OPERATORS as never });

export function mingoOptions(extra: { resolveCollection?: (name: string) => Doc[]; variables?: Doc } = {}): Partial<Options> {
  return {
    idKey: '_id',
    processingMode: ProcessingMode.CLONE_INPUT,
    scriptEnabled: false,
    useStrictMode: true,
    context: EXTRA_OPERATORS,
    ...(extra.resolveCollection ? { collectionResolver: extra.resolveCollection } : {}),
    ...(extra.variables ? { variables: extra.variables } : {}),
  };
}
