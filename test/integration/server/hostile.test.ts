// Browser mode against a hostile or careless client, on a real `switchyard serve` process: malformed
// URLs get 400 and serve keeps answering; clients that vanish without a close frame (or stop
// answering pings) leave no socket and no subscription behind (counted in /proc/<pid>/fd); the
// browser is opened with a one-time code, and no process serve starts shows the token in its argv.
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';
import { startServeProcess } from './serve-process';
import type { ServeProcess } from './serve-process';
import { clientTextFrame, openSocket, rawUpgrade, upgradeStatus } from './ws-client';

const KEEPALIVE_MS = 250;

let world: World;
let serve: ServeProcess;
let sessionId: string;
const opened = () => join(world.root, 'xdg-open.args');

/** A GET with the target sent byte for byte (fetch would normalise it). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: new URL(serve.base).port, path, headers: { Host: new URL(serve.base).host, ...headers } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls until the serve process holds at most `baseline` fds; returns the last count seen. */
async function fdsBackTo(baseline: number): Promise<number> {
  let now = serve.fds();
  await waitFor(`serve's fds to fall back to ${baseline}`, () => (now = serve.fds()) <= baseline, 60_000).catch(() => undefined);
  return now;
}

/** The fd count once it has held still for a moment (the daemon opens and closes files as it ticks). */
async function settledFds(): Promise<number> {
  let last = serve.fds();
  for (let same = 0; same < 5; ) {
    await new Promise((r) => setTimeout(r, 200));
    const now = serve.fds();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

beforeAll(async () => {
  world = makeWorld({ mode: 'echo' });
  // Stands in for the desktop's URL opener: records the argv serve gave it, as `ps` would show it.
  const opener = join(world.bin, 'xdg-open');
  writeFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$@" > '${opened()}'\n`);
  chmodSync(opener, 0o755);
  serve = await startServeProcess({ home: world.home, cwd: world.work, env: world.env, args: ['--keepalive-ms', String(KEEPALIVE_MS)] });
  const ws = await openSocket(`${serve.base}/api?token=${serve.token}`, { Origin: serve.base });
  ws.send({ t: 'call', id: 1, op: 'startSession', input: { task: 'echo things', worktree: false, mode: 'interactive', cwd: world.work } });
  const started = await ws.next<{ result: { ok: boolean; value: { id: string } } }>((m) => m.id === 1, 30_000);
  expect(started.result.ok).toBe(true);
  sessionId = started.result.value.id;
  let call = 100;
  await waitFor('the runner to listen', async () => {
    const id = call++;
    ws.send({ t: 'call', id, op: 'getSession', input: { id: sessionId } });
    return (await ws.next<{ result: { value?: { live: boolean } } }>((m) => m.id === id)).result.value?.live;
  });
  ws.send({ t: 'sub', id: 2, event: 'terminal', params: { id: sessionId, fromOffset: 0 } });
  await ws.next((m) => m.id === 2 && JSON.stringify(m).includes('> '), 30_000);
  ws.close();
}, 90_000);

afterAll(async () => {
  if (serve?.alive() && sessionId) {
    const ws = await openSocket(`${serve.base}/api?token=${serve.token}`, { Origin: serve.base }).catch(() => null);
    ws?.send({ t: 'call', id: 99, op: 'stopSession', input: { id: sessionId } });
    await ws?.next((m) => m.id === 99, 20_000).catch(() => undefined);
    ws?.close();
  }
  await serve?.stop();
  world?.cleanup();
}, 60_000);

describe('malformed requests', () => {
  it('answers 400 to malformed escapes and URLs, and keeps serving', async () => {
    const t = serve.token;
    for (const path of [`/%E0%A4%A?token=${t}`, `/%?token=${t}`, `/assets/%C0%AF?token=${t}`, `/%00?token=${t}`, `/%E0%A4%A`]) {
      expect((await rawGet(path)).status, path).toBe(400);
    }
    // A cookie with a broken escape is no cookie (401), not a crash.
    expect((await rawGet('/', { Cookie: `switchyard_token_${new URL(serve.base).port}=%E0%A4%A` })).status).toBe(401);
    expect(await upgradeStatus(`${serve.base}/%E0%A4%A?token=${t}`)).toBe(400);
    expect(serve.alive()).toBe(true);
    expect((await fetch(serve.url)).status).toBe(200);
    expect(serve.output()).not.toMatch(/URIError|Uncaught|unhandled/i);
  });
});

describe('clients that vanish', () => {
  it('reclaims the socket and subscriptions of 100 clients that drop TCP without a close frame', async () => {
    const baseline = await settledFds();
    let peak = 0;
    for (let batch = 0; batch < 10; batch++) {
      const clients = await Promise.all(Array.from({ length: 10 }, () => openSocket(`${serve.base}/api?token=${serve.token}`, { Origin: serve.base })));
      for (const ws of clients) {
        ws.send({ t: 'sub', id: 1, event: 'sessions', params: {} });
        ws.send({ t: 'sub', id: 2, event: 'terminal', params: { id: sessionId, fromOffset: 0 } });
      }
      // Each terminal subscription holds a connection to the session's runner while it lasts.
      await Promise.all(clients.map((ws) => ws.next((m) => m.id === 2 && JSON.stringify(m).includes('fake agent started'), 30_000)));
      await Promise.all(clients.map((ws) => ws.next((m) => m.id === 1)));
      peak = Math.max(peak, serve.fds());
      for (const ws of clients) ws.close(); // destroys the TCP socket: no close frame
    }
    // The 10 open clients were really counted: a socket and a runner connection each.
    expect(peak).toBeGreaterThanOrEqual(baseline + 20);
    expect(await fdsBackTo(baseline)).toBeLessThanOrEqual(baseline);
    expect(serve.alive()).toBe(true);
  }, 180_000);

  it('drops clients that stop answering pings, and their subscriptions with them', async () => {
    const baseline = await settledFds();
    const silent: Socket[] = [];
    for (let i = 0; i < 10; i++) {
      const socket = await rawUpgrade(`${serve.base}/api?token=${serve.token}`, { Origin: serve.base });
      socket.write(clientTextFrame({ t: 'sub', id: 1, event: 'terminal', params: { id: sessionId, fromOffset: 0 } }));
      silent.push(socket);
    }
    let closedByServer = 0;
    for (const s of silent) s.once('close', () => closedByServer++);
    // Read (and ignore) everything, pings included: a client that is there but never answers.
    for (const s of silent) s.on('data', () => undefined);
    await waitFor('serve to drop the clients that never answer its pings', () => closedByServer === silent.length, 60_000);
    expect(await fdsBackTo(baseline)).toBeLessThanOrEqual(baseline);
  }, 120_000);

  it('keeps clients that answer pings across many keep-alive intervals', async () => {
    const ws = await openSocket(`${serve.base}/api?token=${serve.token}`, { Origin: serve.base });
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, KEEPALIVE_MS * 2));
      ws.send({ t: 'call', id: 10 + i, op: 'listSessions', input: {} });
      expect(await ws.next((m) => m.id === 10 + i)).toMatchObject({ result: { ok: true } });
    }
    ws.close();
  }, 60_000);
});

