/**
 * Bytes allocated per request, from V8's sampling heap profiler with objects the collector has
 * already freed included (by default it reports only survivors, which says little about garbage).
 * Sampled, so the figures are estimates: good for comparing layers, not to the byte.
 */
import { Session } from 'node:inspector/promises';

export interface Allocations {
  bytesPerRequest: number;
  /** Functions by bytes allocated per request, largest first. */
  top: Array<[where: string, bytesPerRequest: number]>;
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

export async function sampleAllocations(run: () => Promise<unknown>, requests: number, inFlight: number): Promise<Allocations> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = 0; i < requests / inFlight; i++) await run();
    }),
  );
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SamplingNode } };
  session.disconnect();
  const byFunction = new Map<string, number>();
  let total = 0;
  const visit = (node: SamplingNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = `${functionName || '(anonymous)'} ${url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, '')}:${lineNumber}`;
    total += node.selfSize;
    if (node.selfSize) byFunction.set(where, (byFunction.get(where) ?? 0) + node.selfSize);
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  return {
    bytesPerRequest: total / requests,
    top: [...byFunction].sort((a, b) => b[1] - a[1]).map(([where, bytes]) => [where, bytes / requests]),
  };
}
