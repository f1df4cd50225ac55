/**
 * The floor's handlers: for each benchmark scenario (by operation name), the MongoDB commands
 * newsgraph sends for it, written by hand, and the response data built from their results — the
 * cost of the data access alone, with no GraphQL. tests/api/bench-floor.test.ts checks, with
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

export type FloorHandler = (variables: Record<string, unknown>) => Promise<unknown>;
/** Sends a scenario's commands; resolves with the function that builds its answer from their results. */
export type FloorRead = (variables: Record<string, unknown>) => Promise<() => unknown>;

const gid = (type: string, id: ObjectId) => Buffer.from(`${type}:${id.toHexString()}`).toString('base64');
const byId = (docs: Document[]) => new Map(docs.map((d) => [(d._id as ObjectId).toHexString(), d]));

/** Writes go out as newsgraph's do: majority, journaled. */
const WRITE_CONCERN = { w: 'majority', j: true } as const;

/** `actor` is the name of the API key newsgraph's writes are attributed to (createdBy, updatedBy). */
export function floorReads(db: Db, { actor = 'bench' }: { actor?: string } = {}): Record<string, FloorRead> {
  const articles = db.collection('articles');
  const people = db.collection('people');
  const statements = db.collection('statements');
  const exchanges = db.collection('exchanges');
  // Mutations run as newsgraph runs them: in a transaction where the deployment has them.
  const atomically = atomicWrites(db.client, collections(db.client.db(db.databaseName, { writeConcern: WRITE_CONCERN })), WRITE_CONCERN);

  return {
    async ArticleReader({ slug, n }) {
      const article = await articles.findOne({ slug });
      if (!article) return () => ({ article: null });
      const size = Number(n);
      const [page, linked] = await Promise.all([
        statements
          .aggregate(
            [
              { $match: { articleId: article._id } },
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
      const speakerIds = [...new Map(docs.map((s) => [(s.speakerId as ObjectId).toHexString(), s.speakerId as ObjectId])).values()];
      const speakers = byId(await people.find({ _id: { $in: speakerIds } }, { batchSize: speakerIds.length }).toArray());
      const releasedIds = [
        ...new Map<string, ObjectId>(
          linked.flatMap((x) => x.releases.map((r: Document) => [(r.personId as ObjectId).toHexString(), r.personId as ObjectId])),
        ).values(),
      ];
      const released = byId(
        releasedIds.length ? await people.find({ _id: { $in: releasedIds } }, { batchSize: releasedIds.length }).toArray() : [],
      );
      return () => ({
        article: {
          headline: article.headline,
          publishedAt: (article.publishedAt as Date).toISOString(),
          paragraphs: article.paragraphs.map((p: Document) => ({ index: p.index, text: p.text })),
          statements: {
            nodes: docs.map((s) => {
              const speaker = speakers.get((s.speakerId as ObjectId).toHexString());
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
              const person = released.get((r.personId as ObjectId).toHexString());
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
      const branch = (id: ObjectId) => [
        { $match: { speakerId: id } },
        { $sort: { saidOn: 1, _id: 1 } },
        { $limit: 2 },
        { $addFields: { __parent: { $literal: id } } },
      ];
      const [, counts] = await Promise.all([
        statements
          .aggregate([...branch(ids[0]), ...ids.slice(1).map((id) => ({ $unionWith: { coll: 'statements', pipeline: branch(id) } }))], {
            batchSize: ids.length * 2,
          })
          .toArray(),
        statements.aggregate([{ $match: { speakerId: { $in: ids } } }, { $group: { _id: '$speakerId', n: { $sum: 1 } } }]).toArray(),
      ]);
      const countBy = new Map(counts.map((c) => [(c._id as ObjectId).toHexString(), c.n as number]));
      return () => ({
        people: {
          totalCount: total,
          nodes: docs.map((p) => ({
            name: p.name,
            slug: p.slug,
            nationalities: p.nationalities,
            roles: p.roles.map((r: Document) => ({ title: r.title, organization: r.organization })),
            statements: { totalCount: countBy.get(p._id.toHexString()) ?? 0 },
          })),
        },
      });
    },

    async ByNationality({ n }) {
      const size = Number(n);
      const page = await statements
        .find({ speakerNationalities: 'RU' })
        .sort({ saidOn: -1, _id: -1 })
        .limit(size + 1)
        .batchSize(size + 1)
        .toArray();
      const docs = page.slice(0, size);
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
      const query = 'ceasefire summit';
      // With the field each type shows, which is all newsgraph reads of it (besides _id and the score).
      const sources: Array<[string, typeof articles, string]> = [
        ['Article', articles, 'headline'],
        ['Person', people, 'name'],
        ['Statement', statements, 'text'],
        ['Exchange', exchanges, 'slug'],
      ];
      const needed = size + 1;
      const [perType, counts] = await Promise.all([
        Promise.all(
          sources.map(async ([type, collection, shown]) => {
            const projection = { _id: 1, [shown]: 1, __score: { $meta: 'textScore' } };
            const docs = await collection
              .find({ $text: { $search: query } }, { projection })
              .sort({ __score: { $meta: 'textScore' } })
              .limit(needed)
              .batchSize(needed)
              .toArray();
            return docs.map(({ __score, ...node }) => ({
              score: Number(__score),
              node,
              type,
              shown,
              hex: (node._id as ObjectId).toHexString(),
            }));
          }),
        ),
        Promise.all(sources.map(([, collection]) => collection.countDocuments({ $text: { $search: query } }))),
      ]);
      const ranked = perType.flat().sort((a, b) => b.score - a.score || (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0));
      return () => ({
        search: {
          totalCount: counts.reduce((sum, n) => sum + n, 0),
          edges: ranked
            .slice(0, size)
            .map((hit) => ({ score: hit.score, node: { __typename: hit.type, [hit.shown]: hit.node[hit.shown] } })),
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
      const groups = await statements
        .aggregate(
          [
            { $match: { speakerNationalities: 'RU' } },
            {
              $group: {
                _id: { speakerId: '$speakerId', channel: { $ifNull: ['$channel', null] } },
                count: { $sum: 1 },
                earliest: { $min: '$saidOn' },
                latest: { $max: '$saidOn' },
              },
            },
            { $sort: { count: -1, '_id.speakerId': 1, '_id.channel': 1 } },
            { $limit: size },
          ],
          { batchSize: size },
        )
        .toArray();
      const speakerIds = [
        ...new Map(groups.map((g) => [(g._id.speakerId as ObjectId).toHexString(), g._id.speakerId as ObjectId])).values(),
      ];
      const speakers = byId(await people.find({ _id: { $in: speakerIds } }, { batchSize: speakerIds.length }).toArray());
      return () => ({
        statementStats: groups.map((g) => ({
          speaker: { name: speakers.get((g._id.speakerId as ObjectId).toHexString())?.name },
          channel: g._id.channel ?? null,
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
        read(statements, { saidOn: { $ne: null } }, 'saidOn'),
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
      const _id = await atomically(async (c) => {
        const speaker = await c.people.findOne({ _id: speakerId }, { projection: { nationalities: 1 } });
        if (!speaker) throw new Error('no such speaker');
        await c.articles.find({ _id: { $in: [articleId] } }, { projection: { _id: 1 } }).toArray();
        const [article] = await c.articles.find({ _id: { $in: [articleId] } }).toArray();
        const paragraph = article.paragraphs.find((p: Document) => p.index === data.evidence[0].paragraphIndex);
        if (!paragraph?.text.includes(data.evidence[0].excerpt)) throw new Error('evidence mismatch');
        const id = new ObjectId();
        const now = new Date();
        await (c.statements as unknown as Collection<Document>).insertOne({
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
        });
        return id;
      });
      await articles.find({ _id: { $in: [articleId] } }, { batchSize: 1 }).toArray();
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
