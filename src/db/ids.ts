/**
 * Global ids: `toGlobalId(type, ObjectId hex)`, opaque to clients. Parsing is strict — a wrong
 * type, bad base64 or a malformed ObjectId is the caller's mistake (BAD_USER_INPUT), never a 500.
 */
import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { ObjectId } from 'mongodb';
import { badUserInput } from '../errors.js';

export type NodeType = 'Article' | 'Person' | 'Statement' | 'Exchange';
export const NODE_TYPES: readonly NodeType[] = ['Article', 'Person', 'Statement', 'Exchange'];

export function globalId(type: NodeType, id: ObjectId): string {
  return toGlobalId(type, id.toHexString());
}

export function parseAnyGlobalId(id: string, argument = 'id'): { type: NodeType; objectId: ObjectId } {
  let decoded: { type: string; id: string };
  try {
    decoded = fromGlobalId(id);
  } catch {
    throw badUserInput(`${argument} is not a valid id`, argument);
  }
  if (!NODE_TYPES.includes(decoded.type as NodeType) || !/^[0-9a-f]{24}$/.test(decoded.id)) {
    throw badUserInput(`${argument} is not a valid id`, argument);
  }
  return { type: decoded.type as NodeType, objectId: new ObjectId(decoded.id) };
}

export function parseGlobalId(id: string, expected: NodeType, argument = 'id'): ObjectId {
  const parsed = parseAnyGlobalId(id, argument);
  if (parsed.type !== expected) throw badUserInput(`${argument} is not a ${expected} id`, argument);
  return parsed.objectId;
}
