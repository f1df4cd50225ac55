/**
 * The floor's handlers: for each benchmark scenario (by operation name), the MongoDB commands
 * newsgraph sends for it, and the response data built from their results — the cost of the data
 * access alone, with no GraphQL. Simple reads are written by hand; reads whose commands come from
 * newsgraph's query builders (segmented SAID_ON pages, per-parent pages, keyset search, the search
 * vocabulary) call those same repository functions, so they cannot drift from newsgraph's. tests/api/bench-floor.test.ts checks, with
 * command monitoring, that they send exactly newsgraph's commands; the runner checks that the
 * bodies are byte-identical to newsgraph's (ids of created statements aside).
 *
 * Each read is split in two: sending the commands (`floorReads`, done on every request) and
 * building the data from their results (the function it resolves with). The floor server builds
 * and serialises a read's answer once per request body and then writes those bytes, so the floor
 * is the database work and the HTTP exchange alone.
 */
import { type Collection, type Db, type Document, ObjectId } from 'mongodb';
import { atomicWrites } from '../src/db/atomic-writes.js';
import { collections } from '../src/db/collections.js';
import { addSearchTerms, searchedWords } from '../src/db/search-terms.js';
import { countIn } from '../src/db/statement-tallies.js';
import { relatedConnections } from '../src/repositories/related-connections.js';
import { searchRepository } from '../src/repositories/search.js';
import { statementFilter, statementRepository, statementSort } from '../src/repositories/statements.js';

export type FloorHandler = (variables: Record<string, unknown>) => Promise<unknown>;
/** Sends a scenario's commands; resolves with the function that builds its answer from their results. */
export type FloorRead = (variables: Record<string, unknown>) => Promise<() => unknown>;

const gid = (type: string, id: ObjectId) => Buffer.from(`${type}:${id.toHexString()}`).toString('base64');
const byId = (docs: Document[]) => new Map(docs.map((d) => [(d._id as ObjectId).toHexString(), d]));

/** Writes go out as newsgraph's do: majority, journaled. */
const WRITE_CONCERN = { w: 'majority', j: true } as const;
/** Readers see confirmed statements only (curated ones carry no status): the same filter newsgraph adds. */
const CONFIRMED = { status: { $nin: ['PENDING', 'REJECTED'] } };

