import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../__generated__';
import { formatDate } from './dates';

export const ArticleListItemFragment = graphql(`
  fragment ArticleListItem on Article {
    slug
    headline
    publishedAt
    dateline
    topics
  }
`);

export function ArticleListItem(props: { article: FragmentType<typeof ArticleListItemFragment> }) {
  const article = getFragmentData(ArticleListItemFragment, props.article);
  return (
    <article className="article-item">
      <h2>
        <Link to={`/articles/${article.slug}`}>{article.headline}</Link>
      </h2>
      <p className="meta">
        <time dateTime={article.publishedAt}>{formatDate(article.publishedAt)}</time>
        {article.dateline ? ` · ${article.dateline}` : ''}
        {article.topics.length > 0 ? ` · ${article.topics.join(', ')}` : ''}
      </p>
    </article>
  );
}
