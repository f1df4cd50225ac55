/**
 * Writes that touch several documents run in one transaction where the deployment has them and as
 * today's ordered steps on a standalone (cascade deletes, ingests) — tested on the embedded server in both modes (a
 * MONGODB_URI deployment runs both describes as what it is). On a replica set, a cascade delete's
 * changes reach a change stream as one commit: one cluster time, one transaction number.
 */
import { readFileSync } from 'node:fs';
import type { ChangeStreamDocument, Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDeployment } from '../../src/db/deployment.js';
import { readCorpusFile } from '../../src/ingest/extraction/article-text.js';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';

const DELETE = 'mutation($input: DeleteInput!) { deletePerson(input: $input) { deletedId cascadedIds userErrors { code } } }';

for (const topology of ['replica-set', 'standalone'] as const) {
  describe(`multi-document writes on a ${topology}`, () => {
    let api: ApiHarness;
    let transactions: boolean;
    beforeAll(async () => {
      api = await startApi({ topology });
      transactions = (await detectDeployment(api.database.client)).transactions;
    });
    afterAll(() => api.stop());

    async function peskovId(): Promise<string> {
      const { data } = await api.query<{ person: { id: string } }>('{ person(slug: "dmitry-peskov") { id } }');
      return data?.person.id ?? '';
    }

    it('detects what the deployment supports from hello', async () => {
      const deployment = await detectDeployment(api.database.client);
      const hello = await api.database.client.db('admin').command({ hello: 1 });
      expect(deployment.topology).toBe(typeof hello.setName === 'string' ? 'replica-set' : 'standalone');
      if (!process.env.MONGODB_URI && !process.env.TEST_DB) expect(deployment.topology).toBe(topology);
    });

    it('cascades a delete in one transaction where supported, else as ordered steps', async () => {
      const id = await peskovId();
      const events: Array<ChangeStreamDocument & Document> = [];
      const stream = transactions ? api.db.watch<Document, ChangeStreamDocument & Document>() : undefined;
      await stream?.tryNext();
      api.resetCommands();
      const result = await api.query<{ deletePerson: { cascadedIds: string[]; userErrors: unknown[] } }>(
        DELETE,
        { input: { id, cascade: true } },
        bearer(TEST_KEYS.editor),
      );
      expect(result.data?.deletePerson.userErrors).toEqual([]);
      expect(result.data?.deletePerson.cascadedIds).toHaveLength(3);
      expect(await api.db.collection('statements').countDocuments({})).toBe(9);
      const writes = api.commands.filter((c) => ['update', 'delete'].includes(c.commandName));
      const commits = api.commands.filter((c) => c.commandName === 'commitTransaction');
      if (transactions) {
        for (const write of writes) expect(write.command.autocommit).toBe(false);
        expect(commits).toHaveLength(1);
        while (!events.some((e) => e.operationType === 'delete' && e.ns.coll === 'people')) if (stream) events.push(await stream.next());
        // All of the cascade is one commit: one cluster time and one transaction for every event.
        expect(new Set(events.map((e) => String(e.clusterTime))).size).toBe(1);
        expect(new Set(events.map((e) => String(e.txnNumber))).size).toBe(1);
        expect(events.filter((e) => e.operationType === 'delete').length).toBe(4);
      } else {
        for (const write of writes) expect(write.command.autocommit).toBeUndefined();
        expect(commits).toHaveLength(0);
      }
      await stream?.close();
    });

    it('ingests an article with its people and statements in one transaction where supported', async () => {
      const input = readCorpusFile(readFileSync('corpus/004_kellogg-berlin-zones-remark.txt'));
      api.resetCommands();
      const result = await api.query<{ ingestArticle: { statements: unknown[]; userErrors: unknown[] } }>(
        'mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { statements { id } userErrors { code } } }',
        { input },
        bearer(TEST_KEYS.editor),
      );
      expect(result.data?.ingestArticle.userErrors).toEqual([]);
      expect(result.data?.ingestArticle.statements.length).toBeGreaterThan(0);
      // The search vocabulary is a derived cache written after the commit (an unordered insert that
      // tolerates duplicates, which a transaction would abort on): not part of the ingest's unit.
      const writes = api.commands.filter((c) => ['insert', 'update'].includes(c.commandName) && c.command.insert !== 'searchTerms');
      const commits = api.commands.filter((c) => c.commandName === 'commitTransaction');
      expect(writes.length).toBeGreaterThan(0);
      if (transactions) {
        for (const write of writes) expect(write.command.autocommit).toBe(false);
        expect(commits).toHaveLength(1);
      } else {
        for (const write of writes) expect(write.command.autocommit).toBeUndefined();
        expect(commits).toHaveLength(0);
      }
    });

    it('changes nothing when a cascaded delete is refused', async () => {
      const { data } = await api.query<{ article: { id: string } }>(
        '{ article(slug: "trump-tells-russia-to-get-moving-as-witkoff-meets-putin") { id } }',
      );
      const before = await api.db.collection('statements').countDocuments({});
      const refused = await api.query<{ deletePerson: { userErrors: Array<{ code: string }> } }>(
        DELETE,
        { input: { id: data?.article.id ?? '', cascade: true } },
        bearer(TEST_KEYS.editor),
      );
      expect(refused.data?.deletePerson.userErrors[0]?.code).toBeDefined();
      expect(await api.db.collection('statements').countDocuments({})).toBe(before);
    });
  });
}
