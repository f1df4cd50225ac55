import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../__generated__';

export const PersonLinkFragment = graphql(`
  fragment PersonLink on Person {
    slug
    name
  }
`);

export function PersonLink(props: { person: FragmentType<typeof PersonLinkFragment> }) {
  const person = getFragmentData(PersonLinkFragment, props.person);
  return <Link to={`/people/${person.slug}`}>{person.name}</Link>;
}
