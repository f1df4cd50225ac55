/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ArticleListItem on Article {\n    slug\n    headline\n    publishedAt\n    dateline\n    topics\n  }\n": typeof types.ArticleListItemFragmentDoc,
    "\n  fragment QuoteMark on Statement {\n    id\n    text\n    kind\n    channel\n    speaker {\n      name\n    }\n    evidence {\n      paragraphIndex\n    }\n    verification {\n      status\n      paragraphIndex\n      offset\n    }\n  }\n": typeof types.QuoteMarkFragmentDoc,
    "\n  fragment ArticleText on Article {\n    paragraphs {\n      index\n      text\n      section\n    }\n    statements(first: 100) {\n      nodes {\n        ...QuoteMark\n      }\n    }\n  }\n": typeof types.ArticleTextFragmentDoc,
    "\n  fragment CitationLink on Citation {\n    paragraphIndex\n    excerpt\n    article {\n      slug\n      headline\n    }\n  }\n": typeof types.CitationLinkFragmentDoc,
    "\n  fragment ExchangeSummary on Exchange {\n    slug\n    date\n    description\n  }\n": typeof types.ExchangeSummaryFragmentDoc,
    "\n  fragment PersonLink on Person {\n    slug\n    name\n  }\n": typeof types.PersonLinkFragmentDoc,
    "\n  fragment StatementCard on Statement {\n    id\n    text\n    kind\n    channel\n    saidOn\n    saidOnPrecision\n    context\n    speaker {\n      ...PersonLink\n    }\n    article {\n      slug\n      headline\n    }\n    evidence {\n      paragraphIndex\n    }\n    verification {\n      status\n    }\n  }\n": typeof types.StatementCardFragmentDoc,
    "\n  query ArticlePage($slug: String!) {\n    article(slug: $slug) {\n      id\n      slug\n      headline\n      publishedAt\n      dateline\n      topics\n      jsonLd\n      ...ArticleText\n      people {\n        id\n        ...PersonLink\n      }\n      exchanges {\n        id\n        ...ExchangeSummary\n      }\n    }\n  }\n": typeof types.ArticlePageDocument,
    "\n  query ExchangePage($slug: String!) {\n    exchange(slug: $slug) {\n      jsonLd\n      id\n      slug\n      date\n      description\n      countries\n      releases {\n        person {\n          slug\n          name\n        }\n        releasedBy\n        releasedTo\n        detail\n        evidence {\n          ...CitationLink\n        }\n      }\n      evidence {\n        ...CitationLink\n      }\n      articles {\n        id\n        slug\n        headline\n      }\n    }\n  }\n": typeof types.ExchangePageDocument,
    "\n  query HomePage($first: Int!, $after: String) {\n    articles(first: $first, after: $after, orderBy: { field: PUBLISHED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...ArticleListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.HomePageDocument,
    "\n  query PersonPage($slug: String!) {\n    person(slug: $slug) {\n      jsonLd\n      id\n      slug\n      name\n      aliases\n      description\n      nationalities\n      roles {\n        title\n        organization\n        country\n        evidence {\n          ...CitationLink\n        }\n      }\n      statements(first: 50, orderBy: { field: SAID_ON, direction: ASC }) {\n        totalCount\n        edges {\n          node {\n            id\n            saidOn\n            article {\n              publishedAt\n            }\n            evidence {\n              paragraphIndex\n            }\n            ...StatementCard\n          }\n        }\n      }\n      statementsAbout(first: 50) {\n        totalCount\n        nodes {\n          id\n          ...StatementCard\n        }\n      }\n      exchanges {\n        id\n        ...ExchangeSummary\n      }\n    }\n  }\n": typeof types.PersonPageDocument,
    "\n  query SearchPage($query: String!, $first: Int!, $after: String) {\n    search(query: $query, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        score\n        node {\n          __typename\n          ... on Article {\n            id\n            slug\n            headline\n            publishedAt\n          }\n          ... on Person {\n            id\n            slug\n            name\n            personDescription: description\n          }\n          ... on Statement {\n            id\n            text\n            kind\n            speaker {\n              name\n            }\n            article {\n              slug\n              headline\n            }\n            evidence {\n              paragraphIndex\n            }\n          }\n          ... on Exchange {\n            id\n            slug\n            date\n            description\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SearchPageDocument,
};
const documents: Documents = {
    "\n  fragment ArticleListItem on Article {\n    slug\n    headline\n    publishedAt\n    dateline\n    topics\n  }\n": types.ArticleListItemFragmentDoc,
    "\n  fragment QuoteMark on Statement {\n    id\n    text\n    kind\n    channel\n    speaker {\n      name\n    }\n    evidence {\n      paragraphIndex\n    }\n    verification {\n      status\n      paragraphIndex\n      offset\n    }\n  }\n": types.QuoteMarkFragmentDoc,
    "\n  fragment ArticleText on Article {\n    paragraphs {\n      index\n      text\n      section\n    }\n    statements(first: 100) {\n      nodes {\n        ...QuoteMark\n      }\n    }\n  }\n": types.ArticleTextFragmentDoc,
    "\n  fragment CitationLink on Citation {\n    paragraphIndex\n    excerpt\n    article {\n      slug\n      headline\n    }\n  }\n": types.CitationLinkFragmentDoc,
    "\n  fragment ExchangeSummary on Exchange {\n    slug\n    date\n    description\n  }\n": types.ExchangeSummaryFragmentDoc,
    "\n  fragment PersonLink on Person {\n    slug\n    name\n  }\n": types.PersonLinkFragmentDoc,
    "\n  fragment StatementCard on Statement {\n    id\n    text\n    kind\n    channel\n    saidOn\n    saidOnPrecision\n    context\n    speaker {\n      ...PersonLink\n    }\n    article {\n      slug\n      headline\n    }\n    evidence {\n      paragraphIndex\n    }\n    verification {\n      status\n    }\n  }\n": types.StatementCardFragmentDoc,
    "\n  query ArticlePage($slug: String!) {\n    article(slug: $slug) {\n      id\n      slug\n      headline\n      publishedAt\n      dateline\n      topics\n      jsonLd\n      ...ArticleText\n      people {\n        id\n        ...PersonLink\n      }\n      exchanges {\n        id\n        ...ExchangeSummary\n      }\n    }\n  }\n": types.ArticlePageDocument,
    "\n  query ExchangePage($slug: String!) {\n    exchange(slug: $slug) {\n      jsonLd\n      id\n      slug\n      date\n      description\n      countries\n      releases {\n        person {\n          slug\n          name\n        }\n        releasedBy\n        releasedTo\n        detail\n        evidence {\n          ...CitationLink\n        }\n      }\n      evidence {\n        ...CitationLink\n      }\n      articles {\n        id\n        slug\n        headline\n      }\n    }\n  }\n": types.ExchangePageDocument,
    "\n  query HomePage($first: Int!, $after: String) {\n    articles(first: $first, after: $after, orderBy: { field: PUBLISHED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...ArticleListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.HomePageDocument,
    "\n  query PersonPage($slug: String!) {\n    person(slug: $slug) {\n      jsonLd\n      id\n      slug\n      name\n      aliases\n      description\n      nationalities\n      roles {\n        title\n        organization\n        country\n        evidence {\n          ...CitationLink\n        }\n      }\n      statements(first: 50, orderBy: { field: SAID_ON, direction: ASC }) {\n        totalCount\n        edges {\n          node {\n            id\n            saidOn\n            article {\n              publishedAt\n            }\n            evidence {\n              paragraphIndex\n            }\n            ...StatementCard\n          }\n        }\n      }\n      statementsAbout(first: 50) {\n        totalCount\n        nodes {\n          id\n          ...StatementCard\n        }\n      }\n      exchanges {\n        id\n        ...ExchangeSummary\n      }\n    }\n  }\n": types.PersonPageDocument,
    "\n  query SearchPage($query: String!, $first: Int!, $after: String) {\n    search(query: $query, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        score\n        node {\n          __typename\n          ... on Article {\n            id\n            slug\n            headline\n            publishedAt\n          }\n          ... on Person {\n            id\n            slug\n            name\n            personDescription: description\n          }\n          ... on Statement {\n            id\n            text\n            kind\n            speaker {\n              name\n            }\n            article {\n              slug\n              headline\n            }\n            evidence {\n              paragraphIndex\n            }\n          }\n          ... on Exchange {\n            id\n            slug\n            date\n            description\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SearchPageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArticleListItem on Article {\n    slug\n    headline\n    publishedAt\n    dateline\n    topics\n  }\n"): (typeof documents)["\n  fragment ArticleListItem on Article {\n    slug\n    headline\n    publishedAt\n    dateline\n    topics\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QuoteMark on Statement {\n    id\n    text\n    kind\n    channel\n    speaker {\n      name\n    }\n    evidence {\n      paragraphIndex\n    }\n    verification {\n      status\n      paragraphIndex\n      offset\n    }\n  }\n"): (typeof documents)["\n  fragment QuoteMark on Statement {\n    id\n    text\n    kind\n    channel\n    speaker {\n      name\n    }\n    evidence {\n      paragraphIndex\n    }\n    verification {\n      status\n      paragraphIndex\n      offset\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArticleText on Article {\n    paragraphs {\n      index\n      text\n      section\n    }\n    statements(first: 100) {\n      nodes {\n        ...QuoteMark\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ArticleText on Article {\n    paragraphs {\n      index\n      text\n      section\n    }\n    statements(first: 100) {\n      nodes {\n        ...QuoteMark\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CitationLink on Citation {\n    paragraphIndex\n    excerpt\n    article {\n      slug\n      headline\n    }\n  }\n"): (typeof documents)["\n  fragment CitationLink on Citation {\n    paragraphIndex\n    excerpt\n    article {\n      slug\n      headline\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExchangeSummary on Exchange {\n    slug\n    date\n    description\n  }\n"): (typeof documents)["\n  fragment ExchangeSummary on Exchange {\n    slug\n    date\n    description\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PersonLink on Person {\n    slug\n    name\n  }\n"): (typeof documents)["\n  fragment PersonLink on Person {\n    slug\n    name\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StatementCard on Statement {\n    id\n    text\n    kind\n    channel\n    saidOn\n    saidOnPrecision\n    context\n    speaker {\n      ...PersonLink\n    }\n    article {\n      slug\n      headline\n    }\n    evidence {\n      paragraphIndex\n    }\n    verification {\n      status\n    }\n  }\n"): (typeof documents)["\n  fragment StatementCard on Statement {\n    id\n    text\n    kind\n    channel\n    saidOn\n    saidOnPrecision\n    context\n    speaker {\n      ...PersonLink\n    }\n    article {\n      slug\n      headline\n    }\n    evidence {\n      paragraphIndex\n    }\n    verification {\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArticlePage($slug: String!) {\n    article(slug: $slug) {\n      id\n      slug\n      headline\n      publishedAt\n      dateline\n      topics\n      jsonLd\n      ...ArticleText\n      people {\n        id\n        ...PersonLink\n      }\n      exchanges {\n        id\n        ...ExchangeSummary\n      }\n    }\n  }\n"): (typeof documents)["\n  query ArticlePage($slug: String!) {\n    article(slug: $slug) {\n      id\n      slug\n      headline\n      publishedAt\n      dateline\n      topics\n      jsonLd\n      ...ArticleText\n      people {\n        id\n        ...PersonLink\n      }\n      exchanges {\n        id\n        ...ExchangeSummary\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExchangePage($slug: String!) {\n    exchange(slug: $slug) {\n      jsonLd\n      id\n      slug\n      date\n      description\n      countries\n      releases {\n        person {\n          slug\n          name\n        }\n        releasedBy\n        releasedTo\n        detail\n        evidence {\n          ...CitationLink\n        }\n      }\n      evidence {\n        ...CitationLink\n      }\n      articles {\n        id\n        slug\n        headline\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExchangePage($slug: String!) {\n    exchange(slug: $slug) {\n      jsonLd\n      id\n      slug\n      date\n      description\n      countries\n      releases {\n        person {\n          slug\n          name\n        }\n        releasedBy\n        releasedTo\n        detail\n        evidence {\n          ...CitationLink\n        }\n      }\n      evidence {\n        ...CitationLink\n      }\n      articles {\n        id\n        slug\n        headline\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomePage($first: Int!, $after: String) {\n    articles(first: $first, after: $after, orderBy: { field: PUBLISHED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...ArticleListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query HomePage($first: Int!, $after: String) {\n    articles(first: $first, after: $after, orderBy: { field: PUBLISHED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...ArticleListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonPage($slug: String!) {\n    person(slug: $slug) {\n      jsonLd\n      id\n      slug\n      name\n      aliases\n      description\n      nationalities\n      roles {\n        title\n        organization\n        country\n        evidence {\n          ...CitationLink\n        }\n      }\n      statements(first: 50, orderBy: { field: SAID_ON, direction: ASC }) {\n        totalCount\n        edges {\n          node {\n            id\n            saidOn\n            article {\n              publishedAt\n            }\n            evidence {\n              paragraphIndex\n            }\n            ...StatementCard\n          }\n        }\n      }\n      statementsAbout(first: 50) {\n        totalCount\n        nodes {\n          id\n          ...StatementCard\n        }\n      }\n      exchanges {\n        id\n        ...ExchangeSummary\n      }\n    }\n  }\n"): (typeof documents)["\n  query PersonPage($slug: String!) {\n    person(slug: $slug) {\n      jsonLd\n      id\n      slug\n      name\n      aliases\n      description\n      nationalities\n      roles {\n        title\n        organization\n        country\n        evidence {\n          ...CitationLink\n        }\n      }\n      statements(first: 50, orderBy: { field: SAID_ON, direction: ASC }) {\n        totalCount\n        edges {\n          node {\n            id\n            saidOn\n            article {\n              publishedAt\n            }\n            evidence {\n              paragraphIndex\n            }\n            ...StatementCard\n          }\n        }\n      }\n      statementsAbout(first: 50) {\n        totalCount\n        nodes {\n          id\n          ...StatementCard\n        }\n      }\n      exchanges {\n        id\n        ...ExchangeSummary\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchPage($query: String!, $first: Int!, $after: String) {\n    search(query: $query, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        score\n        node {\n          __typename\n          ... on Article {\n            id\n            slug\n            headline\n            publishedAt\n          }\n          ... on Person {\n            id\n            slug\n            name\n            personDescription: description\n          }\n          ... on Statement {\n            id\n            text\n            kind\n            speaker {\n              name\n            }\n            article {\n              slug\n              headline\n            }\n            evidence {\n              paragraphIndex\n            }\n          }\n          ... on Exchange {\n            id\n            slug\n            date\n            description\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchPage($query: String!, $first: Int!, $after: String) {\n    search(query: $query, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        score\n        node {\n          __typename\n          ... on Article {\n            id\n            slug\n            headline\n            publishedAt\n          }\n          ... on Person {\n            id\n            slug\n            name\n            personDescription: description\n          }\n          ... on Statement {\n            id\n            text\n            kind\n            speaker {\n              name\n            }\n            article {\n              slug\n              headline\n            }\n            evidence {\n              paragraphIndex\n            }\n          }\n          ... on Exchange {\n            id\n            slug\n            date\n            description\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;