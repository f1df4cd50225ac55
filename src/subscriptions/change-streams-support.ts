/**
 * Whether the deployment has change streams: replica sets (a `setName` in `hello`) and sharded
 * clusters (`msg: "isdbgrid"`) do, a standalone server does not. Asked once; a "no" is asked again
 * after a while, in case the server was restarted as a replica set.
 */
import type { Db } from 'mongodb';

const RECHECK_NO_AFTER_MS = 10_000;

export class ChangeStreamsSupport {
  private known: { supported: boolean; at: number } | undefined;

  constructor(private readonly admin: Db) {}

  async supported(): Promise<boolean> {
    if (this.known && (this.known.supported || Date.now() - this.known.at < RECHECK_NO_AFTER_MS)) return this.known.supported;
    const hello = await this.admin.command({ hello: 1 });
    const supported = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
    this.known = { supported, at: Date.now() };
    return supported;
  }
}
