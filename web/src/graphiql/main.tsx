/**
 * The offline explorer served at /graphiql: GraphiQL bundled from npm (no CDN), talking only to this
 * origin's /graphql, opened on the same example operation as Apollo Sandbox.
 */
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './accessibility.css';
import { EXAMPLE_QUERY } from '../../../src/example-query';
import { keepAccessible } from './accessibility';

const HEADER_HINT = `# Reads need no header. To run mutations, put the demo editor
# token \`npm start\` printed ("Demo editor token (this run
# only): demo-…") in Headers below:
#   { "Authorization": "Bearer demo-…" }
`;

const fetcher: GraphiQLProps['fetcher'] = async (params, options) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...options?.headers },
    body: JSON.stringify(params),
  });
  return response.json();
};

const root = document.getElementById('graphiql')!;
keepAccessible(root);
createRoot(root).render(
  <GraphiQL fetcher={fetcher} defaultQuery={`${HEADER_HINT}${EXAMPLE_QUERY}`} defaultHeaders={'{\n  \n}'} shouldPersistHeaders={false}>
    <GraphiQL.Logo>
      <a href="/">newsgraph</a> explorer
    </GraphiQL.Logo>
  </GraphiQL>,
);
