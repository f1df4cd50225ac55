/**
 * When a request's loader batches go out: all together, in the event loop's check phase
 * (setImmediate), once none of the request's batches is still waiting for its reply.
 *
 * DataLoader's own schedule sends a batch straight after the current promise jobs, so two loads
 * of one loader that follow two different replies make two commands: an article's speakers follow
 * its statements, the people its exchanges release follow its exchanges, and both are people read
 * by id. Waiting until the request has no read out makes them one find, whatever order and timing
 * the replies come in, so a query's command count is the same on every run. The price: a batch
 * can wait for a reply it does not need (another branch's). The request is not answered before
 * that reply anyway, so it is slower only when what follows the held batch takes longer than what
 * follows the reply it waited for. The commands also go out after the replies of that turn of
 * the loop have been handled rather than in the middle of handling them, which measured cheaper
 * by itself (`node` by id, one command, 13 % less CPU per request over HTTP; BENCHMARKS.md,
 * session 15).
 *
 * A batch function must never wait for a load itself: its load would wait for it in turn.
 */
import type DataLoader from 'dataloader';

/** How a loader is built: DataLoader's own switches, and the request's schedule (off in the benchmark's no-batching variant). */
export interface LoaderOptions {
  batch?: boolean;
  cache?: boolean;
  schedule?: BatchSchedule;
}

export class BatchSchedule {
  /** Batches of this request sent and not yet answered. */
  private reading = 0;
  /** Batches ready to go out at the next flush. */
  private waiting: Array<() => void> = [];
  private armed = false;

  /** DataLoader's `batchScheduleFn`: the batch goes out at the next flush. */
  readonly enqueue = (dispatch: () => void): void => {
    this.waiting.push(dispatch);
    this.arm();
  };

  /** The batch function, telling the schedule while its read is out. */
  reads<K, V>(batch: DataLoader.BatchLoadFn<K, V>): DataLoader.BatchLoadFn<K, V> {
    return async (keys) => {
      this.reading++;
      try {
        return await batch(keys);
      } finally {
        this.reading--;
        this.arm();
      }
    };
  }

  private arm(): void {
    if (this.armed || this.reading > 0 || this.waiting.length === 0) return;
    this.armed = true;
    setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    this.armed = false;
    const ready = this.waiting;
    this.waiting = [];
    for (const dispatch of ready) dispatch();
  };
}

/** A DataLoader's batch function and options under `options`: with the request's schedule when it has one. */
export function dataLoaderArguments<K, V, C>(
  batch: DataLoader.BatchLoadFn<K, V>,
  cacheKeyFn: (key: K) => C,
  { schedule, ...switches }: LoaderOptions,
): [DataLoader.BatchLoadFn<K, V>, DataLoader.Options<K, V, C>] {
  return schedule
    ? [schedule.reads(batch), { cacheKeyFn, ...switches, batchScheduleFn: schedule.enqueue }]
    : [batch, { cacheKeyFn, ...switches }];
}
