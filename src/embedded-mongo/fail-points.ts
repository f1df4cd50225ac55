/**
 * Fail points for tests, as mongod offers them with `enableTestCommands`: `failCommand` (fail,
 * block or drop the connection before a named command runs) and `onPrimaryTransactionalWrite`
 * (drop the connection after a retryable write ran, so the client retries a write that happened),
 * `failGetMoreAfterCursorCheckout` (a change stream's getMore fails with `errorCode`; the cursor is gone),
 * and `maxTimeAlwaysTimeOut` (every command with a `maxTimeMS` fails with 50 before it runs).
 * `configureFailPoint` exists only when the server was started with test commands enabled.
 */
import { type Doc, isPlainObject } from './bson-values.js';
import { codeNameOf, MongoCommandError } from './errors.js';

const KNOWN = new Set(['failCommand', 'onPrimaryTransactionalWrite', 'failGetMoreAfterCursorCheckout', 'maxTimeAlwaysTimeOut']);

interface FailPoint {
  data: Doc;
  /** Activations left, or undefined for alwaysOn. */
  times?: number;
  /** Matching evaluations to let pass first. */
  skip: number;
}

export class FailPoints {
  readonly #points = new Map<string, FailPoint>();
  readonly #entered = new Map<string, number>();

  configure(command: Doc): Doc {
    const name = command.configureFailPoint;
    if (typeof name !== 'string' || !KNOWN.has(name)) {
      throw new MongoCommandError('BadValue', `Cannot find FailPoint named ${String(name)}`);
    }
    const { mode } = command;
    const data = isPlainObject(command.data) ? command.data : {};
    const count = this.#entered.get(name) ?? 0;
    if (mode === 'off') this.#points.delete(name);
    else if (mode === 'alwaysOn') this.#points.set(name, { data, skip: 0 });
    else if (isPlainObject(mode) && typeof mode.times === 'number') this.#points.set(name, { data, times: mode.times, skip: 0 });
    else if (isPlainObject(mode) && typeof mode.skip === 'number') this.#points.set(name, { data, skip: mode.skip });
    else throw new MongoCommandError('BadValue', "mode must be 'off', 'alwaysOn', {times: n} or {skip: n}");
    return { count, ok: 1 };
  }

  /** The fail point's data when it fires for this command (and counts the activation), else undefined. */
  fire(name: string, commandName: string, appName: string | undefined): Doc | undefined {
    const point = this.#points.get(name);
    if (!point) return undefined;
    const { data } = point;
    if (name === 'failCommand') {
      if (!Array.isArray(data.failCommands) || !data.failCommands.includes(commandName)) return undefined;
      if (typeof data.appName === 'string' && data.appName !== appName) return undefined;
    }
    if (point.skip > 0) {
      point.skip--;
      return undefined;
    }
    if (point.times !== undefined) {
      point.times--;
      if (point.times <= 0) this.#points.delete(name);
    }
    this.#entered.set(name, (this.#entered.get(name) ?? 0) + 1);
    return data;
  }
}

/** The reply `failCommand` substitutes for a command's, or undefined when it only blocks or closes. */
export function failCommandReply(data: Doc): Doc | undefined {
  if (typeof data.errorCode !== 'number') return undefined;
  const reply: Doc = {
    ok: 0,
    code: data.errorCode,
    codeName: codeNameOf(data.errorCode),
    errmsg: "Failing command via 'failCommand' failpoint",
  };
  if (Array.isArray(data.errorLabels)) reply.errorLabels = data.errorLabels;
  if (isPlainObject(data.errorExtraInfo)) Object.assign(reply, data.errorExtraInfo);
  return reply;
}
