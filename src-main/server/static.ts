// Serves the built renderer (out/renderer) read-only; nothing outside that folder is reachable,
// except the app icons, which come from the resources folder under fixed names.
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** The page's policy, also sent as a header: scripts only from this server, API only over its WebSocket. */
export function contentSecurityPolicy(port: number): string {
  return (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'`
  );
}

/**
 * The tab's favicon and the home-screen icon (index.html links the first two; browsers also ask
 * for /favicon.ico on their own), each a file of resources/. A PNG under .ico is fine for browsers.
 */
export const ICON_ROUTES: Readonly<Record<string, string>> = {
  '/favicon.png': 'icon.png',
  '/favicon.ico': 'icon.png',
  '/apple-touch-icon.png': 'icon.png',
};

/** resources/ beside out/: out/renderer -> ../../resources (also inside a packaged app.asar). */
export function defaultIconsDir(rendererDir: string): string {
  return join(rendererDir, '..', '..', 'resources');
}

/** `path` is the request's decoded path (request-target.ts has checked its escapes). */
export async function serveStatic(root: string, path: string, res: ServerResponse, extraHeaders: Record<string, string>, iconsDir = defaultIconsDir(root)): Promise<void> {
  const icon = ICON_ROUTES[path];
  const rel = path === '/' ? 'index.html' : path.replace(/^\/+/, '');
  const file = icon ? join(iconsDir, icon) : normalize(join(root, rel));
  if (!icon && file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    res.writeHead(404).end('Not found');
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': extname(file) === '.html' ? 'no-store' : 'max-age=3600',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...extraHeaders,
  });
  res.end(body);
}
