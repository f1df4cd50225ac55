/**
 * The process's event hub: at most one ChangeFeed per collection, opened by the first subscriber
 * that needs it, and a fan-out of each change to the subscribers it concerns. An event's payload is
 * resolved by each subscriber's own selection, but with one set of loaders per event, shared by all
 * of them — a thousand subscribers to `statementAdded { speaker { name } }` cost one read of the
 * speaker, not a thousand.
 */
import type { ChangeStreamDocument, Db, Document, ObjectId } from 'mongodb';
import type { Logger } from 'pino';
import type { Collections } from '../db/collections.js';
import type { ArticleDocument, ExchangeDocument, StatementDocument } from '../db/documents.js';
import { globalId, type NodeType } from '../db/ids.js';
import { createLoaders, type Loaders } from '../loaders/index.js';
import { ChangeFeed } from './change-feed.js';
import { ChangeStreamsSupport } from './change-streams-support.js';
import { confirmedStatementId } from './confirmed-by-review.js';
import { SubscriberQueue } from './subscriber-queue.js';
import { subscriptionsUnavailable } from './subscription-errors.js';

// The collections that hold nodes (the search vocabulary is an index, not a node)
export type CollectionName = Exclude<keyof Collections, 'searchTerms' | 'statementTallies'>;

/** What a subscriber's selection is executed against: the document, and the loaders its event shares. */
export interface AddedEvent<T> {
  document: T;
  loaders: Loaders;
}

export interface NodeChangeEvent {
  id: string;
  type: NodeType;
  objectId: ObjectId;
  operation: 'UPDATED' | 'DELETED';
  loaders: Loaders;
}

export interface AddedDocuments {
  statements: StatementDocument;
  articles: ArticleDocument;
  exchanges: ExchangeDocument;
}

type AddedCollection = keyof AddedDocuments;

export const COLLECTION_OF_TYPE: Record<NodeType, CollectionName> = {
  Article: 'articles',
  Person: 'people',
  Statement: 'statements',
  Exchange: 'exchanges',
};
const TYPE_OF_COLLECTION: Record<CollectionName, NodeType> = {
  articles: 'Article',
  people: 'Person',
  statements: 'Statement',
  exchanges: 'Exchange',
};

interface AddedSubscriber {
  matches(document: Document): boolean;
  queue: SubscriberQueue<AddedEvent<Document>>;
}

export interface LiveEventsOptions {
  reads: Collections;
  admin: Db;
  /** Undelivered events one subscriber may hold before it is cut off. */
  queueLimit: number;
  batching: boolean;
  logger: Logger;
}

export interface LiveEventsStats {
  subscribers: number;
  openFeeds: CollectionName[];
  /** Change streams reopened from their resume token after an outage the driver could not ride out. */
  reopenings: number;
}

export class LiveEvents {
  private readonly feeds = new Map<CollectionName, ChangeFeed>();
  private readonly addedSubscribers = new Map<CollectionName, Set<AddedSubscriber>>();
  private readonly nodes = new Map<string, Set<SubscriberQueue<NodeChangeEvent>>>();
  private readonly support: ChangeStreamsSupport;
  private subscriberCount = 0;
  private closed = false;

  constructor(private readonly options: LiveEventsOptions) {
    this.support = new ChangeStreamsSupport(options.admin);
  }

  stats(): LiveEventsStats {
    let reopenings = 0;
    for (const feed of this.feeds.values()) reopenings += feed.reopenings;
    return { subscribers: this.subscriberCount, openFeeds: [...this.feeds.keys()], reopenings };
  }

  /** Documents inserted into `collection` from now on that `matches` accepts. */
  async added<C extends AddedCollection>(
    collection: C,
    matches: (document: AddedDocuments[C]) => boolean,
    onOverflow: () => void,
  ): Promise<AsyncIterableIterator<AddedEvent<AddedDocuments[C]>>> {
    const subscribers = this.addedSubscribers.get(collection) ?? new Set<AddedSubscriber>();
    this.addedSubscribers.set(collection, subscribers);
    const subscriber: AddedSubscriber = {
      matches: matches as (document: Document) => boolean,
      queue: this.queue<AddedEvent<Document>>(onOverflow, () => subscribers.delete(subscriber)),
    };
    subscribers.add(subscriber);
    await this.feedReady(collection, subscriber.queue);
    return subscriber.queue as unknown as AsyncIterableIterator<AddedEvent<AddedDocuments[C]>>;
  }

