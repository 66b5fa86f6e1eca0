// The layout fits a laptop (issue 13): at 1024, 1280 and 1920 px, every view has no horizontal
// scroll and every top-bar control (and each item of the view-tab overflow menu) can be clicked.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';
import { CHROMIUM, launchBrowser, screenshot, startServe } from './harness';
import type { Browser, Serve } from './harness';

const haveChromium = existsSync(CHROMIUM);
const WIDTHS = [1024, 1280, 1920];
const VIEWS = ['Sessions', 'Merge queue', 'Diffs', 'Delegation', 'Automation', 'Budgets', 'Settings'];
const LONG_TASK = 'Refactor the checkout flow so that coupons, gift cards and store credit share one pricing pipeline, then update every test that depends on the old order';

/** Opens a view through its tab, or through the More menu when the tab did not fit. */
async function openView(page: Page, label: string): Promise<void> {
  const tab = page.getByRole('tab', { name: label, exact: true });
  if (await tab.count()) return tab.click();
  await page.getByRole('button', { name: /^More views/ }).click();
  await page.getByRole('menuitemradio', { name: label, exact: true }).click();
}

async function assertFits(page: Page, what: string, menuShot?: string): Promise<void> {
  const { scroll, inner } = await page.evaluate<{ scroll: number; inner: number }>('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })');
  expect(scroll, `${what}: page is ${scroll} px wide in a ${inner} px window`).toBeLessThanOrEqual(inner);
  const bar = page.locator('.topbar');
  const controls = bar.locator('button');
  const n = await controls.count();
  expect(n, `${what}: top-bar controls`).toBeGreaterThanOrEqual(4);
  for (let i = 0; i < n; i++) {
    const c = controls.nth(i);
    const name = (await c.getAttribute('aria-label')) ?? (await c.innerText());
    await expect(c.isVisible(), `${what}: "${name}" visible`).resolves.toBe(true);
    const box = await c.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= inner + 0.5, `${what}: "${name}" inside the window (${JSON.stringify(box)})`).toBe(true);
    // A trial click runs every actionability check (visible, enabled, not covered) without clicking.
    await c.click({ trial: true, timeout: 5000 });
  }
  await expect(bar.getByRole('status').isVisible()).resolves.toBe(true);
  const more = bar.getByRole('button', { name: /^More views/ });
  if (await more.count()) {
    await more.click();
    const items = page.getByRole('menuitemradio');
    const m = await items.count();
    expect(m).toBeGreaterThan(0);
    for (let i = 0; i < m; i++) {
      const box = await items.nth(i).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= inner + 0.5, `${what}: menu item ${i} inside the window`).toBe(true);
      await items.nth(i).click({ trial: true, timeout: 5000 });
    }
    if (menuShot) await screenshot(page, menuShot);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu').count()).resolves.toBe(0);
  }
}

describe.skipIf(!haveChromium)('the layout at laptop and desktop widths', () => {
  let world: World;
  let serve: Serve;
  let browser: Browser;
  let sessionId: string;

  beforeAll(async () => {
    world = makeWorld({ mode: 'exit:0' });
    sessionId = (await world.startJson(['--task', LONG_TASK, '--no-worktree', '--project', 'shop'])).id;
    await world.startJson(['--task', 'Update the README', '--no-worktree', '--project', 'docs']);
    await waitFor('the session to complete', async () => (await world.status(sessionId)).state === 'completed');
    serve = await startServe({ home: world.home, cwd: world.work, env: world.env });
    browser = await launchBrowser({ width: 1024, height: 768 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    world?.cleanup();
  });

  for (const width of WIDTHS) {
    it(`fits at ${width} px: no sideways scroll, every top-bar control clickable, in every view`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height: width >= 1920 ? 1080 : 768 });
      await page.goto(`${serve.url}#s=${sessionId}`);
      await page.locator(`[data-session-id="${sessionId}"]`).waitFor();
      for (const view of VIEWS) {
        if (view === 'Sessions') {
          await openView(page, view);
          await page.locator(`[data-session-id="${sessionId}"]`).click();
          await page.getByRole('main', { name: `Session ${sessionId}` }).waitFor();
        } else {
          await openView(page, view);
          // The view is showing: its tab (or the More button naming it) is the selected one.
          await waitFor(`${view} selected`, async () => (await page.getByRole('tab', { name: view, exact: true, selected: true }).count()) + (await page.getByRole('button', { name: `More views (showing ${view})` }).count()) > 0);
        }
        await assertFits(page, `${view} at ${width}`, view === 'Sessions' ? `more-menu-${width}` : undefined);
        await screenshot(page, `${view.toLowerCase().replace(/\s+/g, '-')}-${width}`);
      }
    }, 120_000);
  }

  it('gives the truncated session title its full text as a tooltip', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1024, height: 768 });
    await openView(page, 'Sessions');
    await page.locator(`[data-session-id="${sessionId}"]`).click();
    const title = page.locator('.session-title');
    await title.waitFor();
    await expect(title.getAttribute('title')).resolves.toBe(LONG_TASK);
    const clipped = await title.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(clipped).toBe(true);
  });
});
