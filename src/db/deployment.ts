/**
 * What the connected deployment supports, read once from `hello`: a replica set (`setName`) or a
 * sharded cluster (`msg: "isdbgrid"`) has multi-document transactions and change streams; a
 * standalone has neither.
 */
import type { MongoClient } from 'mongodb';

export interface Deployment {
  topology: 'replica-set' | 'sharded' | 'standalone';
  transactions: boolean;
  changeStreams: boolean;
}

export async function detectDeployment(client: MongoClient): Promise<Deployment> {
  const hello = await client.db('admin').command({ hello: 1 });
  const topology = typeof hello.setName === 'string' ? 'replica-set' : hello.msg === 'isdbgrid' ? 'sharded' : 'standalone';
  const distributed = topology !== 'standalone';
  return { topology, transactions: distributed, changeStreams: distributed };
}
