/** Assembles the resolver map; each type's resolvers live in the file named after it. */
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Article } from './Article.js';
import { Node, SearchResult } from './abstract-types.js';
import { Citation } from './Citation.js';
import { Exchange } from './Exchange.js';
import { Mutation } from './Mutation.js';
import { Person } from './Person.js';
import { Query } from './Query.js';
import { Release } from './Release.js';
import { SpeakerCandidate } from './SpeakerCandidate.js';
import { Statement } from './Statement.js';
import { DateScalar, DateTimeScalar } from './scalars.js';

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Node,
  SearchResult,
  Article,
  Person,
  Statement,
  Exchange,
  Release,
  Citation,
  SpeakerCandidate,
};
