// A small WebSocket client for tests (Node 20 has none built in): handshake, masked text frames.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';

export interface TestSocket {
  send(value: unknown): void;
  /** Resolves with the next message matching `pred` (already received ones count). */
  next<T = Record<string, unknown>>(pred: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<T>;
  messages: Record<string, unknown>[];
  close(): void;
}

export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), ...headers },
    });
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

export function openSocket(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), ...headers },
    });
    req.on('response', (res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    req.on('error', reject);
    req.on('upgrade', (_res, socket: Socket, head: Buffer) => {
      const messages: Record<string, unknown>[] = [];
      const waiters: Array<() => void> = [];
      let buf = head;
      const onData = (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        for (;;) {
          if (buf.length < 2) return;
          let len = buf[1]! & 0x7f;
          let at = 2;
          if (len === 126) {
            if (buf.length < 4) return;
            len = buf.readUInt16BE(2);
            at = 4;
          } else if (len === 127) {
            if (buf.length < 10) return;
            len = Number(buf.readBigUInt64BE(2));
            at = 10;
          }
          if (buf.length < at + len) return;
          const opcode = buf[0]! & 0x0f;
          const payload = buf.subarray(at, at + len);
          buf = buf.subarray(at + len);
          if (opcode === 1) messages.push(JSON.parse(payload.toString('utf8')) as Record<string, unknown>);
          for (const w of waiters.splice(0)) w();
        }
      };
      socket.on('data', onData);
      if (head.length) onData(Buffer.alloc(0));
      resolve({
        messages,
        send(value) {
          const payload = Buffer.from(JSON.stringify(value), 'utf8');
          const mask = randomBytes(4);
          const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
          const body = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
          socket.write(Buffer.concat([header, mask, body]));
        },
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
        close: () => socket.destroy(),
      });
    });
    req.end();
  });
}
