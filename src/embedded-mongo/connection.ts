/**
 * One client socket: frames in, one command at a time in arrival order, replies out. A frame that
 * cannot be a MongoDB message (bad length, unknown opcode, broken BSON) closes this socket only;
 * the server and every other connection go on.
 */
import type { Socket } from 'node:net';
import type { Doc } from './bson-values.js';
import { type ConnectionInfo, executeCommand } from './command-runner.js';
import { isHandshake } from './dispatch.js';
import { MongoCommandError } from './errors.js';
import type { Journal } from './journal.js';
import type { ServerState } from './server-state.js';
import { decodeRequest, encodeReply, type Frame, FrameReader, ProtocolError } from './wire.js';

let nextConnectionId = 1;

export function serveConnection(socket: Socket, state: ServerState, journal: Journal | undefined): void {
  const connection: ConnectionInfo = { id: nextConnectionId++ };
  const reader = new FrameReader();
  const queue: Frame[] = [];
  let busy = false;
  state.connections.current++;
  state.connections.totalCreated++;
  socket.setNoDelay(true);

  const fail = () => socket.destroy();

  const write = (bytes: Buffer) =>
    new Promise<void>((resolve) => {
      if (socket.destroyed) return resolve();
      if (socket.write(bytes)) resolve();
      else socket.once('drain', resolve);
    });

  const handle = async (frame: Frame) => {
    const request = decodeRequest(frame);
    let reply: Doc;
    let close = false;
    if (request.legacy && !isHandshake(request.command)) {
      reply = new MongoCommandError(
        'UnsupportedOpQueryCommand',
        `Unsupported OP_QUERY command: ${Object.keys(request.command)[0]}. The client driver may require an upgrade.`,
      ).toReply();
    } else {
      const outcome = await executeCommand(state, request.command, connection);
      close = outcome.close === true;
      reply = outcome.reply ?? { ok: 1 };
    }
    // Acknowledge a write only once its journal record is on disk.
    if (journal?.hasUnsynced) {
      try {
        await journal.sync();
      } catch (error) {
        reply = { ok: 0, errmsg: `journal write failed: ${(error as Error).message}`, code: 8, codeName: 'UnknownError' };
      }
    }
    if (close) return fail();
    if (!request.moreToCome) await write(encodeReply(reply, frame.requestId, request.legacy));
  };

  const drainQueue = async () => {
    if (busy) return;
    busy = true;
    try {
      while (queue.length > 0 && !socket.destroyed) await handle(queue.shift() as Frame);
    } catch (error) {
      if (!(error instanceof ProtocolError)) console.error('embedded-mongo: connection error', error);
      fail();
    } finally {
      busy = false;
    }
  };

  socket.on('data', (chunk) => {
    try {
      queue.push(...reader.push(chunk));
    } catch {
      fail();
      return;
    }
    void drainQueue();
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    state.connections.current--;
    queue.length = 0;
  });
}
