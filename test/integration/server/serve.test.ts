// Browser mode's server: the token and Origin checks on pages and WebSocket upgrades, and the API
// over the WebSocket against a real session runner (replay from offset 0, typing, live output).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/api';
import { createApiHost } from '../../../src-main/host';
import type { ApiHost } from '../../../src-main/host';
import { startBrowserServer } from '../../../src-main/server';
import type { BrowserServer } from '../../../src-main/server';
import { cliPath } from '../../helpers/cli';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';
import { openSocket, upgradeStatus } from './ws-client';

let world: World;
let host: ApiHost;
let server: BrowserServer;
let base: string;
const savedPath = process.env.PATH;

beforeAll(async () => {
  world = makeWorld({ mode: 'echo' });
  const renderer = join(world.root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Switchyard</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  // The host resolves the agent on its own PATH (the fake `claude`), and runners inherit it.
  process.env.PATH = world.env.PATH;
  const runnerEnv = { PATH: world.env.PATH!, FAKE_AGENT_MODE: 'echo', FAKE_AGENT_LOG: world.agentLog };
  host = createApiHost({ home: world.home, cwd: world.work, runnerCommand: [process.execPath, cliPath], runnerEnv });
  server = await startBrowserServer({ host, rendererDir: renderer, port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  process.env.PATH = savedPath;
  await server?.close();
  await host?.dispose();
  world?.cleanup();
});

describe('access control', () => {
  it('serves the page with the token and sets a cookie for its assets', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Switchyard</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
  });

  it('answers 401 without the token or with a wrong one', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    expect(await upgradeStatus(`${base}/api`)).toBe(401);
    expect(await upgradeStatus(`${base}/api?token=${server.token}x`)).toBe(401);
  });

  it('refuses a foreign Origin and a foreign Host, even with the token', async () => {
    expect((await fetch(server.url, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect(await upgradeStatus(`${base}/api?token=${server.token}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${base}/api?token=${server.token}`, { Host: `rebind.example:${server.port}` })).toBe(403);
    expect(await upgradeStatus(`${base}/api?token=${server.token}`, { Origin: base })).toBe(101);
  });

  it('never serves files outside the renderer folder', async () => {
    const res = await fetch(`${base}/..%2f..%2fhome/switchyard.db?token=${server.token}`);
    expect(res.status).toBe(404);
  });
});

describe('the API over the WebSocket', () => {
  it('answers calls with Results, including typed errors for bad input', async () => {
    const ws = await openSocket(`${base}/api?token=${server.token}`, { Origin: base });
    ws.send({ t: 'call', id: 1, op: 'stopSession', input: { id: 42 } });
    ws.send({ t: 'call', id: 2, op: 'listSessions', input: {} });
    ws.send('not even an object');
    const bad = await ws.next((m) => m.id === 1);
    expect(bad).toMatchObject({ t: 'result', result: { ok: false, error: { code: 'invalid_input' } } });
    expect(await ws.next((m) => m.id === 2)).toEqual({ t: 'result', id: 2, result: { ok: true, value: { sessions: [] } } });
    expect(await ws.next((m) => m.t === 'error')).toMatchObject({ error: { code: 'invalid_input' } });
    ws.close();
  });

  it('refuses a relative cwd with the field and the fix, and starts nothing', async () => {
    const ws = await openSocket(`${base}/api?token=${server.token}`, { Origin: base });
    ws.send({ t: 'call', id: 1, op: 'startSession', input: { task: 'echo things', worktree: false, cwd: 'work' } });
    const r = await ws.next<{ result: { ok: false; error: { code: string; message: string } } }>((m) => m.id === 1);
    expect(r.result.error.code).toBe('invalid_input');
    expect(r.result.error.message).toBe(
      `startSession: cwd: must be an absolute path, found "work": give the folder's full path (for example /home/you/project)`,
    );
    ws.send({ t: 'call', id: 2, op: 'listSessions', input: {} });
    expect(await ws.next((m) => m.id === 2)).toMatchObject({ result: { ok: true, value: { sessions: [] } } });
    ws.close();
  });

  it('starts a session, replays its terminal from offset 0, takes typing, and streams the session list', async () => {
    const ws = await openSocket(`${base}/api?token=${server.token}`, { Origin: base });
    ws.send({ t: 'sub', id: 10, event: 'sessions', params: {} });
    expect(await ws.next((m) => m.id === 10)).toMatchObject({ payload: { kind: 'snapshot' } });
    ws.send({ t: 'call', id: 11, op: 'startSession', input: { task: 'echo things', worktree: false, mode: 'interactive' } });
    const started = await ws.next<{ result: { ok: true; value: Session } }>((m) => m.id === 11, 20_000);
    expect(started.result.ok).toBe(true);
    const id = started.result.value.id;
    await waitFor('the runner to start', async () => (await host.call('getSession', { id })).ok && ((await host.call('getSession', { id })) as { value: { live: boolean } }).value.live);

    ws.send({ t: 'sub', id: 12, event: 'terminal', params: { id, fromOffset: 0 } });
    const text = () =>
      ws.messages
        .filter((m) => m.id === 12 && (m.payload as { kind: string }).kind === 'output')
        .map((m) => (m.payload as { data: string }).data)
        .join('');
    await waitFor('the prompt', () => text().includes('> '));
    expect(text()).toContain('fake agent started (echo)');
    const first = ws.messages.find((m) => m.id === 12)!.payload as { offset: number };
    expect(first.offset).toBe(0);

    ws.send({ t: 'call', id: 13, op: 'terminalInput', input: { id, data: 'hello runner\r' } });
    expect(await ws.next((m) => m.id === 13)).toMatchObject({ result: { ok: true, value: { delivered: true } } });
    await waitFor('the echo', () => text().includes('YOU SAID: hello runner'));

    // Offsets are contiguous byte positions: a second subscriber from the middle gets the rest.
    const batches = ws.messages.filter((m) => m.id === 12).map((m) => m.payload as { kind: string; offset: number; end: number });
    for (let i = 1; i < batches.length; i++) if (batches[i]!.kind === 'output') expect(batches[i]!.offset).toBe(batches[i - 1]!.end);

    ws.send({ t: 'call', id: 14, op: 'stopSession', input: { id } });
    expect(await ws.next((m) => m.id === 14, 20_000)).toMatchObject({ result: { ok: true, value: { state: 'stopped' } } });
    await ws.next((m) => m.id === 10 && (m.payload as { kind: string }).kind === 'changed' && JSON.stringify(m.payload).includes('"stopped"'));
    await ws.next((m) => m.id === 12 && (m.payload as { kind: string }).kind === 'exit', 20_000);
    ws.close();
  }, 60_000);
});
