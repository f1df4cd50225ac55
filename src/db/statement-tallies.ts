/**
 * Statement tallies: the counts behind `statementStats` for the groupings by speaker, kept in step
 * by every statement write. Counting 12,000 statements per request grows with the data; reading
 * the first n tallies in count order through an index does not. One tally per review state,
 * speaker and (for the paired groupings) channel or kind; the speaker's nationalities
 * ride along so the nationality filter is a condition on the tally, as it is on the statement.
 *
 * Counts move by increments only: a new statement is counted in after its transaction commits
 * (many writers counting one busy speaker in inside their transactions would conflict on its
 * tallies and retry one another out); every other write counts out what it removed and counts in
 * what it wrote, inside its transaction where the deployment has one.
 */
import type { Collection, Db, Filter, ObjectId, UpdateFilter } from 'mongodb';
import type { StatementDimension } from '../__generated__/resolvers-types.js';
import type { Collections } from './collections.js';
import type { ReviewStatus, StatementDocument, StatementKind } from './documents.js';

/**
 * The groupings tallied: the speaker alone, and with the channel or the kind. Not the month said:
 * nearly every speaker-month holds one statement, so its tallies would be as many as the statements
 * and count nothing up; a speaker's months are quick to count from their own statements.
 */
export const TALLIED_GROUPINGS = [['SPEAKER'], ['SPEAKER', 'CHANNEL'], ['SPEAKER', 'KIND']] as const satisfies ReadonlyArray<
  readonly StatementDimension[]
>;
type Grouping = (typeof TALLIED_GROUPINGS)[number];
type OtherDimension = 'CHANNEL' | 'KIND';

/** Each tallied dimension's field on a tally, named as in `StatementGroupRow`. */
export const TALLY_FIELD = { SPEAKER: 'speakerId', CHANNEL: 'channel', KIND: 'kind' } as const;

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
  count: number;
  /** The group's first and last `saidOn`; absent while none is dated, so that `$min` and `$max` can set them. */
  earliest?: string;
  latest?: string;
}

export const groupingName = (dimensions: readonly string[]) => dimensions.join(',');

/** The fields a tally needs from a statement. */
export const TALLIED_FIELDS = { speakerId: 1, speakerNationalities: 1, status: 1, channel: 1, kind: 1, saidOn: 1 } as const;
type TalliedStatement = Pick<StatementDocument, 'speakerId' | 'speakerNationalities' | 'status' | 'channel' | 'kind' | 'saidOn'>;

