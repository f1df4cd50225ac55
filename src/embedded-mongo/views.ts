/**
 * Views: a collection entry whose options hold `viewOn` and `pipeline` (as mongod stores them in
 * system.views). Reads of a view run its pipeline over the collection it is defined on (through
 * views on views); writes are refused with CommandNotSupportedOnView (166), as in mongod.
 */
import type { Doc } from './bson-values.js';
import { MongoCommandError } from './errors.js';
import type { Catalog } from './storage.js';

/** mongod's limit on views defined on views. */
const MAX_VIEW_DEPTH = 20;

export interface ResolvedView {
  /** The collection the view chain ends on. */
  source: string;
  /** The pipelines of the views, outermost last. */
  pipeline: Doc[];
}

export function isView(options: Doc | undefined): boolean {
  return typeof options?.viewOn === 'string';
}

/** The collection and pipeline a read of `name` really runs, or undefined when `name` is not a view. */
export function resolveView(catalog: Catalog, db: string, name: string): ResolvedView | undefined {
  let current = catalog.collection(db, name);
  if (!current || !isView(current.options)) return undefined;
  const pipelines: Doc[][] = [];
  let source = name;
  for (let depth = 0; current && isView(current.options); depth++) {
    if (depth >= MAX_VIEW_DEPTH)
      throw new MongoCommandError(
        'ViewDepthLimitExceeded',
        `View depth too deep or view cycle detected; maximum depth is ${MAX_VIEW_DEPTH}`,
      );
    pipelines.unshift((current.options.pipeline as Doc[] | undefined) ?? []);
    source = current.options.viewOn as string;
    current = catalog.collection(db, source);
  }
  return { source, pipeline: pipelines.flat() };
}

/** Throws mongod's error when a write (or index change) targets a view. */
export function refuseWriteToView(catalog: Catalog, db: string, name: unknown): void {
  if (typeof name !== 'string') return;
  if (isView(catalog.collection(db, name)?.options)) {
    throw new MongoCommandError('CommandNotSupportedOnView', `Namespace ${db}.${name} is a view, not a collection`);
  }
}
