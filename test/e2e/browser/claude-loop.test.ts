// The everyday loop through the app, with the real Claude Code CLI in its default configuration
// against the stub model: New session -> it completes -> its work is committed -> Merge on the board
// -> the file is on main. Then the denied-action path: the approvals queue lists the denied call.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Session } from '../../../src-main/engine/model';
import { openStore } from '../../../src-main/engine/store';
import { claudeEnv, STUB_API_KEY } from '../../fixtures/stub-model/claude-env';
import { startStubModel, workingDirOf, type StubModel } from '../../fixtures/stub-model/server';
import { cleanEnv, repoRoot, tempDir } from '../../helpers/cli';
import { waitFor } from '../../helpers/sessions';
import { CHROMIUM, launchBrowser, screenshot, startServe } from './harness';
import type { Browser, Serve } from './harness';

const haveChromium = existsSync(CHROMIUM);
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });
const DENIED = 'curl -s http://127.0.0.1:9/nothing-listens-here';

async function startFromDialog(page: Page, task: string): Promise<void> {
  await page.getByRole('button', { name: 'New session' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New session' });
  await dialog.getByLabel('Task', { exact: true }).fill(task);
  await dialog.getByRole('button', { name: 'Start session' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });
}

describe.skipIf(!haveChromium)('the real Claude loop in the app', () => {
  let dir: { path: string; cleanup: () => void };
  let root: string;
  let repo: string;
  let stub: StubModel;
  let serve: Serve;
  let browser: Browser;

  const sessions = (): Session[] => {
    const store = openStore(join(root, 'home', 'switchyard.db'));
    try {
      return store.listSessions();
    } finally {
      store.close();
    }
  };

  beforeAll(async () => {
    dir = tempDir('sy-app-loop-');
    root = realpathSync(dir.path);
    repo = join(root, 'repo');
    for (const d of ['home', 'claude-home', 'repo']) mkdirSync(join(root, d));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.name', 'Ursula User');
    git(repo, 'config', 'user.email', 'ursula@example.com');
    writeFileSync(join(repo, 'README.md'), 'hello\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'init');
    stub = await startStubModel({
      script: (ctx) => {
        if (ctx.lastUserText.includes('fetch')) {
          return ctx.toolResults.length === 0 ? { content: [{ type: 'tool_use', name: 'Bash', input: { command: DENIED, description: 'fetch' } }] } : { content: [{ type: 'text', text: 'Could not fetch.' }] };
        }
        const cwd = workingDirOf(ctx.body) ?? '/nonexistent';
        if (ctx.turn === 0) return { content: [{ type: 'tool_use', name: 'Write', input: { file_path: join(cwd, 'hello.txt'), content: 'hello from the app\n' } }] };
        return { content: [{ type: 'text', text: 'Created hello.txt.' }] };
      },
    });
    const base = claudeEnv({ home: join(root, 'claude-home'), stubUrl: stub.url, apiKey: STUB_API_KEY });
    const env = cleanEnv({ ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` });
    serve = await startServe({ home: join(root, 'home'), cwd: repo, env });
    browser = await launchBrowser({ width: 1280, height: 860 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await stub?.close();
    dir?.cleanup();
  });

  it('New -> completed and committed -> Merge on the board -> hello.txt on main, checkout clean', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await startFromDialog(page, 'write hello.txt');
    await waitFor('the session to complete', () => sessions()[0]?.state === 'completed', 120_000);
    const session = sessions()[0]!;
    expect(session.worktree?.branch).toBe(`ecc/${session.id}`);
    expect(git(repo, 'show', `ecc/${session.id}:hello.txt`)).toBe('hello from the app\n');

    await page.getByRole('tab', { name: 'Merge queue' }).click();
    const card = page.locator(`article[data-session-id="${session.id}"]`);
    await card.waitFor({ timeout: 20_000 });
    await expect(card.getAttribute('class')).resolves.toContain('col-ready');
    for (const width of [1024, 1280, 1920]) {
      await page.setViewportSize({ width, height: 860 });
      await screenshot(page, `app-loop-board-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 860 });
    await card.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByText(`Merged ecc/${session.id} into main`).first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'app-loop-merged');
    expect(readFileSync(join(repo, 'hello.txt'), 'utf8')).toBe('hello from the app\n');
    expect(git(repo, 'status', '--porcelain')).toBe('');
  }, 240_000);

  it('a card with uncommitted changes is Dirty, and Commit (with a message) makes it Ready', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Sessions' }).click();
    await startFromDialog(page, 'write hello.txt again');
    await waitFor('the session to complete', () => sessions().find((s) => s.task === 'write hello.txt again')?.state === 'completed', 120_000);
    const session = sessions().find((s) => s.task === 'write hello.txt again')!;
    // The user adds a note in the session's worktree by hand, after the agent finished.
    writeFileSync(join(session.worktree!.path, 'NOTES.md'), 'reviewed by hand\n');
    await page.getByRole('tab', { name: 'Merge queue' }).click();
    const card = page.locator(`article[data-session-id="${session.id}"]`);
    await waitFor('the Dirty column', async () => ((await card.getAttribute('class').catch(() => '')) ?? '').includes('col-dirty'), 20_000);
    await card.getByLabel('Commit message').fill('Add review notes');
    await card.getByRole('button', { name: 'Commit', exact: true }).click();
    await waitFor('the Ready column', async () => ((await card.getAttribute('class').catch(() => '')) ?? '').includes('col-ready'), 20_000);
    expect(git(repo, 'log', '-1', '--format=%s', `ecc/${session.id}`).trim()).toBe('Add review notes');
    expect(git(repo, 'show', `ecc/${session.id}:NOTES.md`)).toBe('reviewed by hand\n');
  }, 240_000);

  it('a denied call shows on the session and in the approvals queue', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Sessions' }).click();
    await startFromDialog(page, 'fetch the page');
    await waitFor('the session to complete', () => sessions().find((s) => s.task === 'fetch the page')?.state === 'completed', 120_000);
    const session = sessions().find((s) => s.task === 'fetch the page')!;
    expect(session.attention).toBe('denied');
    const item = page.locator(`[data-session-id="${session.id}"]`).first();
    await waitFor('the denied badge', async () => /Denied actions/.test((await item.getAttribute('aria-label')) ?? ''), 20_000);

    await page.getByRole('tab', { name: /Budgets/ }).click();
    const denied = page.getByRole('listitem', { name: `Denied actions of ${session.id}` });
    await denied.waitFor({ timeout: 20_000 });
    await expect(denied.innerText()).resolves.toContain(DENIED);
    await screenshot(page, 'app-loop-denied');
  }, 240_000);
});
