import type { StatementResolvers } from '../__generated__/resolvers-types.js';
import { globalId } from '../db/ids.js';
import { verifyStatement } from '../verification.js';

export const Statement: StatementResolvers = {
  id: (statement) => globalId('Statement', statement._id),
  status: (statement) => statement.status ?? 'CONFIRMED',
  extractedBy: (statement) => statement.extractedBy ?? null,
  confidence: (statement) => statement.confidence ?? null,
  speakerCandidates: (statement) => statement.speakerCandidates ?? [],
  // Null only for a PENDING statement whose speaker the extractor could not name.
  speaker: (statement, _args, { loaders }) => (statement.speakerId ? loaders.personById.get(statement.speakerId) : null),
  article: (statement, _args, { loaders }) => loaders.articleById.get(statement.articleId),
  about: async (statement, _args, { loaders }) => {
    const people = await loaders.personById.loadMany(statement.aboutIds);
    return people.filter((p): p is Exclude<typeof p, Error | null> => p !== null && !(p instanceof Error));
  },
  verification: async (statement, _args, { loaders }) => verifyStatement(statement, await loaders.articleById.load(statement.articleId)),
};
