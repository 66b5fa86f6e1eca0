// The remote intake (`switchyard remote serve`): a small HTTP server on node:http that queues
// remote dispatch requests. Loopback by default; a bearer token is always required.
//   GET /health          -> 200 {"status":"ok", ...}
//   POST /dispatch       -> 202 {"request": {...}}  body {task, to_session?, priority?, agent?, profile?, use_worktree?, project?, task_group?, over_budget?}
//   POST /computer-use   -> 202 {"request": {...}}  body {goal, target_url?, context?, ...the same optional fields}
// Rejections queue nothing: 401 without the right token, 413 for a body over 1 MiB, 400 for bad
// JSON or fields (naming the field: unknown fields, agents, profiles and sessions, a NUL byte or a
// task too large for the agent's command line), 409 while a hard budget is spent (naming it;
// `over_budget: true` queues anyway), 404/405 for other paths and methods.
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RemoteDispatchRequest } from '../model';
import { FieldError, parseComputerUseBody, parseDispatchBody } from './intake-body';
import { createComputerUseRequest, createRemoteDispatchRequest, type DispatchDeps } from './requests';
import { BudgetSpentError } from '../sessions/budget-check';

export const DEFAULT_INTAKE_BIND = '127.0.0.1:8787';
export const MAX_INTAKE_BODY_BYTES = 1024 * 1024;

export interface IntakeOptions {
  /** HOST:PORT ([v6]:PORT for IPv6); port 0 picks a free one. */
  bind?: string;
  token: string;
  /** Where queued work runs (the serving process's cwd). */
  cwd: string;
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface RemoteIntake {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export function parseBind(bind: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(bind.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) {
    throw new Error(`invalid --bind "${bind}": expected HOST:PORT, e.g. ${DEFAULT_INTAKE_BIND}`);
  }
  return { host: (m[1] ?? m[2]) as string, port };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time check of `Authorization: Bearer <token>`. */
export function authorized(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(digest((m[1] as string).trim()), digest(token));
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.reject(new HttpError(413, `the body is larger than ${max} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.pause();
        reject(new HttpError(413, `the body is larger than ${max} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8')) as unknown;
  } catch (error) {
    throw new HttpError(400, `malformed JSON body: ${(error as Error).message}`, 'body');
  }
}


export async function startRemoteIntake(deps: DispatchDeps, opts: IntakeOptions): Promise<RemoteIntake> {
  if (!opts.token || opts.token.trim() === '') {
    throw new Error('the remote intake needs a bearer token: set SWITCHYARD_REMOTE_TOKEN or pass --token-file FILE (clients send "Authorization: Bearer <secret>")');
  }
  const { host, port } = parseBind(opts.bind ?? DEFAULT_INTAKE_BIND);
  const max = opts.maxBodyBytes ?? MAX_INTAKE_BODY_BYTES;
  const token = opts.token.trim();

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!authorized(req.headers.authorization, token)) {
      throw new HttpError(401, 'missing or wrong bearer token; send "Authorization: Bearer <token>"');
    }
    const path = new URL(req.url ?? '/', 'http://intake').pathname;
    const routes: Record<string, string> = { '/health': 'GET', '/dispatch': 'POST', '/computer-use': 'POST' };
    const method = routes[path];
    if (!method) throw new HttpError(404, `no such endpoint ${path}; use GET /health, POST /dispatch or POST /computer-use`);
    if (req.method !== method) throw new HttpError(405, `${path} accepts ${method} only`);
    if (path === '/health') {
      send(res, 200, { status: 'ok', pending: deps.store.listPendingRemoteDispatchRequests(10_000).length });
      return;
    }
    const body = parseJson(await readBody(req, max));
    const requester = req.socket.remoteAddress ?? null;
    let request: RemoteDispatchRequest;
    // Every refusal of the request itself (body, unknown agent, profile or session, a task too
    // large for a command line) is a FieldError: 400 naming the field. Anything else is ours: 500.
    try {
      if (path === '/dispatch') {
        const b = parseDispatchBody(body);
        request = createRemoteDispatchRequest(deps, { ...b, cwd: opts.cwd, source: 'http', requester });
      } else {
        const b = parseComputerUseBody(body);
        request = createComputerUseRequest(deps, { ...b, cwd: opts.cwd, source: 'http_computer_use', requester });
      }
    } catch (error) {
      if (error instanceof FieldError) throw new HttpError(400, error.message, error.field);
      // A spent hard budget: the request is fine, the state is not (409); `over_budget: true` insists.
      if (error instanceof BudgetSpentError) throw new HttpError(409, error.message, 'over_budget');
      throw error;
    }
    opts.log?.(`queued remote request ${request.id} (${request.requestKind}, ${request.priority}) from ${requester ?? 'unknown'}`);
    send(res, 202, { request });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 500) opts.log?.(`remote intake error: ${message}`);
      const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer realm="switchyard"' } : {};
      // The rest of a refused body is not read: close the connection instead.
      if (status === 401 || status === 413) headers.connection = 'close';
      send(res, status, { error: message, ...(error instanceof HttpError && error.field ? { field: error.field } : {}) }, headers);
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    host: address.address,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
