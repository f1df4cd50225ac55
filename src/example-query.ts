/** The query Apollo Sandbox opens with: a real question about the demo article. */
export const EXAMPLE_QUERY = `# Who said what in the article, and is every quote verbatim?
query ArticleReader {
  article(slug: "trump-tells-russia-to-get-moving-as-witkoff-meets-putin") {
    headline
    publishedAt
    statements(first: 20) {
      totalCount
      nodes {
        kind
        text
        channel
        saidOn
        speaker { name roles { title } }
        verification { status }
      }
    }
    exchanges {
      date
      releases { person { name } releasedBy releasedTo detail }
    }
  }
}
`;
