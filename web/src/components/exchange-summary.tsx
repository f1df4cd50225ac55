import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../__generated__';
import { formatDate } from './dates';

export const ExchangeSummaryFragment = graphql(`
  fragment ExchangeSummary on Exchange {
    slug
    date
    description
  }
`);

export function ExchangeSummary(props: { exchange: FragmentType<typeof ExchangeSummaryFragment> }) {
  const exchange = getFragmentData(ExchangeSummaryFragment, props.exchange);
  return (
    <p>
      <Link to={`/exchanges/${exchange.slug}`}>Prisoner exchange of {formatDate(exchange.date)}</Link>: {exchange.description}
    </p>
  );
}
