// Attention in browser mode, end to end: a real `switchyard serve` (with its daemon), real runners
// with the fake agent, the agent's hook reporting a permission prompt through `switchyard hook-event`
// (as Claude's PermissionRequest hook does), and Chromium showing what needs the operator: a Web
// Notification, the "(1) Switchyard" title, the favicon count, the unread marker and the Attention
// filter. A budget pass that stops several sessions is one notice with its figures and a link.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openStore } from '../../../src-main/engine/store';
import { runCli } from '../../helpers/cli';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';
import { CHROMIUM, launchBrowser, screenshot, SCREENSHOTS, startServe } from './harness';
import type { Browser, Serve } from './harness';

const haveChromium = existsSync(CHROMIUM);

// The daemon ticks every second, so the budget stop comes quickly; nothing goes stale in an hour.
const CONFIG = `heartbeat_interval_secs = 1
session_timeout_secs = 3600
cost_budget_usd = 0.0045
`;

/** Records every Notification the page constructs (the real one still shows). Page code, as text. */
const RECORD_NOTIFICATIONS = `(() => {
  const Real = window.Notification;
  const seen = (window.__notifications = []);
  function Recorded(title, options = {}) {
    seen.push({ title, body: options.body ?? '', tag: options.tag ?? '' });
    const real = new Real(title, options);
    (window.__notificationObjects ??= []).push(real);
    return real;
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Recorded.requestPermission = (cb) => Real.requestPermission(cb);
  window.Notification = Recorded;
})();`;

const notifications = (page: Page) => page.evaluate<{ title: string; body: string }[]>('window.__notifications ?? []');

