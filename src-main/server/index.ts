// Browser mode: the renderer and the API on 127.0.0.1, behind a random token. The engine and the
// daemon run in this process (through the API host), as in the desktop app, so nothing a client
// sends may throw out of a request handler: every refusal is an HTTP status.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AUTH_CHECK_PATH, WS_PATH } from '../api';
import type { ApiHost } from '../host';
import { checkRequest, cookieName, newToken } from './auth';
import { LoginCodes } from './login-codes';
import { parseTarget } from './request-target';
import { serveConnection } from './rpc';
import { contentSecurityPolicy, serveStatic } from './static';
import { createWebSocketHub } from './websocket';

export { KEEPALIVE_MS } from './defaults';

export interface BrowserServerOptions {
  host: ApiHost;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Where the app icons are (default: resources/ beside out/, see static.ts). */
  iconsDir?: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
  /** WebSocket ping interval; a client silent for two of them is dropped (tests shorten it). */
  keepAliveMs?: number;
  log?: (line: string) => void;
}

export interface BrowserServer {
  /** The page with the token in its query: for the user's own terminal (stdout), never for argv. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** A fresh page URL with a one-time code instead of the token, safe to pass on a command line. */
  loginUrl(): string;
  close(): Promise<void>;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

function refuse(res: ServerResponse, status: number, reason: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' }).end(`${REASONS[status] ?? 'Error'}: ${reason}\n`);
}

export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const token = opts.token ?? newToken();
  const codes = new LoginCodes();
  const hub = createWebSocketHub(opts.keepAliveMs !== undefined ? { keepAliveMs: opts.keepAliveMs } : {});
  const log = opts.log ?? (() => undefined);
  let port = opts.port;

  // Never spends a sign-in code and never sets the cookie: it only answers whether this token or cookie still passes.
  const authCheck = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const verdict = checkRequest(req, url, token, port);
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
  };

  const page = (req: IncomingMessage, res: ServerResponse): void => {
    const target = parseTarget(req.url);
    if (!target.ok) return refuse(res, 400, target.reason);
    if (target.path === AUTH_CHECK_PATH) return authCheck(req, res, target.url);
    // Only a GET spends a code: a stray HEAD or POST must not burn the link the browser is about to open.
    const verdict = checkRequest(req, target.url, token, port, req.method === 'GET' ? codes : undefined);
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 403, 'only GET is served');
    // Asset requests carry no token: the cookie set with the page lets them through.
    const cookie = { 'Set-Cookie': `${cookieName(port)}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict` };
    if (verdict.via === 'code') {
      // Off the code's URL at once, so a reload or a copied address bar does not reuse a spent code.
      res.writeHead(303, { ...cookie, Location: '/', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).end();
      return;
    }
    const headers = { ...(verdict.via === 'query' ? cookie : {}), 'Content-Security-Policy': contentSecurityPolicy(port) };
    serveStatic(opts.rendererDir, target.path, res, headers, opts.iconsDir).catch((error: unknown) => {
      log(`switchyard: serving ${target.path} failed: ${String(error)}`);
      refuse(res, 500, 'the file could not be served');
    });
  };

  const server = createServer((req, res) => {
    try {
      page(req, res);
    } catch (error) {
      log(`switchyard: request ${JSON.stringify(req.url)} failed: ${String(error)}`);
      refuse(res, 500, 'unexpected server error');
    }
  });

  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    // Until `ws` owns it, a reset socket must not surface as an unhandled 'error' event.
    socket.on('error', () => socket.destroy());
    const end = (status: number) => socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    const target = parseTarget(req.url);
    if (!target.ok) return end(400);
    // No `codes` here: a sign-in code is for the page only, and a socket must never spend one.
    const verdict = checkRequest(req, target.url, token, port);
    if (!verdict.ok) return end(verdict.status);
    if (target.url.pathname !== WS_PATH) return end(404);
    try {
      hub.accept(req, socket, head, (ws) => serveConnection(opts.host, ws));
    } catch (error) {
      log(`switchyard: WebSocket upgrade failed: ${String(error)}`);
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    loginUrl: () => `http://127.0.0.1:${port}/?code=${codes.issue()}`,
    close: async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await hub.close(1001, 'server shutting down');
      await stopped;
    },
  };
}
