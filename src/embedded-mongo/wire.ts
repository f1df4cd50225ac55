/**
 * MongoDB wire protocol framing: splits a TCP byte stream into messages and encodes replies.
 * Only what the v7 driver sends to a standalone is parsed: OP_QUERY (the first handshake on each
 * socket) and OP_MSG with kind-0 and kind-1 sections. Everything is little-endian.
 */
import { deserialize, serialize } from 'bson';
import type { Doc } from './bson-values.js';
import { holdsExactDouble, promoteExact } from './exact-numbers.js';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const HEADER_SIZE = 16;
/** mongod's maxMessageSizeBytes; a frame claiming more is an attack or a bug, not a message. */
export const MAX_MESSAGE_SIZE = 48_000_000;
const MSG_CHECKSUM_PRESENT = 1;
export const MSG_MORE_TO_COME = 2;

export interface Frame {
  requestId: number;
  opCode: number;
  body: Buffer;
}

export class ProtocolError extends Error {}

/** Accumulates chunks and yields whole frames; throws ProtocolError on an impossible length. */
export class FrameReader {
  #chunks: Buffer[] = [];
  #buffered = 0;

  push(chunk: Buffer): Frame[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const frames: Frame[] = [];
    while (this.#buffered >= 4) {
      const head = this.#peek(4);
      const length = head.readInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) {
        throw new ProtocolError(`invalid message length ${length}`);
      }
      if (this.#buffered < length) break;
      const message = this.#take(length);
      frames.push({
        requestId: message.readInt32LE(4),
        opCode: message.readInt32LE(12),
        body: message.subarray(HEADER_SIZE),
      });
    }
    return frames;
  }

  get bufferedBytes(): number {
    return this.#buffered;
  }

  #peek(n: number): Buffer {
    if (this.#chunks[0].length < n) this.#chunks = [Buffer.concat(this.#chunks)];
    return this.#chunks[0].subarray(0, n);
  }

  #take(n: number): Buffer {
    if (this.#chunks[0].length < n) this.#chunks = [Buffer.concat(this.#chunks)];
    const first = this.#chunks[0];
    const taken = first.subarray(0, n);
    if (first.length === n) this.#chunks.shift();
    else this.#chunks[0] = first.subarray(n);
    this.#buffered -= n;
    return taken;
  }
}

export interface Request {
  command: Doc;
  /** OP_MSG moreToCome: the client wants no reply (w:0 writes, endSessions). */
  moreToCome: boolean;
  legacy: boolean;
}

/** Decodes OP_QUERY and OP_MSG bodies into one command document. */
export function decodeRequest(frame: Frame): Request {
  if (frame.opCode === OP_MSG) return decodeMsg(frame.body);
  if (frame.opCode === OP_QUERY) return decodeQuery(frame.body);
  throw new ProtocolError(`unsupported opCode ${frame.opCode}`);
}

function readDocument(body: Buffer, offset: number): { doc: Doc; end: number } {
  if (offset + 4 > body.length) throw new ProtocolError('truncated BSON document');
  const size = body.readInt32LE(offset);
  if (size < 5 || offset + size > body.length) throw new ProtocolError('invalid BSON document size');
  try {
    // A double that default decoding would make an int32 is decoded unpromoted, then promoted so
    // that it stays a double (see exact-numbers.ts); everything else decodes the default way.
    const bytes = body.subarray(offset, offset + size);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const doc = holdsExactDouble(bytes, view, 0, size)
      ? promoteExact(deserialize(bytes, { promoteValues: false }) as Doc)
      : (deserialize(bytes) as Doc);
    return { doc, end: offset + size };
  } catch (error) {
    throw new ProtocolError(`invalid BSON: ${(error as Error).message}`);
  }
}

function decodeMsg(body: Buffer): Request {
  if (body.length < 5) throw new ProtocolError('truncated OP_MSG');
  const flags = body.readUInt32LE(0);
  const end = flags & MSG_CHECKSUM_PRESENT ? body.length - 4 : body.length;
  let offset = 4;
  let command: Doc | undefined;
  const sequences: Array<[string, Doc[]]> = [];
  while (offset < end) {
    const kind = body[offset++];
    if (kind === 0) {
      const { doc, end: next } = readDocument(body, offset);
      if (command) throw new ProtocolError('OP_MSG with two kind-0 sections');
      command = doc;
      offset = next;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new ProtocolError('truncated OP_MSG section');
      const sectionEnd = offset + body.readInt32LE(offset);
      if (sectionEnd > end || sectionEnd < offset + 5) throw new ProtocolError('invalid OP_MSG section size');
      const nul = body.indexOf(0, offset + 4);
      if (nul < 0 || nul >= sectionEnd) throw new ProtocolError('invalid OP_MSG section identifier');
      const identifier = body.toString('utf8', offset + 4, nul);
      const docs: Doc[] = [];
      let cursor = nul + 1;
      while (cursor < sectionEnd) {
        const { doc, end: next } = readDocument(body, cursor);
        docs.push(doc);
        cursor = next;
      }
      if (cursor !== sectionEnd) throw new ProtocolError('OP_MSG section overruns its size');
      sequences.push([identifier, docs]);
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!command) throw new ProtocolError('OP_MSG without a kind-0 section');
  for (const [identifier, docs] of sequences) command[identifier] = docs;
  return { command, moreToCome: (flags & MSG_MORE_TO_COME) !== 0, legacy: false };
}

function decodeQuery(body: Buffer): Request {
  const nul = body.indexOf(0, 4);
  if (nul < 0) throw new ProtocolError('truncated OP_QUERY');
  const { doc } = readDocument(body, nul + 1 + 8);
  // Legacy drivers wrapped commands as {$query: {...}}; unwrap so dispatch sees the command itself.
  const command = doc.$query && typeof doc.$query === 'object' ? (doc.$query as Doc) : doc;
  return { command, moreToCome: false, legacy: true };
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.allocUnsafe(HEADER_SIZE);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

let nextReplyId = 1;

/** An OP_MSG reply, or an OP_REPLY when the request was a legacy OP_QUERY. */
export function encodeReply(reply: Doc, responseTo: number, legacy: boolean): Buffer {
  const doc = serialize(reply);
  const replyId = nextReplyId++ & 0x7fffffff;
  if (legacy) {
    const prefix = Buffer.alloc(20);
    prefix.writeInt32LE(1, 16); // numberReturned; flags, cursorId and startingFrom stay 0
    const length = HEADER_SIZE + prefix.length + doc.length;
    return Buffer.concat([header(length, replyId, responseTo, OP_REPLY), prefix, doc]);
  }
  const sectionHead = Buffer.alloc(5); // flagBits 0, section kind 0
  const length = HEADER_SIZE + sectionHead.length + doc.length;
  return Buffer.concat([header(length, replyId, responseTo, OP_MSG), sectionHead, doc]);
}
