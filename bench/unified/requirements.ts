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

/** The topology to run on, or the reason no requirement entry fits a 7.0 replica set or standalone. */
export function topologyFor(
  requirements: Json[] | undefined,
  offered: readonly Topology[],
): { topology: Topology; reason?: undefined } | { reason: string; topology?: undefined } {
  if (!requirements || requirements.length === 0) return { topology: offered[0] };
  const reasons: string[] = [];
  for (const r of requirements) {
    if (r.minServerVersion && compare(String(r.minServerVersion)) < 0) reasons.push(`needs ≥ ${r.minServerVersion}`);
    else if (r.maxServerVersion && compare(String(r.maxServerVersion)) > 0) reasons.push(`needs ≤ ${r.maxServerVersion}`);
    else if (r.serverless === 'require') reasons.push('serverless');
    else if (r.auth === true) reasons.push('auth');
    else if (r.csfle === true) reasons.push('csfle');
    else if (r.serverParameters) reasons.push(`serverParameters ${JSON.stringify(r.serverParameters)}`);
    else {
      const accepted = Array.isArray(r.topologies) ? (r.topologies as string[]) : undefined;
      const topology = offered.find((t) => !accepted || accepted.includes(t));
      if (topology) return { topology };
      reasons.push(`topologies ${accepted?.join(',')}`);
    }
  }
  return { reason: [...new Set(reasons)].join(' / ') };
}
