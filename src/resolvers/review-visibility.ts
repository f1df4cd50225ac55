import type { ReviewStatus } from '../__generated__/resolvers-types.js';
import { requireRole } from '../auth/require-role.js';
import type { Viewer } from '../auth/viewer.js';

/** Unreviewed and rejected facts are for editors: asking for them needs the editor or admin role. */
export function requireReviewerFor(status: ReviewStatus | null | undefined, viewer: Viewer): void {
  if (status && status !== 'CONFIRMED') requireRole(viewer, ['editor', 'admin']);
}
