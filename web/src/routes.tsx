/** Every page of the reader has its own shareable URL. */
import type { RouteObject } from 'react-router';
import { Layout } from './components/layout';
import { ArticlePage } from './pages/article-page';
import { ExchangePage } from './pages/exchange-page';
import { HomePage } from './pages/home-page';
import { NotFoundPage } from './pages/not-found-page';
import { PersonPage } from './pages/person-page';
import { ReviewPage } from './pages/review-page';
import { SearchPage } from './pages/search-page';

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/articles/:slug', element: <ArticlePage /> },
      { path: '/people/:slug', element: <PersonPage /> },
      { path: '/exchanges/:slug', element: <ExchangePage /> },
      { path: '/search', element: <SearchPage /> },
      { path: '/review', element: <ReviewPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
