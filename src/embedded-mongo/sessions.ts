/**
 * Server sessions, keyed by the `lsid` every command carries: when each was last used, the highest
 * `txnNumber` seen, the last retryable write's reply (so a retry returns it instead of writing
 * twice) and the session's transaction. Sessions idle for `logicalSessionTimeoutMinutes` expire.
 */
import { Binary, Long } from 'bson';
import type { Doc } from './bson-values.js';
import type { SessionStamp } from './oplog.js';
import type { Transaction } from './transactions.js';

export const LOGICAL_SESSION_TIMEOUT_MINUTES = 30;

/** The SHA-256 of an empty user name: the `uid` mongod reports for sessions when auth is off. */
const ANONYMOUS_UID = new Binary(Buffer.from('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'));

export interface ServerSession {
  readonly key: string;
  readonly lsid: Doc;
  lastUse: Date;
  /** The highest transaction number used on this session; -1n before any. */
  txnNumber: bigint;
  /** The reply of the retryable write numbered `txnNumber`, when that number was a retryable write. */
  retryableReply?: { txnNumber: bigint; reply: Doc };
  transaction?: Transaction;
  /** A transaction committed before a restart (only its number is known): a retried commit succeeds. */
  committedTxnNumber?: bigint;
}

export function sessionKey(lsid: unknown): string | undefined {
  if (!lsid || typeof lsid !== 'object') return undefined;
  const id = (lsid as Doc).id;
  if (!(id instanceof Binary)) return undefined;
  return Buffer.from(id.buffer).toString('hex');
}

export function txnNumberOf(value: unknown): bigint | undefined {
  if (value instanceof Long) return value.toBigInt();
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

export class SessionRegistry {
  readonly #sessions = new Map<string, ServerSession>();
  readonly #sweeper: NodeJS.Timeout;
  /** Aborts a session's transaction when the session ends, is killed or expires. */
  onEnd: ((session: ServerSession) => void) | undefined;

  constructor() {
    this.#sweeper = setInterval(() => this.#expire(), 60_000);
    this.#sweeper.unref();
  }

  close(): void {
    clearInterval(this.#sweeper);
  }

  #expire(): void {
    const cutoff = Date.now() - LOGICAL_SESSION_TIMEOUT_MINUTES * 60_000;
    for (const session of this.#sessions.values()) if (session.lastUse.getTime() < cutoff) this.end(session.key);
  }

  /** The session of a command's `lsid`, created on first use; undefined for a command without one. */
  touch(lsid: unknown): ServerSession | undefined {
    const key = sessionKey(lsid);
    if (!key) return undefined;
    let session = this.#sessions.get(key);
    if (!session) {
      session = { key, lsid: { id: (lsid as Doc).id, uid: ANONYMOUS_UID }, lastUse: new Date(), txnNumber: -1n };
      this.#sessions.set(key, session);
    }
    session.lastUse = new Date();
    return session;
  }

  end(key: string): void {
    const session = this.#sessions.get(key);
    if (!session) return;
    this.onEnd?.(session);
    this.#sessions.delete(key);
  }

  endAll(): void {
    for (const key of [...this.#sessions.keys()]) this.end(key);
  }

  list(): Doc[] {
    return [...this.#sessions.values()].map((session) => ({
      _id: { id: session.lsid.id, uid: session.lsid.uid },
      lastUse: session.lastUse,
    }));
  }

  /** Restores what an oplog entry says about its session (recovery after a restart). */
  restore(stamp: SessionStamp): void {
    const session = this.touch(stamp.lsid);
    if (!session) return;
    const txnNumber = Long.fromValue(stamp.txnNumber).toBigInt();
    if (txnNumber < session.txnNumber) return;
    session.txnNumber = txnNumber;
    if (stamp.kind === 'retryableWrite' && stamp.reply) session.retryableReply = { txnNumber, reply: stamp.reply };
    if (stamp.kind === 'commitTransaction') session.committedTxnNumber = txnNumber;
  }
}
