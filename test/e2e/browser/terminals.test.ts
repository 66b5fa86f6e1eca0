// Several terminals at once, and terminal details, in Chromium against a real `switchyard serve`
// with real runners: a 2x2 split view of four live sessions each typed into, find with a match
// count across wrapped rows, the PTY starting at the view's size, and the key that leaves a terminal.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { Session } from '../../../src-main/api';
import { sessionLogPath } from '../../../src-main/engine/paths';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';
import { CHROMIUM, launchBrowser, screenshot, startServe } from './harness';
import type { Browser, Serve } from './harness';

const haveChromium = existsSync(CHROMIUM);

/** A terminal's visible text without whitespace (wrapped rows join up). */
async function textOf(term: Locator): Promise<string> {
  return ((await term.locator('.xterm-rows').innerText().catch(() => '')) ?? '').replace(/\s+/g, '');
}

async function waitForText(term: Locator, needle: string, timeoutMs = 20_000): Promise<void> {
  const want = needle.replace(/\s+/g, '');
  await waitFor(`"${needle}" in the terminal`, async () => (await textOf(term)).includes(want), timeoutMs);
}

async function sizeOf(term: Locator): Promise<{ cols: number; rows: number }> {
  const host = term.locator('[data-testid="terminal"]');
  return { cols: Number(await host.getAttribute('data-cols')), rows: Number(await host.getAttribute('data-rows')) };
}

