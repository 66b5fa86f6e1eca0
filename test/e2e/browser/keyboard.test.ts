// Keyboard use of the dialogs (issue 13): focus stays inside a dialog however often Tab or
// Shift+Tab is pressed, and Escape closes it, also after tabbing; the palette lists every action.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';
import { CHROMIUM, launchBrowser, screenshot, startServe } from './harness';
import type { Browser, Serve } from './harness';

const haveChromium = existsSync(CHROMIUM);

/** Whether focus is on a control inside the dialog titled `name` (evaluated in the page). */
const focusInDialog = (page: Page, name: string) =>
  page.evaluate<boolean>(`(() => {
    const d = [...document.querySelectorAll('[role="dialog"]')].find((x) => document.getElementById(x.getAttribute('aria-labelledby') || '')?.textContent === ${JSON.stringify(name)});
    return !!d && d.contains(document.activeElement) && document.activeElement !== document.body;
  })()`);

async function tabAround(page: Page, name: string, key: 'Tab' | 'Shift+Tab', times: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(key);
    expect(await focusInDialog(page, name), `focus inside "${name}" after ${key} #${i + 1}`).toBe(true);
    seen.add(await page.evaluate<string>('(document.activeElement.getAttribute("aria-label") || document.activeElement.textContent || document.activeElement.tagName).slice(0, 40)'));
  }
  return seen;
}

describe.skipIf(!haveChromium)('dialogs from the keyboard', () => {
  let world: World;
  let serve: Serve;
  let browser: Browser;
  let sessionId: string;

  beforeAll(async () => {
    world = makeWorld({ mode: 'exit:0' });
    sessionId = (await world.startJson(['--task', 'Summarise the changelog', '--no-worktree'])).id;
    await waitFor('the session to complete', async () => (await world.status(sessionId)).state === 'completed');
    serve = await startServe({ home: world.home, cwd: world.work, env: world.env });
    browser = await launchBrowser({ width: 1280, height: 800 });
    await browser.page.goto(`${serve.url}#s=${sessionId}`);
    await browser.page.locator(`[data-session-id="${sessionId}"]`).waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    world?.cleanup();
  });

  it('keeps focus inside the New dialog through 40 Tabs and 40 Shift+Tabs, and Escape still closes it', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'New session' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New session' });
    await dialog.waitFor();
    await dialog.getByLabel('Task', { exact: true }).fill('Fix the flaky test');
    const forward = await tabAround(page, 'New session', 'Tab', 40);
    // It cycled: every control was reached, the Task box and the Start button among them.
    expect(forward.size).toBeGreaterThanOrEqual(10);
    expect([...forward].some((s) => s.includes('Start session'))).toBe(true);
    await tabAround(page, 'New session', 'Shift+Tab', 40);
    await screenshot(page, 'new-dialog-after-tabbing');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 5000 });
  });

  it('closes the New dialog on Escape straight away, and when focus was pushed out of it', async () => {
    const { page } = browser;
    await page.keyboard.press('Alt+KeyN');
    const dialog = page.getByRole('dialog', { name: 'New session' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 5000 });

    await page.keyboard.press('Alt+KeyN');
    await dialog.waitFor();
    // A script (or a stray click) moving focus behind the dialog: it comes back, and Escape works.
    await page.evaluate('document.querySelector(".topbar button").focus()');
    expect(await focusInDialog(page, 'New session')).toBe(true);
    await page.evaluate('document.activeElement.blur()');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 5000 });
  });

  it('traps focus in the command palette and the output search, and Escape closes both', async () => {
    const { page } = browser;
    await page.keyboard.press('Control+KeyK');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await tabAround(page, 'Command palette', 'Tab', 5);
    await tabAround(page, 'Command palette', 'Shift+Tab', 5);
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached', timeout: 5000 });

    await page.keyboard.press('Control+Shift+KeyF');
    const search = page.getByRole('dialog', { name: 'Search all output' });
    await search.waitFor();
    await tabAround(page, 'Search all output', 'Tab', 5);
    await page.keyboard.press('Escape');
    await search.waitFor({ state: 'detached', timeout: 5000 });
  });

  it('lists every action in the command palette', async () => {
    const { page } = browser;
    await page.keyboard.press('Control+KeyK');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    const titles = await palette.locator('.cmd-title').allInnerTexts();
    for (const want of ['New session…', 'Search all output…', 'Open settings', 'Merge all ready branches', 'Clean up merged worktrees', 'Next session', `Open folder of ${sessionId}`]) {
      expect(titles, want).toContain(want);
    }
    expect(titles.some((t) => /^Switch to (light|dark) theme$/.test(t))).toBe(true);
    expect(titles.some((t) => t.startsWith(`Delete ${sessionId}`))).toBe(true);
    for (const view of ['Sessions', 'Merge queue', 'Diffs', 'Delegation', 'Automation', 'Budgets', 'Settings']) expect(titles).toContain(`Show ${view}`);
    // A command runs: "Open settings" shows the settings view.
    await page.getByRole('combobox', { name: 'Type a command or a session' }).fill('open settings');
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached', timeout: 5000 });
    await page.getByRole('tab', { name: 'Settings', selected: true }).waitFor();
  });
});
