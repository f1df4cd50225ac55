/**
 * The payload convention: a mutation either returns the stored entity, or says in `userErrors`
 * what the caller can fix. Write code throws `Refusal` to stop at the first blocking problem; the
 * Mutation resolvers turn it into the payload.
 */
import type { UserErrorCode } from '../__generated__/resolvers-types.js';

export interface UserError {
  field: string[] | null;
  message: string;
  code: UserErrorCode;
}

export class Refusal extends Error {
  constructor(readonly userErrors: UserError[]) {
    super(userErrors.map((e) => e.message).join('; '));
  }
}

export function refuse(code: UserErrorCode, message: string, field: string[] | null = null): never {
  throw new Refusal([{ code, message, field }]);
}

/** Runs a write; a Refusal becomes `{ [key]: null, userErrors }`, anything else propagates. */
export async function toPayload<K extends string, T>(
  key: K,
  write: () => Promise<T>,
): Promise<Record<K, T | null> & { userErrors: UserError[] }> {
  try {
    const value = await write();
    return { [key]: value, userErrors: [] } as Record<K, T | null> & { userErrors: UserError[] };
  } catch (error) {
    if (error instanceof Refusal) return { [key]: null, userErrors: error.userErrors } as Record<K, T | null> & { userErrors: UserError[] };
    throw error;
  }
}
