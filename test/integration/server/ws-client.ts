// WebSocket clients for tests: `ws`'s client for speaking the API (it answers the server's pings,
// as browsers do), and raw HTTP for handshake status codes and for misbehaving clients.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

export interface TestSocket {
  send(value: unknown): void;
  /** Resolves with the next message matching `pred` (already received ones count). */
  next<T = Record<string, unknown>>(pred: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<T>;
  messages: Record<string, unknown>[];
  /** Drops the connection without a close frame. */
  close(): void;
}

const handshake = () => ({ Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64') });

export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { ...handshake(), ...headers } });
    req.on('upgrade', (res, socket: Socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Completes a handshake by hand and returns the raw TCP socket: a client that never answers pings
 * (until destroyed) and can vanish without a close frame.
 */
export function rawUpgrade(url: string, headers: Record<string, string> = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { ...handshake(), ...headers } });
    req.on('upgrade', (_res, socket: Socket) => {
      socket.on('error', () => undefined);
      resolve(socket);
    });
    req.on('response', (res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}

/** A masked text frame, as a client must send it (RFC 6455 5.3). */
export function clientTextFrame(value: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(value), 'utf8');
  if (payload.length >= 126) throw new Error('clientTextFrame: keep test frames under 126 bytes');
  const mask = randomBytes(4);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!))]);
}

export function openSocket(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const messages: Record<string, unknown>[] = [];
    const waiters: Array<() => void> = [];
    ws.on('message', (data: Buffer) => {
      messages.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
      for (const w of waiters.splice(0)) w();
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        messages,
        send: (value) => ws.send(JSON.stringify(value)),
        async next(pred, timeoutMs = 10_000) {
          const deadline = Date.now() + timeoutMs;
          let seen = 0;
          for (;;) {
            for (; seen < messages.length; seen++) if (pred(messages[seen]!)) return messages[seen] as never;
            if (Date.now() > deadline) throw new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages).slice(0, 500)}`);
            await new Promise<void>((r) => {
              waiters.push(r);
              setTimeout(r, 100);
            });
          }
        },
        close: () => ws.terminate(),
      }),
    );
  });
}