describe.skipIf(!haveChromium)('attention in browser mode', () => {
  let world: World;
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  const ids: string[] = [];

  beforeAll(async () => {
    world = makeWorld({ mode: 'sleep', config: CONFIG });
    // Oldest first: the page preselects the newest, so the first one is in the background.
    for (const task of ['Migrate the billing tables to the new schema and keep the old ones readable', 'Write the release notes', 'Tidy the CI cache']) {
      ids.push((await world.startJson(['--task', task, '--no-worktree', '--project', 'shop'])).id);
    }
    for (const id of ids) await waitFor(`session ${id} running`, async () => (await world.status(id)).state === 'running');
    serve = await startServe({ home: world.home, cwd: world.work, env: world.env });
    browser = await launchBrowser({ width: 1280, height: 800 });
    page = browser.page;
    await page.addInitScript({ content: RECORD_NOTIFICATIONS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    world?.cleanup();
  });

  it('a session going needs-input raises a Web Notification, the title badge shows 1, and opening it clears its unread marker', async () => {
    const [waiting, , newest] = ids as [string, string, string];
    await page.goto(serve.url);
    await page.locator(`[data-session-id="${newest}"].selected`).waitFor();
    expect(await page.title()).toBe('Switchyard');

    // Permission is asked only when the operator clicks.
    const enable = page.getByRole('button', { name: 'Enable notifications' });
    await enable.waitFor();
    await screenshot(page, 'attention-enable-notifications');
    await browser.context.grantPermissions(['notifications'], { origin: serve.origin });
    await enable.click();
    const toggle = page.getByRole('checkbox', { name: 'Notifications' });
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Sound' }).isChecked()).toBe(false);

    // The agent's permission prompt, as its hook reports it.
    const hook = await runCli(['--home', world.home, 'hook-event', '--agent', 'claude', '--session-id', waiting, '--event', 'PermissionRequest'], {
      cwd: world.work,
      env: world.env,
      input: JSON.stringify({ session_id: 'x', hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'psql -f migrate.sql' } }),
    });
    expect(hook.code).toBe(0);
    expect((await world.status(waiting)).attention).toBe('needs_input');

    const note = await waitFor('a Web Notification', async () => (await notifications(page)).find((n) => n.title === `Session ${waiting} needs your input`), 30_000);
    expect(note.body).toContain('psql -f migrate.sql');
    await waitFor('the title badge', async () => (await page.title()) === '(1) Switchyard', 10_000);
    await expect(page.locator('link[rel~="icon"]').getAttribute('data-badge')).resolves.toBe('1');
    const icon = (await page.locator('link[rel~="icon"]').getAttribute('href')) ?? '';
    expect(icon).toMatch(/^data:image\/png;base64,/);
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, 'attention-favicon-1.png'), Buffer.from(icon.replace(/^data:image\/png;base64,/, ''), 'base64'));

    const item = page.locator(`[data-session-id="${waiting}"]`);
    await waitFor('the unread marker', async () => (await item.getAttribute('data-unread')) === 'true', 10_000);
    expect(await item.getAttribute('aria-label')).toMatch(/— Needs input, unread/);
    // The full title is the tooltip of the (truncated) sidebar title.
    expect(await item.locator('.session-task').getAttribute('title')).toBe('Migrate the billing tables to the new schema and keep the old ones readable');

    // The Attention filter counts it and shows only it.
    const filter = page.getByRole('radio', { name: /Attention/ });
    expect(await filter.innerText()).toMatch(/Attention\s*1/);
    await filter.click();
    await waitFor('only the waiting session listed', async () => (await page.locator('.session-item').count()) === 1);
    await screenshot(page, 'attention-needs-input-1280');
    for (const width of [1024, 1920]) {
      await page.setViewportSize({ width, height: 800 });
      await screenshot(page, `attention-needs-input-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    await item.click();
    await waitFor('the marker cleared', async () => (await item.getAttribute('data-unread')) === null, 10_000);
    expect(await item.locator('.unread-marker').count()).toBe(0);
    // Still waiting for input: still counted.
    expect(await page.title()).toBe('(1) Switchyard');
    // Read is remembered by this browser.
    await page.reload();
    await item.waitFor();
    await page.waitForTimeout(500);
    expect(await item.getAttribute('data-unread')).toBeNull();
    await page.getByRole('radio', { name: /^All/ }).click();

    // A second one waits; clicking its notification opens it, which reads it.
    const second = ids[1]!;
    await runCli(['--home', world.home, 'hook-event', '--agent', 'claude', '--session-id', second, '--event', 'Notification'], {
      cwd: world.work,
      env: world.env,
      input: JSON.stringify({ hook_event_name: 'Notification', notification_type: 'permission_prompt', message: 'Claude needs your permission to use Bash' }),
    });
    const secondItem = page.locator(`[data-session-id="${second}"]`);
    await waitFor('the second unread marker', async () => (await secondItem.getAttribute('data-unread')) === 'true', 30_000);
    await waitFor('the title badge at 2', async () => (await page.title()) === '(2) Switchyard', 10_000);
    const clicked = await waitFor('its notification', () =>
      page.evaluate<boolean, string>((title) => {
        const all = (globalThis as unknown as { __notificationObjects?: { title: string; onclick: (() => void) | null }[] }).__notificationObjects ?? [];
        const n = all.find((x) => x.title === title);
        n?.onclick?.();
        return Boolean(n);
      }, `Session ${second} needs your input`),
    );
    expect(clicked).toBe(true);
    await waitFor('the second session open and read', async () => (await secondItem.getAttribute('aria-current')) === 'true' && (await secondItem.getAttribute('data-unread')) === null, 10_000);
  }, 90_000);

  it('a budget pass stopping every session is one notice with the spend and the limit, linking to the budgets', async () => {
    // In-page notices when notifications are off.
    await page.getByRole('checkbox', { name: 'Notifications' }).uncheck();
    const before = (await notifications(page)).length;
    const store = openStore(join(world.home, 'switchyard.db'));
    try {
      store.updateMetrics(ids[0]!, { costUsd: 0.003 });
      store.updateMetrics(ids[1]!, { costUsd: 0.0024 });
    } finally {
      store.close();
    }
    const toast = page.locator('.toast', { hasText: 'budget stop' });
    await waitFor('the budget stop notice', async () => /budget stop: 3 sessions stopped — \$0\.0054 of \$0\.0045 spent/.test((await toast.first().innerText().catch(() => '')) ?? ''), 45_000);
    // Let the other stops of the pass arrive: still one notice.
    await page.waitForTimeout(1500);
    expect(await toast.count()).toBe(1);
    expect(await page.locator('.toast').allInnerTexts()).not.toEqual(expect.arrayContaining([expect.stringMatching(/\$0\.00 reached|\$0\.01/)]));
    expect((await notifications(page)).length).toBe(before);
    await waitFor('three sessions counted', async () => (await page.title()) === '(3) Switchyard', 20_000);
    await screenshot(page, 'attention-budget-stop');
    await toast.getByRole('button', { name: 'Budgets' }).click();
    await page.getByRole('main', { name: 'Budgets and costs' }).waitFor();
  }, 90_000);
});
