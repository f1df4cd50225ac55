import type { VerificationStatus } from '../__generated__/graphql';

const LABELS: Record<VerificationStatus, { text: string; explanation: string }> = {
  VERBATIM: { text: 'VERBATIM', explanation: 'found letter for letter in the cited paragraph' },
  NOT_FOUND: { text: 'NOT_FOUND', explanation: 'not found in the cited paragraph' },
  NOT_APPLICABLE: { text: 'PARAPHRASE', explanation: 'a paraphrase: no quoted words to check' },
};

export const verificationText = (status: VerificationStatus) => `${LABELS[status].text} (${LABELS[status].explanation})`;

/** A quote's verification status, visible in the text (not only in a tooltip). */
export function VerificationBadge({ status }: { status: VerificationStatus }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} title={LABELS[status].explanation}>
      {LABELS[status].text}
    </span>
  );
}
