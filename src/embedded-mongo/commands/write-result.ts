/** The shared shape of insert/update/delete replies: `n`, and `writeErrors` for statements that failed. */
import type { Doc } from '../bson-values.js';
import { toCommandError } from '../errors.js';

export class WriteResult {
  n = 0;
  readonly writeErrors: Doc[] = [];

  /** Runs each statement; an ordered batch stops at its first failure, an unordered one goes on. */
  run<T>(statements: T[], ordered: boolean, apply: (statement: T, index: number) => void): void {
    for (let index = 0; index < statements.length; index++) {
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
