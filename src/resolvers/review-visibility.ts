import type { ReviewStatus } from '../__generated__/resolvers-types.js';
import { requireRole } from '../auth/require-role.js';
import type { Viewer } from '../auth/viewer.js';

/** Unreviewed and rejected facts are for editors: asking for them needs the editor or admin role. */
export function requireReviewerFor(status: ReviewStatus | null | undefined, viewer: Viewer): void {
  if (status && status !== 'CONFIRMED') requireRole(viewer, ['editor', 'admin']);
}

const isReviewer = (viewer: Viewer) => viewer.kind === 'user' && (viewer.role === 'editor' || viewer.role === 'admin');

/**
 * A document as the viewer may see it: a statement or person still PENDING (machine-extracted) or
 * REJECTED is null to anyone but an editor — the same rule the lists apply, for reads by id or slug.
 */
export function visibleTo<T extends { status?: string | null }>(viewer: Viewer, doc: T | null | undefined): T | null {
  if (!doc) return null;
  if ((doc.status === 'PENDING' || doc.status === 'REJECTED') && !isReviewer(viewer)) return null;
  return doc;
}
