// Browser mode: the renderer and the API on 127.0.0.1, behind a random token. The engine and the
// daemon run in this process (through the API host), as in the desktop app.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WS_PATH } from '../api';
import type { ApiHost } from '../host';
import { checkRequest, cookieName, newToken } from './auth';
import { serveConnection } from './rpc';
import { contentSecurityPolicy, serveStatic } from './static';
import { acceptWebSocket } from './websocket';
import type { WebSocketConnection } from './websocket';

export interface BrowserServerOptions {
  host: ApiHost;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
}

export interface BrowserServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

function refuse(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(`${status === 401 ? 'Unauthorized' : 'Forbidden'}: ${reason}\n`);
}

export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const token = opts.token ?? newToken();
  const sockets = new Set<WebSocketConnection>();
  let port = opts.port;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = checkRequest(req, url, token, port);
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 403, 'only GET is served');
    // Asset requests carry no token: the cookie set with the page lets them through.
    const cookie: Record<string, string> = verdict.viaQuery ? { 'Set-Cookie': `${cookieName(port)}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict` } : {};
    void serveStatic(opts.rendererDir, url.pathname, res, { ...cookie, 'Content-Security-Policy': contentSecurityPolicy(port) });
  });

  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = checkRequest(req, url, token, port);
    if (!verdict.ok || url.pathname !== WS_PATH) {
      const status = verdict.ok ? 404 : verdict.status;
      const text = verdict.ok ? 'Not Found' : status === 401 ? 'Unauthorized' : 'Forbidden';
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const ws = acceptWebSocket(req, socket, head);
    if (!ws) return;
    sockets.add(ws);
    ws.onClose(() => sockets.delete(ws));
    serveConnection(opts.host, ws);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.close(1001, 'server shutting down');
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
