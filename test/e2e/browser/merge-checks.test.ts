// The checked merge queue on the board, in Chromium against a real `switchyard serve` (issue 15):
// "Check & merge" lands a branch whose merged tree passes the repository's check_command and puts a
// failing one in "Check failed" with its log lines, main unchanged; and "Fix with agent" on a
// conflict starts a resolver session of the real `claude` (against the suite's stub model), after
// which the card goes resolving -> checking -> landed and main has the resolved file.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { claudeEnv, STUB_API_KEY } from '../../fixtures/stub-model/claude-env';
import { startStubModel, workingDirOf, type StubModel, type StubTurn, type StubTurnContext } from '../../fixtures/stub-model/server';
import { cleanEnv, repoRoot } from '../../helpers/cli';
import { waitFor } from '../../helpers/sessions';
import { git, passesAt, queueWorld, reflogOf, type QueueWorld } from '../../integration/merge-queue/world';
import { CHROMIUM, launchBrowser, screenshot, startServe, type Browser, type Serve } from './harness';

const haveChromium = existsSync(CHROMIUM);

let w: QueueWorld | undefined;
let serve: Serve | undefined;
let browser: Browser | undefined;
let stub: StubModel | undefined;

afterEach(async () => {
  await browser?.close();
  await serve?.stop();
  await stub?.close();
  w?.cleanup();
  browser = serve = stub = w = undefined;
});

const card = (page: Page, id: string): Locator => page.locator(`article[data-session-id="${id}"]`);
const column = (page: Page, name: string): Locator => page.getByRole('region', { name: new RegExp(`^${name}`) });
const stateOf = (c: Locator) => c.locator('.check-state').first().innerText({ timeout: 2000 }).catch(() => '');

/** Polls the card's check state until it reads `want`; returns every state seen on the way. */
async function untilState(page: Page, id: string, want: string, seen: string[] = [], timeoutMs = 120_000): Promise<string[]> {
  await waitFor(
    `card ${id} to say "${want}" (seen: ${seen.join(' → ')})`,
    async () => {
      const s = (await stateOf(card(page, id))).trim();
      if (s && seen[seen.length - 1] !== s) seen.push(s);
      return s === want;
    },
    timeoutMs,
  );
  return seen;
}

/** A home whose daemon ticks every 2 s (it finishes resolvers and, with autoMerge, applies the queue). */
function writeConfig(home: string, autoMerge: boolean): void {
  writeFileSync(join(home, 'config.toml'), `heartbeat_interval_secs = 2\nsession_timeout_secs = 600\nauto_merge_ready_worktrees = ${autoMerge}\n`);
}

async function openBoard(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.session-item').first().waitFor();
  await page.getByRole('tab', { name: 'Merge queue' }).click();
}

