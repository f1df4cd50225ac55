/**
 * Statement tallies: the counts behind `statementStats` for the groupings by speaker, kept in step
 * by every statement write. Counting 12,000 statements per request grows with the data; reading
 * the first n tallies in count order through an index does not. One tally per review state,
 * speaker and (for the paired groupings) channel, kind or month said; the speaker's nationalities
 * ride along so the nationality filter is a condition on the tally, as it is on the statement.
 *
 * A new statement is counted in where it belongs; any other write recomputes the tallies of the
 * speakers it touched from their statements (read through the speaker index), in the write's
 * transaction where the deployment has one.
 */
import type { Collection, Db, Filter, ObjectId } from 'mongodb';
import type { StatementDimension } from '../__generated__/resolvers-types.js';
import type { Collections } from './collections.js';
import type { ReviewStatus, StatementDocument, StatementKind } from './documents.js';

/** The groupings tallied: the speaker alone, and the speaker with one of the statement's own fields. */
export const TALLIED_GROUPINGS = [
  ['SPEAKER'],
  ['SPEAKER', 'CHANNEL'],
  ['SPEAKER', 'KIND'],
  ['SPEAKER', 'SAID_MONTH'],
] as const satisfies ReadonlyArray<readonly StatementDimension[]>;
type Grouping = (typeof TALLIED_GROUPINGS)[number];
type OtherDimension = 'CHANNEL' | 'KIND' | 'SAID_MONTH';

/** Each tallied dimension's field on a tally, named as in `StatementGroupRow`. */
export const TALLY_FIELD = { SPEAKER: 'speakerId', CHANNEL: 'channel', KIND: 'kind', SAID_MONTH: 'saidMonth' } as const;

export interface StatementTallyDocument {
  /** The grouping, review state and key values as JSON: one tally per group, whoever writes it. */
  _id: string;
  /** The grouping's dimensions joined by commas, e.g. `SPEAKER,CHANNEL`. */
  grouping: string;
  /** As readers see it: a statement without a status is CONFIRMED. */
  status: ReviewStatus;
  speakerId: ObjectId | null;
  speakerNationalities: string[];
  channel?: string | null;
  kind?: StatementKind;
  saidMonth?: string | null;
  count: number;
  /** The group's first and last `saidOn`; absent while none is dated, so that `$min` and `$max` can set them. */
  earliest?: string;
  latest?: string;
}

export const groupingName = (dimensions: readonly string[]) => dimensions.join(',');

/** The fields a tally needs from a statement. */
const TALLIED_FIELDS = { speakerId: 1, speakerNationalities: 1, status: 1, channel: 1, kind: 1, saidOn: 1 } as const;
type TalliedStatement = Pick<StatementDocument, 'speakerId' | 'speakerNationalities' | 'status' | 'channel' | 'kind' | 'saidOn'>;

/** A value as `$group` keys it: an absent or null channel is the null group, a month only for a dated statement. */
function keyValue(statement: TalliedStatement, dimension: OtherDimension): string | null {
  if (dimension === 'CHANNEL') return statement.channel ?? null;
  if (dimension === 'KIND') return statement.kind;
  return typeof statement.saidOn === 'string' ? statement.saidOn.slice(0, 7) : null;
}

type TallyKey = Omit<StatementTallyDocument, 'count' | 'earliest' | 'latest'>;

/** The tally each grouping counts `statement` in. */
function keysOf(statement: TalliedStatement): TallyKey[] {
  const status: ReviewStatus = statement.status ?? 'CONFIRMED';
  const speakerId = statement.speakerId ?? null;
  return (TALLIED_GROUPINGS as readonly Grouping[]).map((grouping) => {
    const other = grouping[1] as OtherDimension | undefined;
    const value = other ? keyValue(statement, other) : undefined;
    const name = groupingName(grouping);
    const _id = JSON.stringify([name, status, speakerId?.toHexString() ?? null, ...(other ? [value] : [])]);
    const key: TallyKey = { _id, grouping: name, status, speakerId, speakerNationalities: statement.speakerNationalities ?? [] };
    return other ? { ...key, [TALLY_FIELD[other]]: value } : key;
  });
}