/** A value as `$group` keys it: an absent or null channel is the null group. */
function keyValue(statement: TalliedStatement, dimension: OtherDimension): string | null {
  return dimension === 'CHANNEL' ? (statement.channel ?? null) : statement.kind;
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
function talliesOf(statements: Iterable<TalliedStatement>): StatementTallyDocument[] {
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

/** Statements counted in: one bulk write, however much their speakers have said before. */
export async function countIn(tallies: Collection<StatementTallyDocument>, statements: readonly TalliedStatement[]): Promise<void> {
  if (statements.length === 0) return;
  await tallies.bulkWrite(
    statements.flatMap((statement) => {
      const saidOn = datedOn(statement);
      const dates = saidOn ? { $min: { earliest: saidOn }, $max: { latest: saidOn } } : {};
      return keysOf(statement).map(({ _id, ...key }) => ({
        updateOne: { filter: { _id }, update: { $setOnInsert: key, $inc: { count: 1 }, ...dates }, upsert: true },
      }));
    }),
  );
}

/**
 * Statements counted out (deleted, or about to be counted in elsewhere): their tallies go down by
 * one, empty ones go, and the dates of those that lost a dated statement are recomputed from the
 * speakers' statements as they stand. Counts only ever move by increments, so a create counting
 * in after its commit (see `Mutation.createStatement`) can never be counted twice or lost here;
 * dates are a `$min`/`$max`, which repeating does not change.
 */
export async function countOut(c: Collections, statements: readonly TalliedStatement[]): Promise<void> {
  if (statements.length === 0) return;
  const decrements = new Map<string, number>();
  const undated = new Map<string, ObjectId | null>();
  for (const statement of statements) {
    for (const { _id } of keysOf(statement)) decrements.set(_id, (decrements.get(_id) ?? 0) + 1);
    if (datedOn(statement)) for (const { _id } of keysOf(statement)) undated.set(_id, statement.speakerId ?? null);
  }
  const touched = [...decrements.keys()];
  await c.statementTallies.bulkWrite([
    ...[...decrements].map(([_id, n]) => ({ updateOne: { filter: { _id }, update: { $inc: { count: -n } } } })),
    { deleteMany: { filter: { _id: { $in: touched }, count: { $lte: 0 } } } },
  ]);
  if (undated.size === 0) return;
  const speakers = [...new Map([...undated.values()].map((id) => [id?.toHexString() ?? 'null', id])).values()];
  const standing = await c.statements.find({ speakerId: { $in: speakers } }, { projection: TALLIED_FIELDS }).toArray();
  const recounted = new Map(talliesOf(standing).map((tally) => [tally._id, tally]));
  await c.statementTallies.bulkWrite(
    [...undated.keys()].map((_id) => {
      const { earliest, latest } = recounted.get(_id) ?? {};
      const update: UpdateFilter<StatementTallyDocument> =
        earliest && latest ? { $set: { earliest, latest } } : { $unset: { earliest: '', latest: '' } };
      return { updateOne: { filter: { _id }, update } };
    }),
  );
}

/** What a tally reads of a statement changed: `before` is counted out and `after` in. */
export async function recount(c: Collections, before: TalliedStatement, after: TalliedStatement): Promise<void> {
  const same = (field: keyof TalliedStatement) => JSON.stringify(before[field] ?? null) === JSON.stringify(after[field] ?? null);
  if ((Object.keys(TALLIED_FIELDS) as Array<keyof TalliedStatement>).every(same)) return;
  await countOut(c, [before]);
  await countIn(c.statementTallies, [after]);
}

/**
 * Recomputes the tallies of these speakers (null: the speakerless statements) from their
 * statements: one read, one bulk write; tallies that no statement backs any more go. Used to
 * repair tallies found out of step at start-up (a create whose process stopped between its commit
 * and its count), never beside live writes to the same speakers.
 */
async function retallySpeakers(c: Collections, speakerIds: Iterable<ObjectId | null | undefined>): Promise<void> {
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

/**
 * The speakers whose statement counts (by review state) differ from their SPEAKER tallies, each
 * recounted: one `$group` over the statements, one read of the tallies. Run at start-up.
 */
export async function repairStatementTallies(c: Collections): Promise<number> {
  const counted = await c.statements
    .aggregate<{ _id: { speakerId: ObjectId | null; status: string }; count: number }>([
      { $group: { _id: { speakerId: '$speakerId', status: { $ifNull: ['$status', 'CONFIRMED'] } }, count: { $sum: 1 } } },
    ])
    .toArray();
  const tallied = await c.statementTallies.find({ grouping: 'SPEAKER' }, { projection: { speakerId: 1, status: 1, count: 1 } }).toArray();
  const differ = new Map<string, number>();
  const key = (speakerId: ObjectId | null | undefined, status: string) => `${speakerId?.toHexString() ?? 'null'} ${status}`;
  for (const { _id, count } of counted) differ.set(key(_id.speakerId, _id.status), count);
  for (const tally of tallied)
    differ.set(key(tally.speakerId, tally.status), (differ.get(key(tally.speakerId, tally.status)) ?? 0) - tally.count);
  const ids = new Map<string, ObjectId | null>();
  for (const { _id } of counted) if (differ.get(key(_id.speakerId, _id.status))) ids.set(key(_id.speakerId, ''), _id.speakerId ?? null);
  for (const tally of tallied) if (differ.get(key(tally.speakerId, tally.status))) ids.set(key(tally.speakerId, ''), tally.speakerId);
  await retallySpeakers(c, ids.values());
  return ids.size;
}

/** Every tally recomputed from every statement: after seeding, and at start-up for a database written before tallies. */
export async function rebuildStatementTallies(db: Db): Promise<void> {
  const statements = db.collection<StatementDocument>('statements');
  const tallies = statementTallies(db);
  const all = talliesOf(await statements.find({}, { projection: TALLIED_FIELDS }).toArray());
  await tallies.deleteMany({});
  for (let i = 0; i < all.length; i += 10_000) await tallies.insertMany(all.slice(i, i + 10_000), { ordered: false });
}

const STATEMENT_TALLIES = 'statementTallies';
export const statementTallies = (db: Db): Collection<StatementTallyDocument> => db.collection<StatementTallyDocument>(STATEMENT_TALLIES);

/**
 * Per grouping, its count order under a review state, and under a state and a nationality: the
 * order `statementStats` returns (count descending, then the keys in the grouping's order). Each
 * index is partial, holding only its grouping's tallies, so a count moving touches two entries per
 * tally rather than every grouping's.
 */
export const TALLY_INDEXES = [
  { key: { speakerId: 1 }, name: 'speakerId' },
  ...TALLIED_GROUPINGS.flatMap((grouping) => {
    const keys = Object.fromEntries(grouping.map((d) => [TALLY_FIELD[d], 1]));
    const name = grouping.map((d) => TALLY_FIELD[d]).join('_');
    const partialFilterExpression = { grouping: groupingName(grouping) };
    return [
      { key: { status: 1, count: -1, ...keys }, name: `status_count_${name}`, partialFilterExpression },
      {
        key: { status: 1, speakerNationalities: 1, count: -1, ...keys },
        name: `status_nationalities_count_${name}`,
        partialFilterExpression,
      },
    ];
  }),
];