  /** Updates and deletes of one document from now on. */
  async nodeChanges(type: NodeType, objectId: ObjectId, onOverflow: () => void): Promise<AsyncIterableIterator<NodeChangeEvent>> {
    const key = `${COLLECTION_OF_TYPE[type]}:${objectId.toHexString()}`;
    const queues = this.nodes.get(key) ?? new Set<SubscriberQueue<NodeChangeEvent>>();
    this.nodes.set(key, queues);
    const queue = this.queue<NodeChangeEvent>(onOverflow, () => {
      queues.delete(queue);
      if (queues.size === 0) this.nodes.delete(key);
    });
    queues.add(queue);
    await this.feedReady(COLLECTION_OF_TYPE[type], queue);
    return queue;
  }

  async close(): Promise<void> {
    this.closed = true;
    const feeds = [...this.feeds.values()];
    this.feeds.clear();
    await Promise.all(feeds.map((feed) => feed.close()));
  }

  private queue<T>(onOverflow: () => void, remove: () => void): SubscriberQueue<T> {
    this.subscriberCount += 1;
    return new SubscriberQueue<T>(this.options.queueLimit, onOverflow, () => {
      this.subscriberCount -= 1;
      remove();
    });
  }

  /** Opens the collection's feed if need be; a subscriber registered before this resolves misses nothing after it. */
  private async feedReady(collection: CollectionName, queue: { end(): void }): Promise<void> {
    try {
      if (this.closed) throw new Error('subscriptions are shutting down');
      if (!(await this.support.supported())) throw subscriptionsUnavailable();
      let feed = this.feeds.get(collection);
      if (!feed) {
        feed = new ChangeFeed(
          this.options.reads[collection] as never,
          { change: (change) => this.publish(collection, change) },
          this.options.logger,
        );
        this.feeds.set(collection, feed);
      }
      try {
        await feed.ready();
      } catch (error) {
        // A feed that never opened is dropped, so the next subscriber tries afresh.
        if (this.feeds.get(collection) === feed) this.feeds.delete(collection);
        throw error;
      }
    } catch (error) {
      queue.end();
      throw error;
    }
  }

  private publish(collection: CollectionName, change: ChangeStreamDocument<Document>): void {
    if (change.operationType === 'insert') {
      this.publishAdded(collection, change.fullDocument);
      return;
    }
    const confirmed = collection === 'statements' ? confirmedStatementId(change) : undefined;
    if (confirmed && (this.addedSubscribers.get(collection)?.size ?? 0) > 0) {
      this.options.reads.statements
        .findOne({ _id: confirmed })
        .then((document) => document && this.publishAdded(collection, document))
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not read a confirmed statement for statementAdded'));
    }
    if (change.operationType === 'update' || change.operationType === 'replace' || change.operationType === 'delete') {
      const objectId = change.documentKey._id as ObjectId;
      const queues = this.nodes.get(`${collection}:${objectId.toHexString()}`);
      if (!queues) return;
      const type = TYPE_OF_COLLECTION[collection];
      const event: NodeChangeEvent = {
        id: globalId(type, objectId),
        type,
        objectId,
        operation: change.operationType === 'delete' ? 'DELETED' : 'UPDATED',
        loaders: createLoaders(this.options.reads, { batching: this.options.batching }),
      };
      for (const queue of [...queues]) queue.push(event);
    }
  }

  /** A document new to `collection`'s subscribers (inserted, or confirmed by review): to each one it matches. */
  private publishAdded(collection: CollectionName, document: Document): void {
    const subscribers = this.addedSubscribers.get(collection);
    if (!subscribers || subscribers.size === 0) return;
    let event: AddedEvent<Document> | undefined;
    for (const subscriber of subscribers) {
      if (!subscriber.matches(document)) continue;
      event ??= { document, loaders: this.eventLoaders(collection, document) };
      subscriber.queue.push(event);
    }
  }

  /** Fresh loaders for one event, primed with its document so `statement(id)`-style reads of it cost nothing. */
  private eventLoaders(collection: CollectionName, document: Document): Loaders {
    const loaders = createLoaders(this.options.reads, { batching: this.options.batching });
    const byId = {
      articles: loaders.articleById,
      people: loaders.personById,
      statements: loaders.statementById,
      exchanges: loaders.exchangeById,
    }[collection];
    byId.prime(document._id, document as never);
    return loaders;
  }
}
