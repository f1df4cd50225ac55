/**
 * The Node flags the benchmarks give every server they start, newsgraph and the floor alike — the
 * ones `npm start` uses. A 64 MiB young-generation semi-space lets most per-request objects die
 * before a scavenge instead of being copied or promoted; the alternating-rounds run that chose it
 * is quoted in BENCHMARKS.md. `--node-flags ""` on bench:run / bench:profile measures without it.
 * The embedded database gets the same flags, as `npm run db` gives them (`npm start` runs it inside
 * its own process, flags included): at scale 100 they halved its CPU per statement-stats aggregate.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

export const serverNodeFlags = (override: string | undefined): string[] =>
  override === undefined ? SERVER_NODE_FLAGS : override.split(/\s+/).filter(Boolean);
