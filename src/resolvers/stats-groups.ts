/** The groups of the stats fields: keys that are documents resolve through the loaders (one batched read per type). */
import type { ArticleGroupResolvers, StatementGroupResolvers } from '../__generated__/resolvers-types.js';

export const StatementGroup: StatementGroupResolvers = {
  speaker: (group, _args, { loaders }) => (group.speakerId ? loaders.personById.get(group.speakerId) : null),
  article: (group, _args, { loaders }) => (group.articleId ? loaders.articleById.get(group.articleId) : null),
};

export const ArticleGroup: ArticleGroupResolvers = {
  person: (group, _args, { loaders }) => (group.personId ? loaders.personById.get(group.personId) : null),
};
