/**
 * What makes the embedded server a one-node replica set: the set's name and the address clients
 * dial, the hybrid logical clock every write ticks, and the hello fields of a primary. Answers
 * carry `$clusterTime` and `operationTime` as a replica-set member's do. The monitor polls (the
 * hello reply has no `topologyVersion`, so the driver never asks for the streaming protocol).
 */
import { Binary, Long, ObjectId, Timestamp } from 'bson';
import type { Doc } from './bson-values.js';

/** A constant term-1 election: there is only ever one primary. */
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');
const ZERO_SIGNATURE = { hash: new Binary(Buffer.alloc(20)), keyId: Long.ZERO };

/** A cluster time as one comparable number-like bigint: seconds in the high 32 bits, increment low. */
export function timestampKey(ts: Timestamp): bigint {
  return (BigInt(ts.high >>> 0) << 32n) | BigInt(ts.low >>> 0);
}

export function timestampFromKey(key: bigint): Timestamp {
  return new Timestamp({ t: Number(key >> 32n), i: Number(key & 0xffffffffn) });
}

/** Strictly increasing cluster times: wall-clock seconds, and an increment within a second. */
export class ClusterClock {
  #key = 0n;

  /** The time of the last write (or of start-up). */
  get now(): Timestamp {
    return timestampFromKey(this.#key);
  }

  get nowKey(): bigint {
    return this.#key;
  }

  tick(): Timestamp {
    const seconds = BigInt(Math.floor(Date.now() / 1000)) << 32n;
    this.#key = seconds > this.#key ? seconds | 1n : this.#key + 1n;
    return this.now;
  }

  /** After recovery: never hand out a time at or before one already in the oplog. */
  advanceTo(ts: Timestamp): void {
    const key = timestampKey(ts);
    if (key > this.#key) this.#key = key;
  }
}

export interface ReplicaSetOptions {
  setName: string;
  /** `host:port` as clients dial it; it must be what the driver's seed list says. */
  address: string;
}

export class ReplicaSetIdentity {
  constructor(
    readonly setName: string,
    public address: string,
    readonly clock: ClusterClock,
  ) {}

  /** The fields a primary adds to its hello reply. */
  helloFields(): Doc {
    const opTime = { ts: this.clock.now, t: Long.ONE };
    const lastWriteDate = new Date(this.clock.now.high * 1000);
    return {
      hosts: [this.address],
      setName: this.setName,
      setVersion: 1,
      secondary: false,
      primary: this.address,
      me: this.address,
      electionId: ELECTION_ID,
      lastWrite: { opTime, lastWriteDate, majorityOpTime: opTime, majorityWriteDate: lastWriteDate },
    };
  }

  /** `$clusterTime` and `operationTime`, which a member adds to every reply. */
  gossip(reply: Doc): Doc {
    const now = this.clock.now;
    if (reply.ok === 1 || reply.ok === true || reply.ok === 0) {
      if (reply.operationTime === undefined) reply.operationTime = now;
      reply.$clusterTime = { clusterTime: now, signature: ZERO_SIGNATURE };
    }
    return reply;
  }
}
