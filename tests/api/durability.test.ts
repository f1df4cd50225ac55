/**
 * Acknowledged mutations survive `kill -9` of the API process when the embedded database has a
 * data directory (the API hosts the embedded server in-process, so the kill takes both down).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killHard, spawnApi } from '../helpers/child-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'newsgraph-api-'));
const KEY = 'durability-editor-key-0123456789';
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const startApiProcess = () =>
  spawnApi({ DATA_DIR: dataDir, NEWSGRAPH_API_KEYS: `durable:editor:${KEY}`, MONGODB_URI: '', NEWSGRAPH_DB: '' });

async function post(url: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, { userErrors?: unknown[]; person?: { id: string } }> };
}

describe('durability of mutations', () => {
  it('keeps every acknowledged mutation across kill -9 and restart', async () => {
    const first = await startApiProcess();
    const created: string[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const result = await post(
          first.url,
          'mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } userErrors { code } } }',
          {
            input: { slug: `durable-${i}`, name: `Durable ${i}` },
          },
        );
        expect(result.data?.createPerson.userErrors).toEqual([]);
        created.push(result.data?.createPerson.person?.id ?? '');
      }
      const edit = await post(first.url, 'mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { userErrors { code } } }', {
        input: { id: created[0], expectedVersion: 1, description: 'edited before the crash' },
      });
      expect(edit.data?.updatePerson.userErrors).toEqual([]);
    } finally {
      await killHard(first.child);
    }

    const second = await startApiProcess();
    try {
      const after = await post(
        second.url,
        '{ people(first: 100, filter: { name: "Durable" }) { totalCount } person(slug: "durable-0") { description version } }',
      );
      expect(after.data).toEqual({ people: { totalCount: 20 }, person: { description: 'edited before the crash', version: 2 } });
    } finally {
      await killHard(second.child);
    }
  });
});
