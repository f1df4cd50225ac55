/**
 * One change stream on one collection, for the whole process. The driver resumes by itself after a
 * resumable error (one retry); when that fails too — the database down for longer than server
 * selection waits — the feed reopens the stream itself, with backoff, from the last resume token it
 * kept, so events written during or after the outage are delivered once, in order.
 */
import type { ChangeStream, ChangeStreamDocument, Collection, Document, ResumeToken } from 'mongodb';
import type { Logger } from 'pino';

export interface FeedHandlers {
  change(change: ChangeStreamDocument<Document>): void;
}

const BACKOFF_MS = [100, 250, 500, 1000, 2000, 5000];
/** How long a getMore waits on the server for new events before answering an empty batch. */
const MAX_AWAIT_MS = 1000;

export class ChangeFeed {
  private stream: ChangeStream<Document> | undefined;
  private token: ResumeToken | undefined;
  private closed = false;
  private readonly opened: Promise<void>;
  private markOpened!: () => void;
  private failOpening!: (error: unknown) => void;
  private everOpened = false;
  /** Times the feed reopened its stream itself, after the driver's own resume had failed. */
  reopenings = 0;

  constructor(
    private readonly collection: Collection<Document>,
    private readonly handlers: FeedHandlers,
    private readonly logger: Logger,
  ) {
    this.opened = new Promise((resolve, reject) => {
      this.markOpened = resolve;
      this.failOpening = reject;
    });
    // Callers await `ready()`; an unobserved rejection must not crash the process meanwhile.
    this.opened.catch(() => {});
    void this.run();
  }

  /** Resolves once the stream is established (events from then on are delivered); rejects if the first attempt fails. */
  ready(): Promise<void> {
    return this.opened;
  }

  get resumeToken(): ResumeToken | undefined {
    return this.token;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failOpening(new Error('change feed closed'));
    await this.stream?.close().catch(() => {});
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      // startAfter (not resumeAfter): it also resumes past an invalidate, e.g. a dropped collection.
      const stream = this.collection.watch([], { maxAwaitTimeMS: MAX_AWAIT_MS, ...(this.token ? { startAfter: this.token } : {}) });
      this.stream = stream;
      try {
        while (!this.closed) {
          const change = await stream.tryNext();
          if (!this.everOpened) {
            this.everOpened = true;
            this.markOpened();
          }
          failures = 0;
          if (change) this.handlers.change(change);
          // After an event its own _id; after an empty batch the server's postBatchResumeToken.
          this.token = stream.resumeToken ?? this.token;
        }
      } catch (error) {
        if (this.closed) break;
        if (!this.everOpened) {
          this.failOpening(error);
          this.closed = true;
          break;
        }
        const wait = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)];
        failures += 1;
        this.reopenings += 1;
        this.logger.warn({ err: error, collection: this.collection.collectionName, retryInMs: wait }, 'change stream lost; reopening');
        await new Promise((resolve) => setTimeout(resolve, wait));
      } finally {
        await stream.close().catch(() => {});
      }
    }
  }
}
