// The browser `serve` opens: Chromium follows the one-time code URL that serve handed to the URL
// opener, lands on the UI with no secret in its address bar, and the UI talks to the API over a
// WebSocket authorised by the cookie alone. The same code in a second browser gets 401.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';
import { startServeProcess } from '../../integration/server/serve-process';
import type { ServeProcess } from '../../integration/server/serve-process';
import { CHROMIUM, launchBrowser, screenshot } from './harness';
import type { Browser } from './harness';

describe.skipIf(!existsSync(CHROMIUM))('signing in with the one-time code', () => {
  let world: World;
  let serve: ServeProcess;
  let browser: Browser;
  let existingId: string;
  const argsFile = () => join(world.root, 'xdg-open.args');

  beforeAll(async () => {
    world = makeWorld({ mode: 'exit:0' });
    existingId = (await world.startJson(['--task', 'Tidy the changelog', '--no-worktree'])).id;
    const opener = join(world.bin, 'xdg-open');
    writeFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile()}'\n`);
    chmodSync(opener, 0o755);
    serve = await startServeProcess({ home: world.home, cwd: world.work, env: world.env });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    world?.cleanup();
  });

  it('lands on the UI without the code in the address bar, and the UI works over the cookie', async () => {
    await waitFor('serve to run the URL opener', () => existsSync(argsFile()));
    const url = readFileSync(argsFile(), 'utf8').trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]+$/);
    const { page } = browser;
    const res = await page.goto(url);
    expect(res?.status()).toBe(200);
    expect(page.url()).toBe(`${serve.base}/`);
    // The session list arrives over the WebSocket subscription.
    await page.locator(`[data-session-id="${existingId}"]`).waitFor({ timeout: 20_000 });
    await screenshot(page, 'browser-signed-in-with-code');
    await page.reload();
    await page.locator(`[data-session-id="${existingId}"]`).waitFor({ timeout: 20_000 });

    const other = await launchBrowser();
    try {
      expect((await other.page.goto(url))?.status()).toBe(401);
    } finally {
      await other.close();
    }
  }, 90_000);
});
