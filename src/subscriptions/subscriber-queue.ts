/**
 * One subscriber's undelivered events, as the async iterator graphql-ws reads. graphql-ws sends one
 * event and waits for the socket to take it before asking for the next, so a client that stops
 * reading makes this queue grow; past `limit` the subscriber is cut off (`onOverflow`) instead of
 * holding ever more memory.
 */
export class SubscriberQueue<T> implements AsyncIterableIterator<T> {
  private readonly events: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private ended = false;

  constructor(
    private readonly limit: number,
    private readonly onOverflow: () => void,
    private readonly onEnd: () => void,
  ) {}

  get length(): number {
    return this.events.length;
  }

  push(event: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: event, done: false });
      return;
    }
    if (this.events.length >= this.limit) {
      this.end();
      this.onOverflow();
      return;
    }
    this.events.push(event);
  }

  next(): Promise<IteratorResult<T>> {
    const event = this.events.shift();
    if (event !== undefined) return Promise.resolve({ value: event, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** Called by graphql-ws when the client completes the subscription or the socket closes. */
  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.events.length = 0;
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.({ value: undefined, done: true });
    this.onEnd();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
