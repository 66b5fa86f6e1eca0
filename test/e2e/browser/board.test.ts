// The board views end to end: a real `switchyard serve` on a real repository with session branches
// (ready, blocked by it, dirty, conflicting with main), a lead with delegates and handoffs in the
// store, and Chromium driving the merge queue, the diff view and the delegation graph.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { loadConfig } from '../../../src-main/engine/config';
import type { Config } from '../../../src-main/engine/config/types';
import { encodeMessage } from '../../../src-main/engine/comms';
import type { Session, SessionState, WorktreeInfo } from '../../../src-main/engine/model';
import { openStore, type Store } from '../../../src-main/engine/store';
import { createGit, createWorktree } from '../../../src-main/engine/worktrees';
import { cleanEnv } from '../../helpers/cli';
import { waitFor } from '../../helpers/sessions';
import { commitFile, git, initRepo } from '../../integration/worktrees/helpers';
import { CHROMIUM, launchBrowser, screenshot, startServe } from './harness';
import type { Browser, Serve } from './harness';

const haveChromium = existsSync(CHROMIUM);

/** Stands in for the session runners of live sessions, so serve's reconcile keeps them live. */
let runner: ChildProcess | null = null;

function addSession(store: Store, o: { id: string; task: string; state: SessionState; minutesAgo: number; worktree?: WorktreeInfo | null; workingDir: string; mode?: Session['mode'] }): Session {
  const live = o.state === 'running' || o.state === 'idle';
  const at = new Date(Date.now() - o.minutesAgo * 60_000);
  const session: Session = {
    id: o.id,
    task: o.task,
    project: 'shop',
    taskGroup: 'checkout',
    agentType: 'claude',
    mode: o.mode ?? 'headless',
    state: o.state,
    pid: null,
    runnerPid: live ? (runner?.pid ?? null) : null,
    workingDir: o.worktree?.path ?? o.workingDir,
    worktree: o.worktree ?? null,
    harness: 'claude',
    detectedHarnesses: [],
    harnessSessionId: null,
    attention: null,
    stateReason: null,
    exitCode: null,
    exitSignal: null,
    createdAt: new Date(at.getTime() - 60_000).toISOString(),
    updatedAt: at.toISOString(),
    // Recent heartbeats: the daemon in serve must not call anything stale.
    lastHeartbeatAt: new Date().toISOString(),
    metrics: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, tokensUsed: 0, costUsd: 0, toolCalls: 0, filesChanged: 0, durationSecs: 0 },
  };
  store.insertSession(session);
  return session;
}

function handoff(store: Store, from: string, to: string, task: string): number {
  const { content, msgType } = encodeMessage({ kind: 'task_handoff', task, context: `from ${from}`, priority: 'normal' });
  return store.sendMessage(from, to, content, msgType).id;
}

const card = (page: Page, id: string): Locator => page.locator(`article[data-session-id="${id}"]`);
const column = (page: Page, name: string): Locator => page.getByRole('region', { name: new RegExp(`^${name}`) });

/** The text of the element a control's aria-describedby points at. */
async function description(page: Page, control: Locator): Promise<string> {
  const ids = (await control.getAttribute('aria-describedby')) ?? '';
  expect(ids, 'the control has an aria-describedby').not.toBe('');
  const texts = await Promise.all(ids.split(/\s+/).map((id) => page.locator(`[id="${id}"]`).innerText()));
  return texts.join(' ');
}

