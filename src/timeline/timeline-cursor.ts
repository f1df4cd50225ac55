/**
 * A timeline position: the event's time (ms since the epoch: midnight UTC of a statement's or an
 * exchange's day, an article's exact `publishedAt`), its source's rank (ties on time go statements,
 * exchanges, articles) and its id. That key is a total order across the three collections, so a
 * cursor names a place between two events whatever is inserted later.
 */
import { ObjectId } from 'mongodb';
import { badUserInput } from '../errors.js';

export interface TimelinePosition {
  time: number;
  rank: number;
  id: ObjectId;
}

export function comparePositions(a: TimelinePosition, b: TimelinePosition): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  if (a.rank !== b.rank) return a.rank - b.rank;
  const ha = a.id.toHexString();
  const hb = b.id.toHexString();
  // Same order as MongoDB's for ObjectIds: byte order, which hex order is.
  return ha < hb ? -1 : ha > hb ? 1 : 0;
}

export function encodeTimelineCursor({ time, rank, id }: TimelinePosition): string {
  return Buffer.from(JSON.stringify({ timeline: [time, rank, id.toHexString()] })).toString('base64url');
}

export function decodeTimelineCursor(cursor: string, argument: string): TimelinePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput(`${argument} is not a valid timeline cursor`, argument);
  }
  const key = (parsed as { timeline?: unknown } | null)?.timeline;
  if (
    !Array.isArray(key) ||
    key.length !== 3 ||
    !Number.isSafeInteger(key[0]) ||
    !Number.isInteger(key[1]) ||
    typeof key[2] !== 'string' ||
    !/^[0-9a-f]{24}$/.test(key[2])
  )
    throw badUserInput(`${argument} is not a valid timeline cursor`, argument);
  return { time: key[0] as number, rank: key[1] as number, id: new ObjectId(key[2] as string) };
}
