/**
 * In-process load for the benchmarks that call newsgraph's code directly (bench/layers.ts,
 * bench/compare-builds.ts): `IN_FLIGHT` callers answer a query back to back for a while, and the
 * process's CPU (garbage-collector threads included) is divided by the answers.
 */

/** Answers a query with its variables as the JSON body a client would receive. */
export type Answer = (query: string, variables: Record<string, unknown>) => Promise<string>;

export const IN_FLIGHT = 10;

/** CPU microseconds per answered request and answers per second; a body with errors aborts the run. */
export async function loadInProcess(
  answer: Answer,
  query: string,
  variables: Record<string, unknown>,
  seconds: number,
): Promise<{ cpuMicros: number; perSecond: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let answered = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() - started < seconds * 1000) {
        const body = await answer(query, variables);
        if (body.includes('"errors"')) throw new Error(`errors in ${body.slice(0, 300)}`);
        answered++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { cpuMicros: (used.user + used.system) / answered, perSecond: answered / ((performance.now() - started) / 1000) };
}
