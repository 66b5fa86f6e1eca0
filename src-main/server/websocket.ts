// Browser mode's WebSocket endpoint, on the `ws` package (RFC 6455 framing, masking, fragmentation
// and close handshakes are its job, not ours), plus a ping/pong keep-alive: a client that vanished
// without a close frame (laptop lid shut, network gone) is terminated, which closes its socket and
// fires onClose, so its subscriptions are disposed. The upgrade's authorisation happens before this.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { KEEPALIVE_MS } from './defaults';
import type { WebSocket } from 'ws';

/** Largest message a client may send (terminal pastes are limited to 1 MB by the contract). */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** How long close() waits for clients to answer the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 1000;

export interface WebSocketConnection {
  send(text: string): void;
  /** Bytes queued but not yet flushed to the network: the backpressure signal. */
  readonly bufferedBytes: number;
  close(code?: number, reason?: string): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: () => void): void;
}

export interface WebSocketHub {
  /** Completes the handshake (a bad one gets 400 from `ws`) and hands over the connection. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, onConnection: (ws: WebSocketConnection) => void): void;
  /** Open connections. */
  readonly size: number;
  /** Closes every connection (close frame, then a hard cut after a grace period) and stops pinging. */
  close(code: number, reason: string): Promise<void>;
}

export function createWebSocketHub(opts: { keepAliveMs?: number } = {}): WebSocketHub {
  // perMessageDeflate stays off: compression costs memory per connection and invites zip bombs.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const answered = new WeakMap<WebSocket, boolean>();

  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (answered.get(ws) === false) {
        ws.terminate();
        continue;
      }
      answered.set(ws, false);
      ws.ping();
    }
  }, opts.keepAliveMs ?? KEEPALIVE_MS);
  timer.unref();

  return {
    accept(req, socket, head, onConnection) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        answered.set(ws, true);
        ws.on('pong', () => answered.set(ws, true));
        ws.on('error', () => ws.terminate());
        onConnection(wrap(ws, () => answered.set(ws, true)));
      });
    },
    get size() {
      return wss.clients.size;
    },
    async close(code, reason) {
      clearInterval(timer);
      const open = [...wss.clients];
      const closed = Promise.all(open.map((ws) => new Promise<void>((r) => (ws.readyState === ws.CLOSED ? r() : ws.once('close', () => r())))));
      for (const ws of open) ws.close(code, reason);
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise<void>((r) => (grace = setTimeout(r, CLOSE_GRACE_MS)))]);
      clearTimeout(grace);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}

function wrap(ws: WebSocket, sawTraffic: () => void): WebSocketConnection {
  return {
    send(text) {
      if (ws.readyState === ws.OPEN) ws.send(text);
    },
    get bufferedBytes() {
      return ws.bufferedAmount;
    },
    close(code = 1000, reason = '') {
      ws.close(code, reason);
    },
    onMessage(listener) {
      // Binary frames are read as UTF-8 text too, as before: the contract is JSON either way.
      ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
        sawTraffic();
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
        listener(buf.toString('utf8'));
      });
    },
    onClose(listener) {
      ws.once('close', () => listener());
    },
  };
}