describe.skipIf(!haveChromium)('board views against real engine state', () => {
  let root: string;
  let repo: string;
  let config: Config;
  let store: Store;
  let serve: Serve;
  let browser: Browser;

  beforeAll(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'sy-board-')));
    runner = spawn('sleep', ['600'], { stdio: 'ignore' });
    const home = join(root, 'home');
    repo = initRepo(join(root, 'shop'));
    commitFile(repo, 'shared.txt', 'one\ntwo\nthree\n', 'add shared');
    // Keep the daemon's pruning away from these worktrees for the length of the test.
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'config.toml'), 'worktree_retention_secs = 86400\nmax_parallel_worktrees = 10\n');
    config = loadConfig({ home, cwd: repo }).config;
    store = openStore(config.db_path);
    const g = createGit();
    const wt = async (id: string) => (await createWorktree(g, config, id, { root: repo, baseBranch: 'main' })).worktree;

    const a = addSession(store, { id: 'ready-a', task: 'Spell out the second line', state: 'completed', minutesAgo: 50, worktree: await wt('ready-a'), workingDir: repo });
    commitFile(a.worktree!.path, 'shared.txt', 'one\nTWO from a\nthree\n', 'a: shout the second line');
    const b = addSession(store, { id: 'blocked-b', task: 'Rewrite the second line', state: 'completed', minutesAgo: 40, worktree: await wt('blocked-b'), workingDir: repo });
    commitFile(b.worktree!.path, 'shared.txt', 'one\nTWO from b\nthree\n', 'b: rewrite the second line');
    const c = addSession(store, { id: 'dirty-c', task: 'Draft the README', state: 'completed', minutesAgo: 30, worktree: await wt('dirty-c'), workingDir: repo });
    writeFileSync(join(c.worktree!.path, 'README.md'), 'hello\nan uncommitted draft\n');
    const e = addSession(store, { id: 'conflict-e', task: 'Greet from e', state: 'stopped', minutesAgo: 10, worktree: await wt('conflict-e'), workingDir: repo });
    commitFile(e.worktree!.path, 'README.md', 'hello from e\n');
    const d = addSession(store, { id: 'active-d', task: 'Add the order summary', state: 'running', minutesAgo: 20, worktree: await wt('active-d'), workingDir: repo });
    commitFile(d.worktree!.path, 'summary.txt', 'summary\n');
    commitFile(repo, 'README.md', 'hello from main\n', 'main moves on');

    // A lead with two delegates: dlg-api has two unread handoffs, dlg-ui has none left (one read).
    addSession(store, { id: 'lead-1', task: 'Ship the checkout redesign', state: 'idle', minutesAgo: 5, workingDir: repo });
    addSession(store, { id: 'dlg-api', task: 'Build the payment API', state: 'idle', minutesAgo: 4, workingDir: repo });
    addSession(store, { id: 'dlg-ui', task: 'Restyle the checkout page', state: 'idle', minutesAgo: 3, workingDir: repo });
    handoff(store, 'lead-1', 'dlg-api', 'Build the payment API');
    handoff(store, 'lead-1', 'dlg-api', 'Add refunds to the payment API');
    store.markMessageRead(handoff(store, 'lead-1', 'dlg-ui', 'Restyle the checkout page'));
    store.upsertContextEntity({ sessionId: 'dlg-ui', entityType: 'file', name: 'Button.tsx', path: 'src/ui/Button.tsx', summary: 'toolbar button styles' });

    serve = await startServe({ home, cwd: repo, env: cleanEnv() });
    browser = await launchBrowser({ width: 1500, height: 900 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    runner?.kill('SIGKILL');
    store?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('shows Ready, Blocked, Dirty and Conflicted cards with reasons, and Merge merges the ready branch', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    // The app shows the newest session once the list arrives; switch views after that.
    await page.locator('.session-item.selected').waitFor();
    await page.getByRole('tab', { name: 'Merge queue' }).click();
    await card(page, 'ready-a').waitFor();

    // One Ready card, at position 1.
    const ready = column(page, 'Ready');
    await expect(ready.locator('article').count()).resolves.toBe(1);
    await expect(ready.locator('article[data-session-id="ready-a"]').getByLabel('position 1 in the merge queue').innerText()).resolves.toBe('#1');
    await expect(card(page, 'ready-a').innerText()).resolves.toMatch(/ecc\/ready-a\s*→\s*main/);

    // Blocked: names the file and the session in the way; its Merge button says why it is disabled.
    const blocked = column(page, 'Blocked').locator('article[data-session-id="blocked-b"]');
    await expect(blocked.getByRole('list', { name: 'Blocked by' }).innerText()).resolves.toMatch(/Blocked by ready-a \(completed\): both change shared\.txt/);
    await expect(blocked.getByRole('list', { name: 'Conflicting files' }).innerText()).resolves.toBe('shared.txt');
    const blockedMerge = blocked.getByRole('button', { name: 'Merge', exact: true });
    await expect(blockedMerge.isDisabled()).resolves.toBe(true);
    await expect(description(page, blockedMerge)).resolves.toContain('merge ready-a first — both change shared.txt');

    // Dirty: Merge disabled with its reason, visible on the card and as the button's description.
    const dirty = column(page, 'Dirty').locator('article[data-session-id="dirty-c"]');
    const dirtyMerge = dirty.getByRole('button', { name: 'Merge', exact: true });
    await expect(dirtyMerge.isDisabled()).resolves.toBe(true);
    await expect(description(page, dirtyMerge)).resolves.toContain('worktree has uncommitted changes — commit them (Commit) or discard them');
    await expect(dirtyMerge.getAttribute('title')).resolves.toBe('worktree has uncommitted changes — commit them (Commit) or discard them');
    await expect(dirty.textContent()).resolves.toMatch(/No committed changes.*Uncommitted:\s*\+1\s*−0\s*in 1 file/);

    const conflicted = column(page, 'Conflicted').locator('article[data-session-id="conflict-e"]');
    await expect(conflicted.getByRole('list', { name: 'Conflicting files' }).innerText()).resolves.toBe('README.md');
    const active = column(page, 'Active').locator('article[data-session-id="active-d"]');
    await expect(description(page, active.getByRole('button', { name: 'Merge', exact: true }))).resolves.toContain('session is still running — stop it before merging');

    // The patch preview is collapsed until asked for.
    const preview = card(page, 'ready-a').locator('details.preview');
    await expect(preview.locator('pre').isVisible()).resolves.toBe(false);
    await preview.locator('summary').click();
    await expect(preview.locator('pre').innerText()).resolves.toContain('+TWO from a');
    await screenshot(page, 'board-merge-queue');

    // Open diff: files, line numbers, unified and side by side.
    await card(page, 'ready-a').getByRole('button', { name: 'Open diff' }).click();
    const dialog = page.getByRole('dialog', { name: 'Diff of ready-a' });
    const unified = dialog.getByRole('table', { name: 'Unified diff of shared.txt' });
    await unified.waitFor();
    await expect(dialog.getByRole('navigation', { name: 'Files changed' }).innerText()).resolves.toMatch(/shared\.txt/);
    await expect(unified.locator('tr.diff-add td.code').innerText()).resolves.toMatch(/TWO from a/);
    await expect(unified.locator('tr.diff-add td[data-new]').innerText()).resolves.toBe('2');
    await expect(unified.locator('tr.diff-del td[data-old]').innerText()).resolves.toBe('2');
    await dialog.getByRole('button', { name: 'Side by side' }).click();
    const split = dialog.getByRole('table', { name: 'Side-by-side diff of shared.txt' });
    await split.waitFor();
    // The changed line pairs up: old text left, new text right, on one row.
    const changed = split.locator('tr', { has: page.locator('td.diff-del') });
    await expect(changed.locator('td.code').allInnerTexts()).resolves.toEqual(['two', 'TWO from a']);
    await screenshot(page, 'board-diff-dialog');
    await dialog.getByRole('button', { name: 'Unified' }).click();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // No check_command in this repository: the cards say their branch lands unchecked, and Merge is plain Merge.
    await expect(card(page, 'ready-a').locator('.check-state').innerText()).resolves.toBe('unchecked');
    await expect(card(page, 'ready-a').getByRole('button', { name: 'Check & merge' }).count()).resolves.toBe(0);

    // Merge the ready card: the base branch gets the commit and the card reports it.
    await card(page, 'ready-a').getByRole('button', { name: 'Merge', exact: true }).click();
    await waitFor('the merge result on the card', async () => /Merged ecc\/ready-a into main; worktree removed\./.test(await card(page, 'ready-a').innerText().catch(() => '')), 15_000);
    expect(git(repo, 'log', '--format=%s', 'main')).toContain('a: shout the second line');
    expect(git(repo, 'show', 'main:shared.txt')).toBe('one\nTWO from a\nthree\n');
    // The board refreshed: b now conflicts with the base itself, and nothing is ready.
    await waitFor('blocked-b to move to Conflicted', async () => (await column(page, 'Conflicted').locator('article[data-session-id="blocked-b"]').count()) === 1, 15_000);
    const mergeAll = page.getByRole('button', { name: 'Merge all ready' });
    await expect(mergeAll.isDisabled()).resolves.toBe(true);
    await expect(description(page, mergeAll)).resolves.toContain('no branch is ready to merge');
    await screenshot(page, 'board-after-merge');
  }, 60_000);

  it('shows a session worktree’s diff with line numbers in the Diffs tab, uncommitted files marked', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Diffs' }).click();
    await page.getByLabel('Session', { exact: true }).selectOption('dirty-c');
    const table = page.getByRole('table', { name: 'Unified diff of README.md' });
    await table.waitFor();
    await expect(page.getByRole('navigation', { name: 'Files changed' }).innerText()).resolves.toMatch(/README\.md\s*uncommitted\s*\+1 −0/);
    await expect(table.locator('tr.diff-add td[data-new]').innerText()).resolves.toBe('2');
    await expect(table.locator('tr.diff-add td.code').innerText()).resolves.toMatch(/an uncommitted draft/);
    await screenshot(page, 'board-diffs-tab');
    await page.getByRole('button', { name: 'Side by side' }).click();
    await page.getByRole('table', { name: 'Side-by-side diff of README.md' }).waitFor();
    await screenshot(page, 'board-diffs-tab-split');
    await page.getByRole('button', { name: 'Unified' }).click();
  }, 30_000);

  it('draws the lead with its delegates and their backlog counts, and assigns a task after a preview', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Delegation' }).click();
    const lead = page.getByRole('button', { name: /^Lead lead-1: Ship the checkout redesign — idle, backlog 0/ });
    await lead.waitFor();
    const api = page.getByRole('button', { name: /^Delegate dlg-api: Build the payment API — idle, backlog 2, unread 2$/ });
    const ui = page.getByRole('button', { name: /^Delegate dlg-ui: Restyle the checkout page — idle, backlog 0, unread 0$/ });
    await api.waitFor();
    await ui.waitFor();
    await expect(api.locator('[data-backlog]').innerText()).resolves.toBe('2 queued');
    await expect(ui.locator('[data-backlog]').innerText()).resolves.toBe('1 task');
    // Edges run from the lead to each delegate, named with the handoffs.
    await expect(page.locator('[data-testid="rf__edge-lead-1->dlg-api"]').getAttribute('aria-label')).resolves.toBe('lead-1 handed 2 tasks to dlg-api, 2 unread');
    await expect(page.locator('[data-testid="rf__edge-lead-1->dlg-ui"]').count()).resolves.toBe(1);
    // Teams only: the merge queue's sessions (in no team) are not drawn.
    await expect(page.getByRole('button', { name: /^Session ready-a/ }).count()).resolves.toBe(0);
    // Delegates sit right of their lead (a layered layout).
    const [lb, ab] = await Promise.all([lead.boundingBox(), api.boundingBox()]);
    expect(ab!.x).toBeGreaterThan(lb!.x + lb!.width);
    const coordination = page.getByRole('region', { name: 'Coordination' });
    await expect(coordination.innerText()).resolves.toMatch(/Mode\s*Dispatch first[\s\S]*Health\s*Backlog absorbable[\s\S]*Escalation\s*Not needed/);
    await screenshot(page, 'board-delegation-graph');

    // Keyboard: focus the lead and press Space to select it (Enter opens the session).
    await lead.focus();
    await page.keyboard.press('Space');
    const panel = page.getByRole('region', { name: /^Lead lead-1/ });
    await panel.waitFor();
    await expect(panel.getByRole('button', { name: 'Drain inbox' }).isDisabled()).resolves.toBe(true);
    await expect(description(page, panel.getByRole('button', { name: 'Drain inbox' }))).resolves.toContain('lead-1 has no unread task handoffs to route');
    await panel.getByLabel('Assign a task to a delegate').fill('Polish the toolbar button styles');
    await panel.getByRole('button', { name: 'Preview assignment' }).click();
    const preview = panel.getByRole('region', { name: 'Assignment preview' });
    await preview.waitFor();
    await expect(preview.innerText()).resolves.toMatch(/Hand it to idle delegate dlg-ui[\s\S]*dlg-ui is idle with no queued handoffs, and its context matches the task best[\s\S]*Matched context terms:\s*toolbar\s*button\s*styles/);
    await screenshot(page, 'board-assignment-preview');
    // Nothing was sent by the preview.
    expect(store.unreadTaskHandoffCounts(['dlg-ui']).get('dlg-ui') ?? 0).toBe(0);

    await preview.getByRole('button', { name: 'Confirm assignment' }).click();
    await waitFor('the assignment result', async () => /Assigned to dlg-ui: reused an idle delegate, delivered by its inbox\./.test(await panel.innerText()), 10_000);
    expect(store.unreadTaskHandoffCounts(['dlg-ui']).get('dlg-ui')).toBe(1);
    await page.getByRole('button', { name: /^Delegate dlg-ui: .* backlog 1, unread 1$/ }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'board-delegation-after-assign');

    await panel.getByRole('button', { name: 'Open session' }).click();
    await page.getByRole('main', { name: 'Session lead-1' }).waitFor();
  }, 60_000);

  it('stays readable with 50 sessions: teams at a readable zoom, the rest a pan or "fit view" away', async () => {
    const { page } = browser;
    // Four more teams of 8 to 11 delegates (plus the sessions already there: 50 in all).
    const teamSizes = [11, 10, 9, 8];
    for (const [t, size] of teamSizes.entries()) {
      addSession(store, { id: `lead-${t + 2}`, task: `Team ${t + 2} lead`, state: 'running', minutesAgo: 2, workingDir: repo });
      for (let d = 0; d < size; d++) {
        const id = `t${t + 2}-d${d}`;
        addSession(store, { id, task: `Team ${t + 2} part ${d}`, state: d % 3 === 0 ? 'running' : 'idle', minutesAgo: 1, workingDir: repo });
        for (let k = 0; k <= d % 3; k++) handoff(store, `lead-${t + 2}`, id, `part ${d}.${k}`);
      }
    }
    expect(store.countSessions()).toBe(50);
    await page.getByRole('tab', { name: 'Delegation' }).click();
    const node = page.getByRole('button', { name: /^Delegate t5-d7:/ });
    await node.waitFor({ timeout: 15_000 });
    await expect(page.getByRole('main', { name: 'Delegation' }).locator('.board-head').innerText()).resolves.toMatch(/5 leads · 40 delegates · 45 of 50 sessions shown/);
    // 45 team members do not fit at a readable zoom: the view shows them at it (labels >= 11 px on
    // screen), starting top left, rather than shrinking every label.
    const canvas = (await page.locator('.graph-canvas').boundingBox())!;
    const nodeBoxes = () => page.locator('.react-flow__node').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
    const inside = (b: { x: number; y: number; w: number; h: number }) => b.x >= canvas.x - 1 && b.y >= canvas.y - 1 && b.x + b.w <= canvas.x + canvas.width + 1 && b.y + b.h <= canvas.y + canvas.height + 1;
    const zoomNow = async () => {
      const bs = await nodeBoxes();
      const w = await page.locator('.react-flow__node').first().evaluate((el) => (el as unknown as { offsetWidth: number }).offsetWidth);
      return (bs[0]?.w ?? 0) / w;
    };
    await waitFor('45 nodes', async () => (await nodeBoxes()).length === 45, 10_000);
    await waitFor('the readable zoom', async () => (await zoomNow()) >= 11 / 12 - 0.01, 10_000);
    expect((await nodeBoxes()).some(inside)).toBe(true);
    await screenshot(page, 'board-delegation-50-readable');
    // "Fit view" shows them all.
    await page.getByRole('button', { name: /fit view/i }).click();
    const boxes = await waitFor('all 45 nodes inside the canvas', async () => {
      const bs = await nodeBoxes();
      return bs.length === 45 && bs.every(inside) ? bs : null;
    }, 5000);
    const zoom = await zoomNow();
    expect(zoom).toBeGreaterThan(0.3);
    expect(boxes.length).toBe(45);
    await screenshot(page, 'board-delegation-50');
    // The light theme keeps the views legible.
    await page.keyboard.press('Control+Shift+KeyL');
    await waitFor('the light theme', async () => (await page.locator('html').getAttribute('data-theme')) === 'light');
    await screenshot(page, 'board-delegation-50-light');
    await page.getByRole('tab', { name: 'Merge queue' }).click();
    await column(page, 'Dirty').locator('article').first().waitFor();
    await screenshot(page, 'board-merge-queue-light');
  }, 45_000);

  it('names a dirty repository root once as the blocker of every branch into main, and merges a delegate into its lead’s branch meanwhile', async () => {
    const { page } = browser;
    const g = createGit();
    // A lead with a worktree (stopped, so it can merge later) and a delegate branched off the lead's branch.
    const leadWt = (await createWorktree(g, config, 'team-lead', { root: repo, baseBranch: 'main' })).worktree;
    addSession(store, { id: 'team-lead', task: 'Lead the invoice work', state: 'stopped', minutesAgo: 9, worktree: leadWt, workingDir: repo });
    commitFile(leadWt.path, 'invoice-plan.txt', 'the plan\n', 'lead: plan');
    const dlgWt = (await createWorktree(g, config, 'team-dlg', { root: leadWt.path, baseBranch: leadWt.branch })).worktree;
    addSession(store, { id: 'team-dlg', task: 'Write the invoice template', state: 'completed', minutesAgo: 8, worktree: dlgWt, workingDir: repo });
    commitFile(dlgWt.path, 'invoice.txt', 'an invoice\n', 'delegate: invoice');
    handoff(store, 'team-lead', 'team-dlg', 'Write the invoice template');
    const x = addSession(store, { id: 'ready-x', task: 'Add the tax table', state: 'completed', minutesAgo: 7, worktree: (await createWorktree(g, config, 'ready-x', { root: repo, baseBranch: 'main' })).worktree, workingDir: repo });
    commitFile(x.worktree!.path, 'tax.txt', 'tax\n', 'x: tax table');
    // The root has an edit of its own.
    writeFileSync(join(repo, 'shared.txt'), 'an edit in the root\n');

    await page.keyboard.press('Control+Shift+KeyL'); // back to the dark theme
    await page.getByRole('tab', { name: 'Merge queue' }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const blocker = page.getByRole('alert', { name: 'Blocker for 2 branches' });
    await blocker.waitFor({ timeout: 15_000 });
    await expect(blocker.innerText()).resolves.toBe(`2 branches wait for ${repo}: Repository root ${repo} has uncommitted changes; commit or stash them there before merging. Once it is clean they are ready again.`);
    // Only what can merge now counts as ready: the delegate, whose base is the lead's clean worktree.
    await expect(page.getByRole('main', { name: 'Merge queue' }).locator('.board-head [role="status"]').innerText()).resolves.toMatch(/· 1 ready to merge now · 1 blocker for all/);
    await expect(column(page, 'Ready').locator('article').evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')))).resolves.toEqual(['team-dlg']);
    await expect(card(page, 'team-dlg').innerText()).resolves.toMatch(/ecc\/team-dlg\s*→\s*ecc\/team-lead/);
    const waiting = column(page, 'Blocked').locator('article[data-session-id="ready-x"]');
    await expect(waiting.getByRole('button', { name: 'Merge', exact: true }).isDisabled()).resolves.toBe(true);
    await screenshot(page, 'board-dirty-root-blocker');

    // The delegate merges into its lead's branch, in the lead's worktree; the root is not touched.
    await card(page, 'team-dlg').getByRole('button', { name: 'Merge', exact: true }).click();
    await waitFor('the delegate merged', async () => /Merged ecc\/team-dlg into ecc\/team-lead; worktree removed\./.test(await card(page, 'team-dlg').innerText().catch(() => '')), 15_000);
    expect(git(leadWt.path, 'log', '--format=%s', '-1')).toMatch(/Merge branch 'ecc\/team-dlg'|delegate: invoice/);
    expect(existsSync(join(leadWt.path, 'invoice.txt'))).toBe(true);
    expect(git(repo, 'status', '--porcelain')).toBe(' M shared.txt\n');

    // With the root clean again, the lead and ready-x are ready and Merge all ready merges both into main.
    git(repo, 'checkout', '--', 'shared.txt');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await waitFor('two ready', async () => (await column(page, 'Ready').locator('article:not(.is-merged)').count()) === 2, 15_000);
    await expect(page.getByRole('alert', { name: /^Blocker for/ }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Merge all ready' }).click();
    await waitFor('Merge all ready to report', async () => /Merge all ready: merged 2/.test(await page.locator('.board-view').innerText()), 20_000);
    expect(git(repo, 'show', 'main:invoice.txt')).toBe('an invoice\n');
    expect(git(repo, 'show', 'main:tax.txt')).toBe('tax\n');
    await screenshot(page, 'board-after-team-merge');
  }, 60_000);
});
