/** Every page of the reader has its own shareable URL. */
import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { Layout } from './components/layout';
import { Loading } from './components/query-states';
import { ArticlePage } from './pages/article-page';
import { ExchangePage } from './pages/exchange-page';
import { HomePage } from './pages/home-page';
import { NotFoundPage } from './pages/not-found-page';
import { PersonPage } from './pages/person-page';
import { SearchPage } from './pages/search-page';

// Editors' code stays out of the readers' bundle: /review loads its own chunk.
const ReviewPage = lazy(() => import('./pages/review-page').then((module) => ({ default: module.ReviewPage })));

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/articles/:slug', element: <ArticlePage /> },
      { path: '/people/:slug', element: <PersonPage /> },
      { path: '/exchanges/:slug', element: <ExchangePage /> },
      { path: '/search', element: <SearchPage /> },
      {
        path: '/review',
        element: (
          <Suspense fallback={<Loading what="the review page" />}>
            <ReviewPage />
          </Suspense>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
