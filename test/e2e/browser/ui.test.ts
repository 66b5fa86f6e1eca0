// Browser mode end to end: a real `switchyard serve`, real session runners, Chromium driving the UI.
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { claudeEnv, seedClaudeHome, STUB_API_KEY } from '../../fixtures/stub-model/claude-env';
import { startStubModel } from '../../fixtures/stub-model/server';
import type { StubModel } from '../../fixtures/stub-model/server';
import { cleanEnv, repoRoot } from '../../helpers/cli';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';
import { CHROMIUM, launchBrowser, screenshot, startServe, terminalText } from './harness';
import type { Browser, Serve } from './harness';

const haveChromium = existsSync(CHROMIUM);

async function newSessionFromDialog(page: Page, opts: { task: string; interactive: boolean; agent?: string }): Promise<void> {
  await page.getByRole('button', { name: 'New session' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New session' });
  await dialog.getByLabel('Task', { exact: true }).fill(opts.task);
  if (opts.agent) await dialog.getByLabel('Agent').selectOption(opts.agent);
  await dialog.getByRole('radio', { name: opts.interactive ? 'Interactive' : 'Headless' }).click();
  await dialog.getByRole('radio', { name: 'In place' }).click();
  await dialog.getByRole('button', { name: 'Start session' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });
}

async function waitForTerminal(page: Page, needle: string, timeoutMs = 20_000): Promise<void> {
  const want = needle.replace(/\s+/g, '');
  await waitFor(`"${needle}" in the terminal`, async () => (await terminalText(page)).includes(want), timeoutMs);
}

describe.skipIf(!haveChromium)('browser mode with a fake agent', () => {
  let world: World;
  let serve: Serve;
  let browser: Browser;
  let existingId: string;

  beforeAll(async () => {
    world = makeWorld({ mode: 'exit:0' });
    existingId = (await world.startJson(['--task', 'Summarise the changelog', '--no-worktree', '--project', 'docs'])).id;
    await waitFor('the first session to complete', async () => (await world.status(existingId)).state === 'completed');
    serve = await startServe({ home: world.home, cwd: world.work, env: { ...world.env, FAKE_AGENT_MODE: 'echo' } });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    world?.cleanup();
  });

  it('refuses the URL without its token (401) and a foreign Origin', async () => {
    const bare = serve.url.replace(/\?token=.*$/, '');
    expect((await fetch(bare)).status).toBe(401);
    expect((await fetch(serve.url, { headers: { origin: 'http://attacker.example' } })).status).toBe(403);
    const res = await browser.page.goto(bare);
    expect(res?.status()).toBe(401);
    await screenshot(browser.page, 'browser-401');
  });

  it('lists the sessions of the data home', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    const item = page.locator(`[data-session-id="${existingId}"]`);
    await item.waitFor();
    await expect(item.getAttribute('aria-label')).resolves.toMatch(/Summarise the changelog — Completed/);
    await item.click();
    await waitForTerminal(page, 'héllo wörld ✓');
    await screenshot(page, 'browser-session-list');
  });

  it('starts a session from the dialog, shows its output, takes typing, and shows it stopped', async () => {
    const { page } = browser;
    await newSessionFromDialog(page, { task: 'Echo what I type', interactive: true });
    await waitForTerminal(page, 'fake agent started (echo)');
    await screenshot(page, 'browser-new-session');

    await page.locator('.xterm').click();
    await page.keyboard.type('hello from chromium');
    await page.keyboard.press('Enter');
    await waitForTerminal(page, 'YOU SAID: hello from chromium');
    expect(world.agentLogLines()).toContain('INPUT hello from chromium');

    const selected = page.locator('.session-item.selected');
    await waitFor('the sidebar to show it running', async () => /Echo what I type — Running/.test((await selected.getAttribute('aria-label')) ?? ''), 10_000);
    await page.getByRole('button', { name: 'Stop session' }).click();
    await waitFor('the sidebar to show it stopped', async () => /— Stopped/.test((await selected.getAttribute('aria-label')) ?? ''), 20_000);
    await expect(page.getByRole('button', { name: 'Resume session' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'browser-stopped');
  }, 60_000);

  it('searches every session’s output, and has a palette and a light theme', async () => {
    const { page } = browser;
    await page.keyboard.press('Control+Shift+KeyF');
    await page.getByLabel("Search all sessions' output").fill('wörld');
    const hit = page.getByRole('button', { name: new RegExp(`Open session ${existingId}`) });
    await hit.waitFor();
    await screenshot(page, 'browser-search');
    await hit.click();
    await page.keyboard.press('Control+KeyK');
    await page.getByLabel('Type a command or a session').fill('light theme');
    await page.keyboard.press('Enter');
    await waitFor('the light theme', async () => (await page.locator('html').getAttribute('data-theme')) === 'light');
    await screenshot(page, 'browser-light');
  }, 30_000);
});

describe.skipIf(!haveChromium)('browser mode with the real Claude CLI', () => {
  let world: World;
  let stub: StubModel;
  let serve: Serve;
  let browser: Browser;

  beforeAll(async () => {
    world = makeWorld({ agents: [] });
    stub = await startStubModel({ script: 'echo' });
    const claudeHome = join(world.root, 'claude-home');
    mkdirSync(claudeHome);
    seedClaudeHome(claudeHome, { apiKey: STUB_API_KEY, trustedDirs: [realpathSync(world.work)] });
    const base = claudeEnv({ home: claudeHome, stubUrl: stub.url, apiKey: STUB_API_KEY });
    const env = cleanEnv({ ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` });
    serve = await startServe({ home: world.home, cwd: world.work, env });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await stub?.close();
    world?.cleanup();
  });

  it('types a prompt into an interactive session and shows the agent’s answer', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await newSessionFromDialog(page, { task: 'first prompt alpha', interactive: true, agent: 'claude' });
    await waitForTerminal(page, 'ECHO: first prompt alpha', 60_000);
    await page.locator('.xterm').click();
    await page.keyboard.type('second prompt bravo');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    await waitForTerminal(page, 'ECHO: second prompt bravo', 60_000);
    expect(stub.mainRequests().length).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'browser-claude-interactive');
    await page.getByRole('button', { name: 'Stop session' }).click();
    await waitFor('the session to stop', async () => /— Stopped/.test((await page.locator('.session-item.selected').getAttribute('aria-label')) ?? ''), 20_000);
  }, 120_000);
});
