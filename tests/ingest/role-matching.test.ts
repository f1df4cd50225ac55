/** Role matching: which known person a role reference ("the Kremlin spokesman") can name. */
import { describe, expect, it } from 'vitest';
import { holdsRole } from '../../src/ingest/ingestion/role-matching.js';

const role = (title: string, organization: string | null = null, country: string | null = null) => ({
  roles: [{ title, organization, country, evidence: [] }],
});

describe('holdsRole', () => {
  it('matches every word of the reference across title, organisation and country, the head in the title', () => {
    expect(holdsRole(role('Spokesman', 'Kremlin', 'RU'), 'Kremlin spokesman')).toBe(true);
    expect(holdsRole(role('Kremlin spokesman'), 'the Kremlin spokesman')).toBe(true);
    expect(holdsRole(role('Foreign Minister', null, 'Turkey'), 'foreign minister')).toBe(true);
  });

  it('refuses another organisation, another head, or the head only outside the title', () => {
    expect(holdsRole(role('Spokesman', 'White House'), 'Kremlin spokesman')).toBe(false);
    expect(holdsRole(role('Press secretary', 'Kremlin'), 'Kremlin spokesman')).toBe(false);
    expect(holdsRole(role('Adviser', 'Spokesman Office'), 'spokesman')).toBe(false);
    expect(holdsRole(role('President'), '')).toBe(false);
  });
});