describe('opening the browser', () => {
  it('hands the browser a one-time code: the first use sets the cookie, a second gets 401', async () => {
    await waitFor('serve to run the URL opener', () => existsSync(opened()));
    const argv = readFileSync(opened(), 'utf8');
    expect(argv).not.toContain(serve.token);
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]+/.exec(argv)?.[0];
    expect(url, argv).toBeDefined();

    const first = await fetch(url!, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toBe(`switchyard_token_${new URL(serve.base).port}=${serve.token}`);
    // The page, its assets and the API socket (as the renderer opens it: no token in the URL).
    const page = await fetch(`${serve.base}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await upgradeStatus(`${serve.base}/api`, { Origin: serve.base, Cookie: cookie })).toBe(101);

    const second = await fetch(url!, { redirect: 'manual' });
    expect(second.status).toBe(401);
    expect(second.headers.get('set-cookie')).toBeNull();
    // A spent code stays spent even for a browser that already holds the cookie.
    expect((await fetch(url!, { redirect: 'manual', headers: { cookie } })).status).toBe(401);
    // A socket never spends or accepts a code.
    expect(await upgradeStatus(`${serve.base}/api?code=${new URL(url!).searchParams.get('code')}`, { Origin: serve.base })).toBe(401);
  });

  it('puts the token in the argv of no process it starts', () => {
    const leaks: string[] = [];
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      let cmdline: string;
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        continue; // exited while we looked
      }
      if (cmdline.includes(serve.token)) leaks.push(`${pid}: ${cmdline}`);
    }
    // The runner and the agent of the session serve started are among the processes looked at.
    expect(readdirSync('/proc').some((p) => /^\d+$/.test(p) && safeRead(`/proc/${p}/cmdline`).includes('run-session'))).toBe(true);
    expect(leaks).toEqual([]);
  });
});

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