describe.skipIf(!haveChromium)('the checked merge queue on the board', () => {
  it('"Check & merge" lands a passing branch and reports a failing one as "check failed" with its log, main unchanged', async () => {
    w = queueWorld();
    writeConfig(w.home, false);
    await w.trustedProject('[merge_queue]\ncheck_command = "sh check.sh"\n', {
      'check.sh': 'echo "checking the tree"\nif [ -f broken.txt ]; then echo "step 2 of 2: broken.txt breaks the build" >&2; exit 1; fi\necho "all good"\n',
    });
    await w.session('good', 30, { 'good.txt': 'fine\n' });
    await w.session('bad', 20, { 'broken.txt': 'oops\n' });

    serve = await startServe({ home: w.home, cwd: w.repo, env: cleanEnv() });
    browser = await launchBrowser({ width: 1280, height: 900 });
    const { page } = browser;
    await openBoard(page, serve.url);

    // With a check configured, Merge says what it does.
    const good = card(page, 'good');
    await good.waitFor();
    await expect(good.getByRole('button', { name: 'Check & merge' }).isEnabled()).resolves.toBe(true);
    await expect(page.locator('.check-state[data-check-state="unchecked"]').count()).resolves.toBe(0);

    await good.getByRole('button', { name: 'Check & merge' }).click();
    await untilState(page, 'good', 'landed');
    // The outcome is told as a notice (the attention model's merge_check outcomes), as is the failure below.
    await page.getByText(/^Landed ecc\/good on main — /).waitFor();
    await column(page, 'Done').locator('article[data-session-id="good"]').waitFor();
    await expect(card(page, 'good').count()).resolves.toBe(1);
    expect(readFileSync(join(w.repo, 'good.txt'), 'utf8')).toBe('fine\n');
    const mainAfterGood = git(w.repo, 'rev-parse', 'main').trim();

    const bad = card(page, 'bad');
    await bad.getByRole('button', { name: 'Check & merge' }).click();
    await untilState(page, 'bad', 'check failed');
    await page.getByText(/^Check failed: ecc\/bad — /).waitFor();
    const failed = column(page, 'Check failed').locator('article[data-session-id="bad"]');
    await failed.waitFor();
    // The card shows the log's last lines and where the whole log is; the result names the failure.
    await expect(failed.locator('.check-log').innerText()).resolves.toContain('step 2 of 2: broken.txt breaks the build');
    await expect(failed.locator('.check-logpath').innerText()).resolves.toMatch(/^log: /);
    await expect(failed.locator('.card-result').innerText()).resolves.toMatch(/^Not landed: Check failed/);
    // Checking the same merge again would fail the same way: the button says so; Fix with agent is offered.
    await expect(failed.getByRole('button', { name: 'Check & merge' }).isDisabled()).resolves.toBe(true);
    await expect(failed.locator('.disabled-reason').first().innerText()).resolves.toContain('the check failed on this exact merge');
    await expect(failed.getByRole('button', { name: 'Fix with agent' }).isEnabled()).resolves.toBe(true);

    // main did not move for the failing branch.
    expect(git(w.repo, 'rev-parse', 'main').trim()).toBe(mainAfterGood);
    expect(existsSync(join(w.repo, 'broken.txt'))).toBe(false);
    expect(git(w.repo, 'status', '--porcelain')).toBe('');

    // "Check & merge all ready" applies the checked queue: a new passing branch lands, the failing one stays out.
    await w.session('also', 10, { 'also.txt': 'also fine\n' });
    await card(page, 'also').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Check & merge all ready' }).click();
    await waitFor('the bulk result', async () => /^Check & merge all ready: landed 1, 1 check failed\.$/.test(await page.locator('.board-note.card-result').innerText().catch(() => '')), 60_000);
    await untilState(page, 'also', 'landed');
    expect(readFileSync(join(w.repo, 'also.txt'), 'utf8')).toBe('also fine\n');
    expect(existsSync(join(w.repo, 'broken.txt'))).toBe(false);
    await untilState(page, 'bad', 'check failed');
    // Every commit main pointed to passes the check.
    for (const sha of reflogOf(w.repo, 'main').slice(1)) expect(passesAt(w.repo, sha, 'sh check.sh'), sha).toBe(true);

    // Put the notices away to see the board.
    const dismiss = page.getByRole('button', { name: 'Dismiss notice' });
    // A notice may leave on its own meanwhile: a click that finds none is fine.
    while ((await dismiss.count()) > 0) await dismiss.first().click({ timeout: 2000 }).catch(() => undefined);
    for (const width of [1024, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await failed.locator('.check-log').scrollIntoViewIfNeeded();
      await screenshot(page, `merge-board-check-failed-${width}`);
    }
  }, 240_000);

  it('"Fix with agent" on a conflict: a resolver of the real claude fixes it, and the card goes resolving → checking → landed', async () => {
    w = queueWorld();
    writeConfig(w.home, true);
    mkdirSync(join(w.root, 'claude-home'));
    // The check waits for a gate file, so the test sees "checking" however fast the machine is.
    const gate = join(w.root, 'gate');
    writeFileSync(gate, '');
    await w.trustedProject('[merge_queue]\ncheck_command = "sh check.sh"\n', {
      'greeting.txt': 'hello\n',
      'check.sh': `echo "waiting for the gate"
while [ ! -f '${gate}' ]; do sleep 0.2; done
grep -q '^hello' greeting.txt || { echo "no greeting" >&2; exit 1; }
if grep -qE '^(<<<<<<<|=======|>>>>>>>)' greeting.txt; then echo "conflict markers left" >&2; exit 1; fi
echo "greeting ok"
`,
    });
    await w.session('alpha', 30, { 'greeting.txt': 'hello from alpha\n' });
    await w.session('beta', 20, { 'greeting.txt': 'hello from beta\n' });

    let resolverTask = '';
    stub = await startStubModel({
      script: (ctx: StubTurnContext): StubTurn => {
        if (ctx.turn > 0) return { content: [{ type: 'text', text: 'Resolved greeting.txt: both lines kept.' }] };
        resolverTask = ctx.lastUserText;
        const cwd = workingDirOf(ctx.body) ?? '/nonexistent';
        return {
          content: [
            { type: 'text', text: 'Keeping both greetings.' },
            { type: 'tool_use', name: 'Write', input: { file_path: join(cwd, 'greeting.txt'), content: 'hello from alpha\nhello from beta\n' } },
          ],
        };
      },
    });
    const base = claudeEnv({ home: join(w.root, 'claude-home'), stubUrl: stub.url, apiKey: STUB_API_KEY });
    serve = await startServe({ home: w.home, cwd: w.repo, env: cleanEnv({ ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` }) });
    browser = await launchBrowser({ width: 1280, height: 900 });
    const { page } = browser;
    await openBoard(page, serve.url);

    // The daemon applies the queue: alpha is checked and lands; beta then conflicts with main.
    await untilState(page, 'alpha', 'landed');
    const beta = column(page, 'Conflicted').locator('article[data-session-id="beta"]');
    await beta.waitFor({ timeout: 60_000 });
    rmSync(gate);

    await beta.getByRole('button', { name: 'Fix with agent' }).click();
    const seen = await untilState(page, 'beta', 'resolving');
    await column(page, 'Resolving').locator('article[data-session-id="beta"]').waitFor();
    await untilState(page, 'beta', 'checking', seen, 180_000);
    const checking = column(page, 'Checking').locator('article[data-session-id="beta"]');
    await checking.waitFor();
    // Live progress while it runs: the output so far and how long it has been running.
    await waitFor('the running check\'s output on the card', async () => (await checking.locator('.check-log').innerText().catch(() => '')).includes('waiting for the gate'), 60_000);
    await expect(checking.locator('.check-line').innerText()).resolves.toMatch(/checking\s+for \d+ s/);
    await screenshot(page, 'merge-board-checking-1280');
    writeFileSync(gate, '');
    await untilState(page, 'beta', 'landed', seen);
    // In order; "check passed" may show for a moment between checking and landing.
    expect(seen.filter((s) => s !== 'check passed')).toEqual(['resolving', 'checking', 'landed']);
    await column(page, 'Done').locator('article[data-session-id="beta"]').waitFor();

    expect(resolverTask).toContain('greeting.txt');
    expect(readFileSync(join(w.repo, 'greeting.txt'), 'utf8')).toBe('hello from alpha\nhello from beta\n');
    expect(git(w.repo, 'status', '--porcelain')).toBe('');
    for (const sha of reflogOf(w.repo, 'main').slice(1)) expect(passesAt(w.repo, sha, 'sh check.sh'), sha).toBe(true);
    await screenshot(page, 'merge-board-resolved-landed-1280');
  }, 360_000);
});
