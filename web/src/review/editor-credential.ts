/**
 * The editor's credential for /review: typed in once, kept in this tab's sessionStorage (gone when
 * the tab closes, never in the bundle or a cookie) and sent only with review operations, as
 * `Authorization: Bearer …`. Components read it through useSyncExternalStore.
 */
import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'newsgraph.editorCredential';
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (privacy settings): the credential then lives as long as the page.
    return memory;
  }
}

let memory: string | null = null;

function write(value: string | null): void {
  memory = value;
  try {
    if (value === null) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Kept in memory only (see read).
  }
  for (const listener of listeners) listener();
}

/** Accepts the key or JWT alone or pasted with its `Bearer ` prefix. */
export function normalizeCredential(input: string): string {
  return input.trim().replace(/^Bearer\s+/i, '');
}

export const saveCredential = (credential: string) => write(normalizeCredential(credential));
export const forgetCredential = () => write(null);

export function useEditorCredential(): string | null {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, read);
}

/** Apollo operation context that sends the credential (HttpLink merges `headers`). */
export const withCredential = (credential: string) => ({ headers: { authorization: `Bearer ${credential}` } });
