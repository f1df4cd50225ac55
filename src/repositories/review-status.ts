import type { Document, Filter } from 'mongodb';
import type { ReviewStatus } from '../db/documents.js';

/**
 * Readers see confirmed facts only: the default filter keeps documents that are CONFIRMED or carry no
 * status at all (curated and editor-typed ones, which predate review). Asking for a status shows that.
 */
export function reviewStatusFilter(status: ReviewStatus | null | undefined): Filter<Document> {
  if (!status || status === 'CONFIRMED') return { status: { $nin: ['PENDING', 'REJECTED'] } };
  return { status };
}