/** `actor` is the name of the API key newsgraph's writes are attributed to (createdBy, updatedBy). */
export function floorReads(db: Db, { actor = 'bench' }: { actor?: string } = {}): Record<string, FloorRead> {
  const articles = db.collection('articles');
  const people = db.collection('people');
  const statements = db.collection('statements');
  const exchanges = db.collection('exchanges');
  // Mutations run as newsgraph runs them: in a transaction where the deployment has them.
  const written = collections(db.client.db(db.databaseName, { writeConcern: WRITE_CONCERN }));
  const atomically = atomicWrites(db.client, written, WRITE_CONCERN);
  // Reads whose commands newsgraph builds with non-trivial query builders (segmented SAID_ON order,
  // keyset search with completions) go through newsgraph's own repository functions, so the floor
  // sends the very commands newsgraph does and cannot drift from them.
  const readable = collections(db);
  const statementList = statementRepository(readable);
  const searching = searchRepository(readable);

  return {
    async ArticleReader({ slug, n }) {
      const article = await articles.findOne({ slug });
      if (!article) return () => ({ article: null });
      const size = Number(n);
      const [page, linked] = await Promise.all([
        statements
          .aggregate(
            [
              { $match: { $and: [{ articleId: article._id }, CONFIRMED] } },
              { $sort: { paragraphIndex: 1, _id: 1 } },
              { $limit: size + 1 },
              { $addFields: { __parent: { $literal: article._id } } },
            ],
            { batchSize: size + 1 },
          )
          .toArray(),
        exchanges
          .find({ articleIds: { $in: [article._id] } })
          .sort({ date: -1, _id: -1 })
          .toArray(),
      ]);
      const docs = page.slice(0, size);
      // Speakers and released people in one read, as newsgraph's person loader batches them: its
      // batch waits until neither the statements' read nor the exchanges' is out (batch-schedule.ts).
      const personIds = [
        ...new Map<string, ObjectId>([
          ...docs.map((s): [string, ObjectId] => [(s.speakerId as ObjectId).toHexString(), s.speakerId as ObjectId]),
          ...linked.flatMap((x) =>
            x.releases.map((r: Document): [string, ObjectId] => [(r.personId as ObjectId).toHexString(), r.personId as ObjectId]),
          ),
        ]).values(),
      ];
      const persons = byId(
        personIds.length ? await people.find({ _id: { $in: personIds } }, { batchSize: personIds.length }).toArray() : [],
      );
      return () => ({
        article: {
          headline: article.headline,
          publishedAt: (article.publishedAt as Date).toISOString(),
          paragraphs: article.paragraphs.map((p: Document) => ({ index: p.index, text: p.text })),
          statements: {
            nodes: docs.map((s) => {
              const speaker = persons.get((s.speakerId as ObjectId).toHexString());
              return {
                text: s.text,
                kind: s.kind,
                saidOn: s.saidOn,
                speaker: speaker ? { name: speaker.name, roles: speaker.roles.map((r: Document) => ({ title: r.title })) } : null,
              };
            }),
          },
          exchanges: linked.map((x) => ({
            date: x.date,
            releases: x.releases.map((r: Document) => {
              const person = persons.get((r.personId as ObjectId).toHexString());
              return { releasedBy: r.releasedBy, releasedTo: r.releasedTo, person: person ? { name: person.name } : null };
            }),
          })),
        },
      });
    },

    async PeoplePage({ n }) {
      const size = Number(n);
      const [page, total] = await Promise.all([
        people
          .find({})
          .sort({ name: 1, _id: 1 })
          .limit(size + 1)
          .batchSize(size + 1)
          .toArray(),
        people.estimatedDocumentCount(),
      ]);
      const docs = page.slice(0, size);
      const ids = docs.map((p) => p._id);
      // A person's first statement in newsgraph's default order, counted in the same round trip.
      const connections = await relatedConnections(
        readable.statements,
        { parentField: 'speakerId', many: false },
        ids,
        statementFilter(null),
        statementSort(null),
        { first: 1 },
        true,
      );
      const counts = new Map(
        await Promise.all(ids.map(async (id) => [id.toHexString(), await connections.get(id.toHexString())?.totalCount()] as const)),
      );
      return () => ({
        people: {
          totalCount: total,
          nodes: docs.map((p) => ({
            name: p.name,
            slug: p.slug,
            nationalities: p.nationalities,
            roles: p.roles.map((r: Document) => ({ title: r.title, organization: r.organization })),
            statements: { totalCount: counts.get(p._id.toHexString()) ?? 0 },
          })),
        },
      });
    },

    async ByNationality({ n }) {
      const size = Number(n);
      const { nodes: docs } = await statementList.list(
        { speakerNationality: 'RU' },
        { field: 'SAID_ON', direction: 'DESC' },
        { first: size },
      );
      const speakerIds = [...new Map(docs.map((s) => [(s.speakerId as ObjectId).toHexString(), s.speakerId as ObjectId])).values()];
      const speakers = byId(await people.find({ _id: { $in: speakerIds } }, { batchSize: speakerIds.length }).toArray());
      return () => ({
        statements: {
          nodes: docs.map((s) => ({
            text: s.text,
            saidOn: s.saidOn,
            speaker: { name: speakers.get((s.speakerId as ObjectId).toHexString())?.name },
          })),
        },
      });
    },

    async Search({ n }) {
      const size = Number(n);
      // With the field each type shows, which is all newsgraph reads of it (besides _id and the score).
      const shown = { Article: 'headline', Person: 'name', Statement: 'text', Exchange: 'slug' } as const;
      const result = await searching.search(
        'ceasefire summit',
        null,
        { first: size },
        {
          Article: ['_id', shown.Article],
          Person: ['_id', shown.Person],
          Statement: ['_id', shown.Statement],
          Exchange: ['_id', shown.Exchange],
        },
      );
      const total = await result.totalCount();
      return () => ({
        search: {
          totalCount: total,
          edges: result.edges.map((hit) => {
            const field = shown[hit.type as keyof typeof shown];
            return { score: hit.score, node: { __typename: hit.type, [field]: (hit.node as Document)[field] } };
          }),
        },
      });
    },

    async NodeById({ id }) {
      const [, hex] = Buffer.from(String(id), 'base64').toString('utf8').split(':');
      const [person] = await people.find({ _id: { $in: [new ObjectId(hex)] } }, { batchSize: 1 }).toArray();
      return () => ({
        node: person
          ? {
              id: gid('Person', person._id),
              name: person.name,
              nationalities: person.nationalities,
              roles: person.roles.map((r: Document) => ({ title: r.title })),
            }
          : null,
      });
    },

    async StatementStats({ n }) {
      const size = Number(n);
      // Read from the statement tallies, as newsgraph reads this grouping (src/stats/tally-query.ts).
      const groups = await db
        .collection('statementTallies')
        .aggregate(
          [
            { $match: { grouping: 'SPEAKER,CHANNEL', status: 'CONFIRMED', speakerNationalities: 'RU' } },
            { $sort: { count: -1, speakerId: 1, channel: 1 } },
            { $limit: size },
          ],
          { batchSize: size },
        )
        .toArray();
      const speakerIds = [...new Map(groups.map((g) => [(g.speakerId as ObjectId).toHexString(), g.speakerId as ObjectId])).values()];
      const speakers = byId(await people.find({ _id: { $in: speakerIds } }, { batchSize: speakerIds.length }).toArray());
      return () => ({
        statementStats: groups.map((g) => ({
          speaker: { name: speakers.get((g.speakerId as ObjectId).toHexString())?.name },
          channel: g.channel ?? null,
          count: g.count,
          earliestSaidOn: g.earliest ?? null,
          latestSaidOn: g.latest ?? null,
        })),
      });
    },

    async Timeline({ n }) {
      const size = Number(n);
      // Each source's first size + 1 events, merged by (time, source rank, id).
      const read = (collection: typeof statements, filter: Document, field: string) =>
        collection
          .find(filter)
          .sort({ [field]: 1, _id: 1 })
          .limit(size + 1)
          .batchSize(size + 1)
          .toArray();
      const [said, swapped, published] = await Promise.all([
        read(statements, { $and: [CONFIRMED, { saidOn: { $ne: null } }] }, 'saidOn'),
        read(exchanges, {}, 'date'),
        read(articles, {}, 'publishedAt'),
      ]);
      const midnight = (day: string) => Date.parse(`${day}T00:00:00.000Z`);
      const events = [
        ...said.map((doc) => ({ doc, time: midnight(doc.saidOn), rank: 0, date: doc.saidOn as string, precision: doc.saidOnPrecision })),
        ...swapped.map((doc) => ({ doc, time: midnight(doc.date), rank: 1, date: doc.date as string, precision: 'DAY' })),
        ...published.map((doc) => ({
          doc,
          time: (doc.publishedAt as Date).getTime(),
          rank: 2,
          date: (doc.publishedAt as Date).toISOString().slice(0, 10),
          precision: 'DAY',
        })),
      ];
      const hex = (doc: Document) => (doc._id as ObjectId).toHexString();
      events.sort((a, b) => a.time - b.time || a.rank - b.rank || (hex(a.doc) < hex(b.doc) ? -1 : hex(a.doc) > hex(b.doc) ? 1 : 0));
      const page = events.slice(0, size);
      const speakerIds = [
        ...new Map(
          page.filter((e) => e.rank === 0).map((e) => [(e.doc.speakerId as ObjectId).toHexString(), e.doc.speakerId as ObjectId]),
        ).values(),
      ];
      const speakers = byId(
        speakerIds.length ? await people.find({ _id: { $in: speakerIds } }, { batchSize: speakerIds.length }).toArray() : [],
      );
      const node = ({ doc, rank }: (typeof page)[number]) => {
        if (rank === 0)
          return {
            __typename: 'Statement',
            text: doc.text,
            speaker: { name: speakers.get((doc.speakerId as ObjectId).toHexString())?.name },
          };
        if (rank === 1) return { __typename: 'Exchange', slug: doc.slug };
        return { __typename: 'Article', headline: doc.headline };
      };
      return () => ({ timeline: { edges: page.map((e) => ({ date: e.date, precision: e.precision, node: node(e) })) } });
    },

    async Create({ input }) {
      const data = input as Record<string, unknown> & { evidence: Array<{ paragraphIndex: number; excerpt: string }> };
      const hex = (value: unknown) => new ObjectId(Buffer.from(String(value), 'base64').toString('utf8').split(':')[1]);
      const speakerId = hex(data.speakerId);
      const articleId = hex(data.articleId);
      const created = await atomically(async (c) => {
        const speaker = await c.people.findOne({ _id: speakerId }, { projection: { nationalities: 1 } });
        if (!speaker) throw new Error('no such speaker');
        await c.articles.find({ _id: { $in: [articleId] } }, { projection: { _id: 1 } }).toArray();
        const [article] = await c.articles.find({ _id: { $in: [articleId] } }).toArray();
        const paragraph = article.paragraphs.find((p: Document) => p.index === data.evidence[0].paragraphIndex);
        if (!paragraph?.text.includes(data.evidence[0].excerpt)) throw new Error('evidence mismatch');
        const id = new ObjectId();
        const now = new Date();
        const doc = {
          _id: id,
          slug: `statement-${id.toHexString()}`,
          text: data.text,
          kind: data.kind,
          speakerId,
          speakerNationalities: speaker.nationalities,
          articleId,
          paragraphIndex: data.evidence[0].paragraphIndex,
          channel: null,
          saidOn: null,
          saidOnPrecision: null,
          aboutIds: [],
          context: null,
          evidence: [{ articleId, paragraphIndex: data.evidence[0].paragraphIndex, excerpt: data.evidence[0].excerpt }],
          version: 1,
          createdAt: now,
          updatedAt: now,
          createdBy: actor,
          updatedBy: actor,
        };
        await (c.statements as unknown as Collection<Document>).insertOne(doc);
        return doc;
      });
      // Counted in after the commit, as newsgraph counts a new statement in.
      await countIn(written.statementTallies, [created as never]);
      // New words become search completions, outside the transaction, as newsgraph adds them.
      await addSearchTerms(written.searchTerms, searchedWords('statements', created));
      await articles.find({ _id: { $in: [articleId] } }, { batchSize: 1 }).toArray();
      const _id = created._id;
      return () => ({
        createStatement: {
          statement: { id: gid('Statement', _id), text: data.text, verification: { status: 'NOT_APPLICABLE' } },
          userErrors: [],
        },
      });
    },
  };
}

/** Each read sent and its answer built at once: what the floor's checks and in-process layers call. */
export function floorHandlers(db: Db, options: { actor?: string } = {}): Record<string, FloorHandler> {
  return Object.fromEntries(
    Object.entries(floorReads(db, options)).map(([name, read]) => [name, async (variables) => (await read(variables))()]),
  );
}

/** The handler (or read) for a request's query text, by its operation name. */
export function floorHandlerFor<T>(handlers: Record<string, T>, query: string | undefined): T {
  const name = /(?:query|mutation)\s+(\w+)/.exec(query ?? '')?.[1] ?? '';
  const handler = handlers[name];
  if (!handler) throw new Error(`no floor handler for ${name}`);
  return handler;
}
