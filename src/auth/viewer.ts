/** Who is calling. Reads are public; mutations need an `editor` or `admin`. */
export type Role = 'reader' | 'editor' | 'admin';

export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'rejected'; reason: 'malformed' | 'unknown' | 'expired' | 'invalid' }
  | { kind: 'user'; name: string; role: Role };

export const ROLES: readonly Role[] = ['reader', 'editor', 'admin'];