const datedOn = (statement: TalliedStatement) => (typeof statement.saidOn === 'string' ? statement.saidOn : undefined);

/** Every tally of `statements`, computed as the `$group` of statement-stats.ts would. */
export function talliesOf(statements: Iterable<TalliedStatement>): StatementTallyDocument[] {
  const tallies = new Map<string, StatementTallyDocument>();
  for (const statement of statements) {
    const saidOn = datedOn(statement);
    for (const key of keysOf(statement)) {
      let tally = tallies.get(key._id);
      if (!tally) {
        tally = { ...key, count: 0 };
        tallies.set(key._id, tally);
      }
      tally.count++;
      if (saidOn !== undefined) {
        if (tally.earliest === undefined || saidOn < tally.earliest) tally.earliest = saidOn;
        if (tally.latest === undefined || saidOn > tally.latest) tally.latest = saidOn;
      }
    }
  }
  return [...tallies.values()];
}

/** A new statement counted in: one bulk write, whatever the speaker has said before. */
export async function tallyNewStatement(c: Collections, statement: TalliedStatement): Promise<void> {
  const saidOn = datedOn(statement);
  const dates = saidOn ? { $min: { earliest: saidOn }, $max: { latest: saidOn } } : {};
  await c.statementTallies.bulkWrite(
    keysOf(statement).map(({ _id, ...key }) => ({
      updateOne: { filter: { _id }, update: { $setOnInsert: key, $inc: { count: 1 }, ...dates }, upsert: true },
    })),
  );
}

/**
 * Recomputes the tallies of these speakers (null: the speakerless statements) from their
 * statements: one read, one bulk write. Each tally is replaced by its key, so two writers never
 * leave two tallies of one group; the speakers' tallies that no statement backs any more go.
 */
export async function retallySpeakers(c: Collections, speakerIds: Iterable<ObjectId | null | undefined>): Promise<void> {
  const unique = new Map<string, ObjectId | null>();
  for (const id of speakerIds) unique.set(id?.toHexString() ?? 'null', id ?? null);
  if (unique.size === 0) return;
  const speakers: Filter<StatementDocument> = { speakerId: { $in: [...unique.values()] } };
  const statements = await c.statements.find(speakers, { projection: TALLIED_FIELDS }).toArray();
  const tallies = talliesOf(statements);
  await c.statementTallies.bulkWrite([
    ...tallies.map((tally) => ({ replaceOne: { filter: { _id: tally._id }, replacement: tally, upsert: true } })),
    { deleteMany: { filter: { speakerId: { $in: [...unique.values()] }, _id: { $nin: tallies.map((t) => t._id) } } } },
  ]);
}

/** Every tally recomputed from every statement: after seeding, and at start-up for a database written before tallies. */
export async function rebuildStatementTallies(db: Db): Promise<void> {
  const statements = db.collection<StatementDocument>('statements');
  const tallies = statementTallies(db);
  const all = talliesOf(await statements.find({}, { projection: TALLIED_FIELDS }).toArray());
  await tallies.deleteMany({});
  for (let i = 0; i < all.length; i += 10_000) await tallies.insertMany(all.slice(i, i + 10_000), { ordered: false });
}

export const STATEMENT_TALLIES = 'statementTallies';
export const statementTallies = (db: Db): Collection<StatementTallyDocument> => db.collection<StatementTallyDocument>(STATEMENT_TALLIES);

/**
 * Per grouping, its count order under a review state, and under a state and a nationality: the
 * order `statementStats` returns (count descending, then the keys in the grouping's order).
 */
export const TALLY_INDEXES = [
  { key: { speakerId: 1 }, name: 'speakerId' },
  ...TALLIED_GROUPINGS.flatMap((grouping) => {
    const keys = Object.fromEntries(grouping.map((d) => [TALLY_FIELD[d], 1]));
    const name = grouping.map((d) => TALLY_FIELD[d]).join('_');
    return [
      { key: { grouping: 1, status: 1, count: -1, ...keys }, name: `status_count_${name}` },
      { key: { grouping: 1, status: 1, speakerNationalities: 1, count: -1, ...keys }, name: `status_nationalities_count_${name}` },
    ];
  }),
];
