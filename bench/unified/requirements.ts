/**
 * runOnRequirements against what the embedded server offers: MongoDB 7.0, as a replica set (the
 * default) or a standalone (`single`). A test runs on the first topology it accepts.
 */
import type { Json } from './matching.js';

export type Topology = 'replicaset' | 'single';
const SERVER_VERSION = [7, 0, 0];

function compare(version: string): number {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const a = SERVER_VERSION[i];
    const b = parts[i] ?? 0;
    if (a !== b) return a - b;
  }
  return 0;
}

/** The topologies (of those offered, in order) a requirement list accepts, or why none fits. */
export function topologiesFor(
  requirements: Json[] | undefined,
  offered: readonly Topology[],
): { topologies: Topology[]; reason?: undefined } | { reason: string; topologies?: undefined } {
  if (!requirements || requirements.length === 0) return { topologies: [...offered] };
  const reasons: string[] = [];
  const accepted = new Set<Topology>();
  for (const r of requirements) {
    if (r.minServerVersion && compare(String(r.minServerVersion)) < 0) reasons.push(`needs ≥ ${r.minServerVersion}`);
    else if (r.maxServerVersion && compare(String(r.maxServerVersion)) > 0) reasons.push(`needs ≤ ${r.maxServerVersion}`);
    else if (r.serverless === 'require') reasons.push('serverless');
    else if (r.auth === true) reasons.push('auth');
    else if (r.csfle === true) reasons.push('csfle');
    else if (r.serverParameters) reasons.push(`serverParameters ${JSON.stringify(r.serverParameters)}`);
    else {
      const topologies = Array.isArray(r.topologies) ? (r.topologies as string[]) : undefined;
      const fits = offered.filter((t) => !topologies || topologies.includes(t));
      for (const t of fits) accepted.add(t);
      if (fits.length === 0) reasons.push(`topologies ${topologies?.join(',')}`);
    }
  }
  const topologies = offered.filter((t) => accepted.has(t));
  return topologies.length > 0 ? { topologies } : { reason: [...new Set(reasons)].join(' / ') };
}
