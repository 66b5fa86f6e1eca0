// Browser mode's small pages: the app icons (favicon, home-screen icon) and the auth probe the page
// uses after losing its socket to tell "server down" from "token refused" (serve restarted).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHost } from '../../../src-main/host';
import type { ApiHost } from '../../../src-main/host';
import { startBrowserServer } from '../../../src-main/server';
import type { BrowserServer } from '../../../src-main/server';
import { probeAuth } from '../../../src-main/api';
import { cliPath, repoRoot } from '../../helpers/cli';
import { makeWorld } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';

let world: World;
let host: ApiHost;
let server: BrowserServer;
let base: string;

beforeAll(async () => {
  world = makeWorld();
  const renderer = join(world.root, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Switchyard</title>');
  host = createApiHost({ home: world.home, cwd: world.work, runnerCommand: [process.execPath, cliPath] });
  server = await startBrowserServer({ host, rendererDir: renderer, port: 0, iconsDir: join(repoRoot, 'resources') });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
  await host?.dispose();
  world?.cleanup();
});

describe('app icons', () => {
  it('serves the favicon and the home-screen icon (PNG, from resources/) to a signed-in page', async () => {
    const page = await fetch(server.url);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const icon = readFileSync(join(repoRoot, 'resources', 'icon.png'));
    for (const path of ['/favicon.png', '/favicon.ico', '/apple-touch-icon.png']) {
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(icon)).toBe(true);
    }
  });

  it('still refuses the icons without the token', async () => {
    expect((await fetch(`${base}/favicon.png`)).status).toBe(401);
  });
});

describe('the auth probe', () => {
  it('answers 204 to the current token or cookie, without setting a cookie or spending a sign-in code', async () => {
    const res = await fetch(`${base}/auth-check?token=${server.token}`);
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toBeNull();
    const cookie = (await fetch(server.url)).headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${base}/auth-check`, { headers: { cookie } })).status).toBe(204);
    const login = server.loginUrl();
    const code = new URL(login).searchParams.get('code')!;
    expect((await fetch(`${base}/auth-check?code=${code}`)).status).toBe(401);
    // The code is still good for the page it was made for.
    expect((await fetch(login, { redirect: 'manual' })).status).toBe(303);
  });

  it('answers 401 to an old token, which the page reports as "token refused", and a closed port as "down"', async () => {
    expect((await fetch(`${base}/auth-check?token=old-token`)).status).toBe(401);
    await expect(probeAuth(`${base}/auth-check?token=old-token`)).resolves.toBe('refused');
    await expect(probeAuth(`${base}/auth-check?token=${server.token}`)).resolves.toBe('ok');
    await expect(probeAuth('http://127.0.0.1:9/auth-check')).resolves.toBe('down');
  });
});
