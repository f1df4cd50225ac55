import type { ReleaseResolvers } from '../__generated__/resolvers-types.js';

export const Release: ReleaseResolvers = {
  person: (release, _args, { loaders }) => loaders.personById.get(release.personId),
};
