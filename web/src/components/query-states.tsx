/** Loading, error (with retry) and empty states shared by every page. */
import type { ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="loading">
      Loading {what}…
    </p>
  );
}

function explain(error: ErrorLike): string {
  if (CombinedGraphQLErrors.is(error)) return error.errors.map((e) => e.message).join('; ');
  return 'The newsgraph API could not be reached. Check that the server is running, then try again.';
}

export function ErrorState({ error, retry }: { error: ErrorLike; retry: () => void }) {
  return (
    <div role="alert" className="error-state">
      <h2>Something went wrong</h2>
      <p>{explain(error)}</p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="empty">{children}</p>;
}