async function newInteractiveSession(page: Page, task: string): Promise<void> {
  await page.getByRole('button', { name: 'New session' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New session' });
  await dialog.getByLabel('Task', { exact: true }).fill(task);
  await dialog.getByRole('radio', { name: 'Interactive' }).click();
  await dialog.getByRole('radio', { name: 'In place' }).click();
  await dialog.getByRole('button', { name: 'Start session' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });
}

const logOf = (world: World, id: string) => (existsSync(sessionLogPath(world.home, id)) ? readFileSync(sessionLogPath(world.home, id), 'utf8') : '');
const activeIsTerminal = async (page: Page) => (await page.locator('.xterm-helper-textarea:focus').count()) > 0;

describe.skipIf(!haveChromium)('terminals in browser mode', () => {
  let world: World;
  let serve: Serve;
  let browser: Browser;
  const grid: Session[] = [];

  beforeAll(async () => {
    // `size` prints the PTY size it started at, then echoes typed lines.
    world = makeWorld({ mode: 'size' });
    for (const n of [1, 2, 3, 4]) grid.push(await world.startJson(['--task', `pane ${n}`, '--mode', 'interactive', '--no-worktree']));
    serve = await startServe({ home: world.home, cwd: world.work, env: world.env });
    browser = await launchBrowser({ width: 1600, height: 1000 });
  }, 90_000);

  afterAll(async () => {
    for (const s of grid) await world?.cli(['stop', s.id]).catch(() => undefined);
    await browser?.close();
    await serve?.stop();
    world?.cleanup();
  });

  it('starts the PTY of a session started from the UI at the size of the terminal that shows it', async () => {
    const { page } = browser;
    await page.goto(`${serve.url}#s=${grid[0]!.id}`);
    const term = page.locator('.session-view .terminal-card');
    await waitForText(term, 'fake agent started (size)');
    await newInteractiveSession(page, 'how big is my terminal');
    await waitForText(term, 'fake agent started (size)');
    const size = await sizeOf(term);
    expect(size.cols).toBeGreaterThan(80);
    // The agent's very first output already has the view's size (not 80x24 and a resize later).
    const first = (await term.locator('.xterm-rows').innerText()).split('\n').map((l) => l.trim()).find(Boolean);
    // The width is the view's exactly; the height may be a few rows off when the new session's
    // header differs from the last one shown (a reason line), until the view's resize arrives.
    const started = /^SIZE (\d+)x(\d+)$/.exec(first ?? '');
    expect(started, first).not.toBeNull();
    expect(Number(started![1])).toBe(size.cols);
    expect(Math.abs(Number(started![2]) - size.rows)).toBeLessThanOrEqual(3);
    expect(world.agentLogLines().some((l) => l.startsWith('SIZE ') && l.includes(` ${size.cols}x`))).toBe(true);
    // No WebGL in this browser: xterm's DOM renderer, silently.
    await expect(term.locator('[data-testid="terminal"]').getAttribute('data-renderer')).resolves.toBe('dom');
    await screenshot(page, 'terminal-started-at-view-size');
  }, 60_000);

  it('starts the first session of a page that has shown no terminal yet close to its view size (an estimate from the window)', async () => {
    const { page } = browser;
    await page.goto(`${serve.url}#v=settings`);
    await page.reload();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await newInteractiveSession(page, 'estimate probe');
    const term = page.locator('.session-view .terminal-card');
    await waitForText(term, 'fake agent started (size)');
    const size = await sizeOf(term);
    const first = (await term.locator('.xterm-rows').innerText()).split('\n').map((l) => l.trim()).find(Boolean) ?? '';
    const m = /^SIZE (\d+)x(\d+)$/.exec(first);
    expect(m, first).not.toBeNull();
    // The view resizes the PTY once laid out; the estimate only has to be close, not 80x24.
    expect(Math.abs(Number(m![1]) - size.cols)).toBeLessThanOrEqual(3);
    // Rows: the header may grow after the start (a reason line when the agent's prompt is flagged
    // as needing input), so only close, and clearly not 24.
    expect(Math.abs(Number(m![2]) - size.rows)).toBeLessThanOrEqual(8);
    expect(Number(m![2])).toBeGreaterThan(24);
  }, 60_000);

  it('shows four live sessions in a 2x2 grid, each taking its own typing', async () => {
    const { page } = browser;
    const [a, b, c, d] = grid as [Session, Session, Session, Session];
    await page.locator(`[data-session-id="${a.id}"]`).first().click();
    await page.getByLabel('Split: show beside').selectOption(b.id);
    const view = page.getByRole('main', { name: 'Split view' });
    await view.waitFor();
    // pane_layout's default, side by side, with linear_pane_size_percent (35) as the first pane's share.
    await expect(view.getByRole('radio', { name: 'Side by side' }).getAttribute('aria-checked')).resolves.toBe('true');
    const [w0, w1] = await Promise.all([0, 1].map(async (i) => (await view.locator('.split-pane').nth(i).boundingBox())!.width));
    expect(w0! / (w0! + w1!)).toBeGreaterThan(0.32);
    expect(w0! / (w0! + w1!)).toBeLessThan(0.38);
    await screenshot(page, 'split-side-by-side');
    await view.getByLabel('Add a session to the split view').selectOption(c.id);
    await view.getByLabel('Add a session to the split view').selectOption(d.id);
    await view.getByRole('radio', { name: 'Grid' }).click();
    const panes = view.locator('.split-pane');
    await waitFor('four panes', async () => (await panes.count()) === 4);
    // 2x2: two distinct columns and two distinct rows.
    const boxes = await Promise.all([0, 1, 2, 3].map(async (i) => (await panes.nth(i).boundingBox())!));
    expect(new Set(boxes.map((x) => Math.round(x.x))).size).toBe(2);
    expect(new Set(boxes.map((x) => Math.round(x.y))).size).toBe(2);
    for (const [i, s] of grid.entries()) {
      const pane = view.locator(`.split-pane[data-session-id="${s.id}"]`);
      await waitForText(pane, 'fake agent started (size)');
      // Fitted to its pane: narrower than the whole window's terminal.
      expect((await sizeOf(pane)).cols).toBeLessThan(150);
      await pane.locator('.xterm').click();
      await page.keyboard.type(`hello from pane ${i + 1}`);
      await page.keyboard.press('Enter');
      await waitForText(pane, `YOU SAID: hello from pane ${i + 1}`);
    }
    for (const [i, s] of grid.entries()) {
      const text = await textOf(view.locator(`.split-pane[data-session-id="${s.id}"]`));
      const log = logOf(world, s.id);
      for (const n of [1, 2, 3, 4]) {
        const said = `YOUSAID:hellofrompane${n}`;
        expect(text.includes(said), `pane ${i + 1} shows pane ${n}'s echo`).toBe(n === i + 1);
        expect(log.replace(/\s+/g, '').includes(said), `log of pane ${i + 1} has pane ${n}'s echo`).toBe(n === i + 1);
      }
    }
    // The config's move keys (ctrl-l: right) move focus between panes, from inside a terminal.
    await view.locator(`.split-pane[data-session-id="${a.id}"] .xterm`).click();
    await page.keyboard.press('Control+KeyL');
    await waitFor('the second pane to have the focus', async () => (await view.locator('.split-pane.focused').getAttribute('data-session-id')) === b.id);
    await expect(view.locator('.split-pane:focus-within').getAttribute('data-session-id')).resolves.toBe(b.id);
    // focus_sessions / focus_output ("1", "2") work outside a terminal: to the list, and back.
    await view.locator(`.split-pane[data-session-id="${b.id}"] .split-pane-title`).click();
    expect(await activeIsTerminal(page)).toBe(false);
    await page.keyboard.press('1');
    await waitFor('the session list to have the focus', async () => (await page.locator('.session-item:focus').count()) === 1, 5000);
    await page.keyboard.press('2');
    await waitFor('the terminal to have the focus again', async () => (await view.locator('.split-pane.focused .xterm-helper-textarea:focus').count()) === 1, 5000);
    await screenshot(page, 'split-grid-four-sessions');
    // Every pane fits at common widths (each terminal refits to its pane).
    for (const width of [1024, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await waitFor(`the panes to fit at ${width} px`, async () => view.evaluate((el) => el.scrollWidth <= el.clientWidth + 1));
      await screenshot(page, `split-grid-${width}`);
    }
    await page.setViewportSize({ width: 1600, height: 1000 });
  }, 120_000);

  it('leaves a live terminal with Esc then Tab (a Tab alone goes to the agent), and a read-only one with Tab', async () => {
    const { page } = browser;
    const pane = page.locator(`.split-pane[data-session-id="${grid[1]!.id}"]`);
    await expect(pane.getByText('leaves').isVisible()).resolves.toBe(true);
    await pane.locator('.xterm').click();
    await page.keyboard.press('Tab');
    expect(await activeIsTerminal(page)).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    await waitFor('focus to leave the terminal', async () => !(await activeIsTerminal(page)), 5000);

    // A stopped session's terminal is read-only: Tab moves on at once.
    await world.cli(['stop', grid[3]!.id]);
    const stopped = page.locator(`.split-pane[data-session-id="${grid[3]!.id}"]`);
    await waitFor('the pane to show it stopped', async () => /Stopped/i.test((await stopped.locator('.split-pane-head').innerText()) ?? ''), 20_000);
    await stopped.locator('.xterm').click();
    expect(await activeIsTerminal(page)).toBe(true);
    await page.keyboard.press('Tab');
    await waitFor('Tab to leave the read-only terminal', async () => !(await activeIsTerminal(page)), 5000);
  }, 60_000);

  it('finds text in the terminal with a match count, including a match wrapped across rows', async () => {
    const { page } = browser;
    const pane = page.locator(`.split-pane[data-session-id="${grid[0]!.id}"]`);
    const { cols } = await sizeOf(pane);
    // "YOU SAID: " is 10 columns: the needle starts 4 columns before the row ends, so it wraps.
    const line = `${'a'.repeat(cols - 14)}wrapneedle`;
    await pane.locator('.xterm').click();
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await waitForText(pane, `YOU SAID: ${line}`);
    await pane.locator('.xterm').click();
    await page.keyboard.press('Control+KeyF');
    const find = pane.getByLabel('Find in output', { exact: true }).and(pane.locator('input'));
    await find.fill('wrapneedle');
    const result = pane.getByTestId('find-result');
    // Two: the terminal's echo of the typed line, and the agent's answer, which wraps mid-word.
    await waitFor('a match count', async () => /^\d of 2$/.test((await result.innerText()).trim()));
    await find.press('Enter');
    const first = (await result.innerText()).trim();
    await pane.getByRole('button', { name: 'Next match' }).click();
    await waitFor('the next match', async () => (await result.innerText()).trim() !== first);
    await pane.getByRole('button', { name: 'Previous match' }).click();
    await waitFor('the previous match', async () => (await result.innerText()).trim() === first);
    await screenshot(page, 'terminal-find-count');
  }, 60_000);

  it('opens a link printed in a terminal in a new tab when clicked', async () => {
    const { page, context } = browser;
    const pane = page.locator(`.split-pane[data-session-id="${grid[2]!.id}"]`);
    const url = `${serve.origin}/linked-from-terminal`;
    await pane.locator('.xterm').click();
    await page.keyboard.type(`see ${url}`);
    await page.keyboard.press('Enter');
    await waitForText(pane, `YOU SAID: see ${url}`);
    // The link's cell: the row of the agent's answer, after "YOU SAID: see ".
    const row = pane.locator('.xterm-rows > div', { hasText: `YOU SAID: see ${url}` });
    const screen = (await pane.locator('.xterm-screen').boundingBox())!;
    const box = (await row.boundingBox())!;
    const { cols } = await sizeOf(pane);
    const x = screen.x + ('YOU SAID: see '.length + 5) * (screen.width / cols);
    const y = box.y + box.height / 2;
    const opened = context.waitForEvent('page', { timeout: 15_000 });
    await page.mouse.move(x - 10, y);
    await page.mouse.move(x, y);
    await page.mouse.click(x, y);
    const tab = await opened;
    await waitFor('the new tab to load the link', () => tab.url().startsWith(url), 15_000);
    await tab.close();
  }, 60_000);

  it('offers the pane settings, which the split view now follows, and not the settings nothing acts on', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Settings' }).click();
    const settings = page.getByRole('main', { name: 'Settings' });
    await settings.getByRole('heading', { name: 'Pane navigation' }).waitFor();
    await expect(settings.getByLabel('pane_layout').count()).resolves.toBe(1);
    await expect(settings.getByLabel('move_left').count()).resolves.toBe(1);
    for (const gone of ['Webhook notifications', 'Completion summary notifications']) await expect(settings.getByRole('heading', { name: gone }).count()).resolves.toBe(0);
    for (const gone of ['focus_metrics', 'focus_log']) await expect(settings.getByLabel(gone).count()).resolves.toBe(0);
    await screenshot(page, 'settings-panes');
  }, 30_000);

  it('draws with WebGL where the browser has it', async () => {
    const gl = await launchBrowser({ width: 1280, height: 800 }, { webgl: true });
    try {
      await gl.page.goto(`${serve.url}#s=${grid[0]!.id}`);
      const host = gl.page.locator('.session-view [data-testid="terminal"]');
      await waitFor('the WebGL renderer', async () => (await host.getAttribute('data-renderer').catch(() => null)) === 'webgl');
      expect(await host.locator('canvas').count()).toBeGreaterThan(0);
      await screenshot(gl.page, 'terminal-webgl');
    } finally {
      await gl.close();
    }
  }, 60_000);
});
