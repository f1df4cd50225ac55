import type { SpeakerCandidateResolvers } from '../__generated__/resolvers-types.js';

export const SpeakerCandidate: SpeakerCandidateResolvers = {
  person: (candidate, _args, { loaders }) => (candidate.personId ? loaders.personById.load(candidate.personId) : null),
};
