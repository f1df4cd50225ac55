/**
 * A graphql-ws subscriber that keeps every message as the bytes that arrived (text frames), with its
 * time of receipt, so the bench can check each one byte for byte: graphql-ws's own client parses
 * messages and would hide a difference in serialisation.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface Receipt {
  text: string;
  at: number;
}

export class RawSubscriber {
  readonly receipts: Receipt[] = [];
  /** A protocol error, an unexpected close or a message that is not `next`; undefined while all is well. */
  problem: string | undefined;
  private readonly socket: WebSocket;
  private closing = false;

  /** Connects to `httpUrl`'s /graphql and subscribes with `id` once the server acknowledged the connection. */
  constructor(httpUrl: string, id: string, query: string) {
    this.socket = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    this.socket.on('open', () => this.socket.send(JSON.stringify({ type: 'connection_init' })));
    this.socket.on('message', (data: Buffer, binary: boolean) => {
      const at = performance.now();
      const text = data.toString('utf8');
      if (!binary && text.startsWith('{"id":')) {
        this.receipts.push({ text, at });
        return;
      }
      if (text === '{"type":"connection_ack"}') this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
      else if (text === '{"type":"ping"}') this.socket.send('{"type":"pong"}');
      else this.problem ??= `unexpected message: ${text.slice(0, 300)}`;
    });
    this.socket.on('error', (error) => {
      this.problem ??= `socket error: ${error.message}`;
    });
    this.socket.on('close', (code, reason) => {
      if (!this.closing) this.problem ??= `closed by the server: ${code} ${reason.toString()}`;
    });
  }

  close(): Promise<void> {
    this.closing = true;
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close(1000);
    });
  }
}
