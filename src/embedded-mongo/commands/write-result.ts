/** The shared shape of insert/update/delete replies: `n`, and `writeErrors` for statements that failed. */
import type { Doc } from '../bson-values.js';
import { MongoCommandError, toCommandError } from '../errors.js';

export class WriteResult {
  n = 0;
  readonly writeErrors: Doc[] = [];
  /** When the command's `maxTimeMS` runs out: checked between statements, as mongod checks for interrupts. */
  readonly #deadline: number | undefined;

  constructor(command?: Doc) {
    const maxTimeMS = command?.maxTimeMS;
    this.#deadline = typeof maxTimeMS === 'number' && maxTimeMS > 0 ? Date.now() + maxTimeMS : undefined;
  }

  /** Runs each statement; an ordered batch stops at its first failure, an unordered one goes on. */
  run<T>(statements: T[], ordered: boolean, apply: (statement: T, index: number) => void): void {
    for (let index = 0; index < statements.length; index++) {
      // Like mongod, an interrupted batch fails as a whole (the statements before stay written).
      if (this.#deadline !== undefined && index > 0 && Date.now() > this.#deadline) {
        throw new MongoCommandError('MaxTimeMSExpired', 'operation exceeded time limit');
      }
      try {
        apply(statements[index], index);
      } catch (error) {
        const { code, message, extra } = toCommandError(error);
        this.writeErrors.push({ index, code, errmsg: message, ...extra });
        if (ordered) break;
      }
    }
  }

  reply(extra: Doc = {}): Doc {
    const reply: Doc = { n: this.n, ...extra };
    if (this.writeErrors.length > 0) reply.writeErrors = this.writeErrors;
    reply.ok = 1;
    return reply;
  }
}
