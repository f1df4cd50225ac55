/** Assembles the resolver map; each type's resolvers live in the file named after it. */
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Article } from './Article.js';
import { Node, SearchResult } from './abstract-types.js';
import { Citation } from './Citation.js';
import { Exchange } from './Exchange.js';
import { ArticleJsonLd, ExchangeJsonLd, PersonJsonLd, StatementJsonLd } from './json-ld-fields.js';
import { JSONObjectScalar } from './json-object.js';
import { Mutation } from './Mutation.js';
import { NodeChange } from './NodeChange.js';
import { Person } from './Person.js';
import { Query } from './Query.js';
import { Release } from './Release.js';
import { SpeakerCandidate } from './SpeakerCandidate.js';
import { Statement } from './Statement.js';
import { Subscription } from './Subscription.js';
import { DateScalar, DateTimeScalar } from './scalars.js';
import { ArticleGroup, StatementGroup } from './stats-groups.js';
import { TimelineEvent } from './timeline-event.js';

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSONObject: JSONObjectScalar,
  Query,
  Mutation,
  Node,
  SearchResult,
  Article: { ...Article, ...ArticleJsonLd },
  Person: { ...Person, ...PersonJsonLd },
  Statement: { ...Statement, ...StatementJsonLd },
  Exchange: { ...Exchange, ...ExchangeJsonLd },
  StatementGroup,
  ArticleGroup,
  TimelineEvent,
  Release,
  Citation,
  Subscription,
  NodeChange,
  SpeakerCandidate,
};
