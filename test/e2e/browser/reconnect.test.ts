// After `switchyard serve` stops, an open tab says it is reconnecting; when serve comes back with a
// new token, the tab says its token is refused and how to get back in (not "Reconnecting…" for ever).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';
import { CHROMIUM, launchBrowser, screenshot, startServe } from './harness';
import type { Browser, Serve } from './harness';

const haveChromium = existsSync(CHROMIUM);

describe.skipIf(!haveChromium)('a tab outliving its serve process', () => {
  let world: World;
  let serve: Serve;
  let browser: Browser;

  beforeAll(async () => {
    world = makeWorld({ mode: 'exit:0' });
    serve = await startServe({ home: world.home, cwd: world.work, env: world.env });
    browser = await launchBrowser({ width: 1280, height: 800 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    world?.cleanup();
  });

  it('has a favicon', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await expect(page.locator('link[rel="icon"]').getAttribute('href')).resolves.toBe('/favicon.png');
    const res = await page.request.get(`${serve.origin}/favicon.png`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/png');
  });

  it('says "Reconnecting…" while serve is down, then that the token changed once it is back with a new one', async () => {
    const { page } = browser;
    const status = page.locator('.topbar [role="status"]');
    await waitFor('the tab to connect', async () => /Daemon|Connected/.test(await status.innerText()));
    const port = Number(new URL(serve.url).port);
    const oldToken = new URL(serve.url).searchParams.get('token');
    await serve.stop();
    await waitFor('the tab to notice serve is gone', async () => (await status.textContent())?.includes('Reconnecting') ?? false, 20_000);
    expect(await page.getByRole('alert', { name: 'Access token refused' }).count()).toBe(0);

    serve = await startServe({ home: world.home, cwd: world.work, env: world.env, port });
    expect(new URL(serve.url).searchParams.get('token')).not.toBe(oldToken);
    const alert = page.getByRole('alert', { name: 'Access token refused' });
    await alert.waitFor({ timeout: 30_000 });
    await expect(alert.innerText()).resolves.toMatch(/no longer accepted[\s\S]*switchyard serve[\s\S]*restarted[\s\S]*Open the address it printed/);
    await expect(status.textContent()).resolves.toContain('Token refused');
    await screenshot(page, 'token-refused-1280');

    // The new address works in the same tab, and the notice is gone.
    await page.goto(serve.url);
    await waitFor('the tab to connect again', async () => /Daemon|Connected/.test(await status.innerText()));
    expect(await alert.count()).toBe(0);
  }, 90_000);
});
