/**
 * The one place mingo is configured. CLONE_INPUT is mandatory: without it `$set`/`$unset` stages
 * on dotted paths mutate the stored documents themselves. Scripts (`$where`, `$function`) stay off,
 * as on a hardened mongod.
 */
import { ProcessingMode } from 'mingo';
import type { Options } from 'mingo/types';
import type { Doc } from './bson-values.js';

export function mingoOptions(extra: { resolveCollection?: (name: string) => Doc[]; variables?: Doc } = {}): Partial<Options> {
  return {
    idKey: '_id',
    processingMode: ProcessingMode.CLONE_INPUT,
    scriptEnabled: false,
    useStrictMode: true,
    ...(extra.resolveCollection ? { collectionResolver: extra.resolveCollection } : {}),
    ...(extra.variables ? { variables: extra.variables } : {}),
  };
}
