/** The frame of every page: skip link, banner with the search box, main content, footer. */
import { Link, Outlet } from 'react-router';
import { SearchForm } from './search-form';

export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="site-name">
          newsgraph
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link to="/">Articles</Link>
            </li>
            <li>
              <Link to="/review">Review (editors)</Link>
            </li>
            <li>
              {/* A plain link: the explorer is a separate page served by the API, not a route of this app. */}
              <a href="/graphiql">GraphQL explorer (works offline)</a>
            </li>
          </ul>
        </nav>
        <SearchForm />
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          Every quote is checked letter for letter against the paragraph it cites. API: <a href="/graphql">/graphql</a> (Apollo Sandbox,
          needs internet) · <a href="/graphiql">/graphiql</a> (offline).
        </p>
      </footer>
    </>
  );
}
