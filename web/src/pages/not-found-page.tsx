import { Link } from 'react-router';
import { PageTitle } from '../components/page-title';

/** Any unknown path, and any slug that names nothing. */
export function NotFoundPage({ what }: { what?: string }) {
  return (
    <>
      <PageTitle title="Not found">Not found</PageTitle>
      <p>{what ?? 'There is no page at this address.'}</p>
      <p>
        <Link to="/">Back to the latest articles</Link>
      </p>
    </>
  );
}
