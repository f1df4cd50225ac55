/**
 * The page's schema.org description (the API's `jsonLd` field) in a `<script type="application/ld+json">`,
 * for search engines and linked-data clients. `<` is escaped so no text in it can end the script element.
 */
export function JsonLd({ data }: { data: Record<string, unknown> }) {
  return <script type="application/ld+json">{JSON.stringify(data).replace(/</g, '\\u003c')}</script>;
}
