import type { CitationResolvers } from '../__generated__/resolvers-types.js';

export const Citation: CitationResolvers = {
  article: (citation, _args, { loaders }) => loaders.articleById.load(citation.articleId),
};
