/**
 * The floor's handlers: for each benchmark scenario (by operation name), the MongoDB commands
 * newsgraph sends for it, written by hand, and the response data built from their results — the
 * cost of the data access alone, with no GraphQL. tests/api/bench-floor.test.ts checks, with
 * command monitoring, that they send exactly newsgraph's commands; the runner checks that the
 * bodies are byte-identical to newsgraph's (ids of created statements aside).
 */
import { type Db, type Document, ObjectId } from 'mongodb';

export type FloorHandler = (variables: Record<string, unknown>) => Promise<unknown>;

const gid = (type: string, id: ObjectId) => Buffer.from(`${type}:${id.toHexString()}`).toString('base64');
const byId = (docs: Document[]) => new Map(docs.map((d) => [(d._id as ObjectId).toHexString(), d]));

/** Writes go out as newsgraph's do: majority, journaled. */
const WRITE_CONCERN = { w: 'majority', j: true } as const;
/** Readers see confirmed statements only (curated ones carry no status): the same filter newsgraph adds. */
const CONFIRMED = { status: { $nin: ['PENDING', 'REJECTED'] } };

/** `actor` is the name of the API key newsgraph's writes are attributed to (createdBy, updatedBy). */
export function floorHandlers(db: Db, { actor = 'bench' }: { actor?: string } = {}): Record<string, FloorHandler> {
  const articles = db.collection('articles');
  const people = db.collection('people');
  const statements = db.collection('statements');
  const statementWrites = db.collection('statements', { writeConcern: WRITE_CONCERN });
  const exchanges = db.collection('exchanges');

  return {
    async ArticleReader({ slug, n }) {
      const article = await articles.findOne({ slug });
      if (!article) return { article: null };
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
      return {
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
      };
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
        { $match: { $and: [{ speakerId: id }, CONFIRMED] } },
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
        statements
          .aggregate([{ $match: { $and: [{ speakerId: { $in: ids } }, CONFIRMED] } }, { $group: { _id: '$speakerId', n: { $sum: 1 } } }])
          .toArray(),
      ]);
      const countBy = new Map(counts.map((c) => [(c._id as ObjectId).toHexString(), c.n as number]));
      return {
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
      };
    },

    async ByNationality({ n }) {
      const size = Number(n);
      const page = await statements
        .find({ ...CONFIRMED, speakerNationalities: 'RU' })
        .sort({ saidOn: -1, _id: -1 })
        .limit(size + 1)
        .batchSize(size + 1)
        .toArray();
      const docs = page.slice(0, size);
      const speakerIds = [...new Map(docs.map((s) => [(s.speakerId as ObjectId).toHexString(), s.speakerId as ObjectId])).values()];
      const speakers = byId(await people.find({ _id: { $in: speakerIds } }, { batchSize: speakerIds.length }).toArray());
      return {
        statements: {
          nodes: docs.map((s) => ({
            text: s.text,
            saidOn: s.saidOn,
            speaker: { name: speakers.get((s.speakerId as ObjectId).toHexString())?.name },
          })),
        },
      };
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
              .find({ $text: { $search: query }, ...(type === 'Statement' ? CONFIRMED : {}) }, { projection })
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
      return {
        search: {
          totalCount: counts.reduce((sum, n) => sum + n, 0),
          edges: ranked
            .slice(0, size)
            .map((hit) => ({ score: hit.score, node: { __typename: hit.type, [hit.shown]: hit.node[hit.shown] } })),
        },
      };
    },

    async NodeById({ id }) {
      const [, hex] = Buffer.from(String(id), 'base64').toString('utf8').split(':');
      const [person] = await people.find({ _id: { $in: [new ObjectId(hex)] } }, { batchSize: 1 }).toArray();
      return {
        node: person
          ? {
              id: gid('Person', person._id),
              name: person.name,
              nationalities: person.nationalities,
              roles: person.roles.map((r: Document) => ({ title: r.title })),
            }
          : null,
      };
    },

    async Create({ input }) {
      const data = input as Record<string, unknown> & { evidence: Array<{ paragraphIndex: number; excerpt: string }> };
      const hex = (value: unknown) => new ObjectId(Buffer.from(String(value), 'base64').toString('utf8').split(':')[1]);
      const speakerId = hex(data.speakerId);
      const articleId = hex(data.articleId);
      const speaker = await people.findOne({ _id: speakerId }, { projection: { nationalities: 1 } });
      if (!speaker) throw new Error('no such speaker');
      await articles.find({ _id: { $in: [articleId] } }, { projection: { _id: 1 } }).toArray();
      const [article] = await articles.find({ _id: { $in: [articleId] } }).toArray();
      const paragraph = article.paragraphs.find((p: Document) => p.index === data.evidence[0].paragraphIndex);
      if (!paragraph?.text.includes(data.evidence[0].excerpt)) throw new Error('evidence mismatch');
      const _id = new ObjectId();
      const now = new Date();
      await statementWrites.insertOne({
        _id,
        slug: `statement-${_id.toHexString()}`,
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
      await articles.find({ _id: { $in: [articleId] } }, { batchSize: 1 }).toArray();
      return {
        createStatement: {
          statement: { id: gid('Statement', _id), text: data.text, verification: { status: 'NOT_APPLICABLE' } },
          userErrors: [],
        },
      };
    },
  };
}

/** The handler for a request's query text, by its operation name. */
export function floorHandlerFor(handlers: Record<string, FloorHandler>, query: string | undefined): FloorHandler {
  const name = /(?:query|mutation)\s+(\w+)/.exec(query ?? '')?.[1] ?? '';
  const handler = handlers[name];
  if (!handler) throw new Error(`no floor handler for ${name}`);
  return handler;
}
