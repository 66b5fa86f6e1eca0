// Operator views end to end: a real `switchyard serve` over a data home seeded with real engine
// state (sessions whose tokens cross a budget threshold, a conflict incident, an agent's query,
// tool calls, an orchestration template) and Chromium driving the automation, budgets and settings views.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { encodeMessage } from '../../../src-main/engine/comms';
import type { Session } from '../../../src-main/engine/model';
import { openStore, type Store } from '../../../src-main/engine/store';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';
import { CHROMIUM, launchBrowser, screenshot, startServe } from './harness';
import type { Browser, Serve } from './harness';
import { buildSession } from '../../helpers/session-fixture';

const haveChromium = existsSync(CHROMIUM);

const CONFIG = `# My Switchyard settings (kept by the settings view)
token_budget = 1000 # small, so the seeded spend crosses a threshold
cost_budget_usd = 5.0
linear_pane_size_percent = 35

# Reviewers run on a cheaper model.
[agent_profiles.reviewer]
model = "sonnet"
token_budget = 500

[orchestration_templates.review]
description = "Review a change"

[[orchestration_templates.review.steps]]
name = "review"
task = "Review {{ target }} with a focus on {{ focus }} in {{ project }}"
`;

function session(id: string, task: string, state: Session['state'], minutesAgo: number): Session {
  const at = new Date(Date.now() - minutesAgo * 60_000);
  return buildSession(id, state, at, { task, project: 'shop', createdAt: at.toISOString() });
}

/** The engine state the views show: spend past the warning threshold, a conflict, a query, tool calls. */
function seed(store: Store): number {
  store.insertSession(session('spend-big', 'Refactor the checkout flow', 'completed', 30));
  store.insertSession(session('spend-small', 'Update the README', 'completed', 20));
  store.insertSession(session('writer-a', 'Add coupon support', 'completed', 10));
  store.insertSession(session('writer-b', 'Rename cart helpers', 'stopped', 5));
  store.updateMetrics('spend-big', { tokensUsed: 800, costUsd: 1.2 });
  store.updateMetrics('spend-small', { tokensUsed: 50, costUsd: 0.1 });
  store.recordMetricsSamples(['spend-big', 'spend-small']);
  const incident = store.upsertConflictIncident({
    conflictKey: 'src/cart.ts::writer-a::writer-b',
    path: 'src/cart.ts',
    firstSessionId: 'writer-a',
    secondSessionId: 'writer-b',
    activeSessionId: 'writer-a',
    pausedSessionId: 'writer-b',
    firstAction: 'modify',
    secondAction: 'modify',
    strategy: 'escalate',
    summary: 'Escalated overlap on src/cart.ts; paused later session writer-b while writer-a stays active',
  });
  const q = encodeMessage({ kind: 'query', question: 'May I delete the legacy cart module?' });
  store.sendMessage('writer-b', 'writer-a', q.content, q.msgType);
  const log = (id: string, toolName: string, input: string, riskScore: number) =>
    store.insertToolLog({ hookEventId: id, sessionId: 'spend-big', toolName, inputSummary: input, inputParamsJson: '{}', outputSummary: '', durationMs: 5, riskScore, timestamp: new Date().toISOString() });
  log('t1', 'Read', 'src/checkout.ts', 0.05);
  log('t2', 'Bash', 'git push --force origin main', 0.95);
  return incident.id;
}

describe.skipIf(!haveChromium)('operator views against a real serve', () => {
  let world: World;
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  let incidentId: number;
  const configFile = () => join(world.home, 'config.toml');
  const withStore = <T>(fn: (s: Store) => T): T => {
    const store = openStore(join(world.home, 'switchyard.db'));
    try {
      return fn(store);
    } finally {
      store.close();
    }
  };

  beforeAll(async () => {
    world = makeWorld({ config: CONFIG });
    incidentId = withStore(seed);
    serve = await startServe({ home: world.home, cwd: world.work, env: world.env });
    browser = await launchBrowser({ width: 1360, height: 1000 });
    page = browser.page;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    world?.cleanup();
  });

  const VIEWS = { automation: 'Automation', budgets: 'Budgets and costs', settings: 'Settings' } as const;
  /** Loads the page and picks the view's tab, by keyboard (the app selects the newest session once loaded, so wait for that first). */
  const open = async (view: keyof typeof VIEWS) => {
    await page.goto(serve.url);
    await page.locator('.session-item.selected').waitFor();
    const tab = page.getByRole('tab', { name: view === 'budgets' ? 'Budgets' : VIEWS[view] });
    await tab.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('main', { name: VIEWS[view] }).waitFor();
  };

  it('adding a schedule with an invalid cron expression shows the error at the field and saves nothing; a valid one appears with its next run', async () => {
    await open('automation');
    const form = page.getByRole('form', { name: 'Add a schedule' });
    const cron = form.getByLabel('Cron expression');
    await cron.fill('61 * * * *');
    await form.getByLabel('Task').fill('Nightly dependency audit');
    // Live validation: the scheduler's own error appears beside the field while typing.
    const error = form.locator('#sched-cron-msg');
    await waitFor('the cron error at the field', async () => (await error.getAttribute('role')) === 'alert');
    expect(await error.innerText()).toMatch(/61/);
    await expect(cron.getAttribute('aria-invalid')).resolves.toBe('true');
    await form.getByRole('button', { name: 'Add schedule' }).click();
    await page.waitForTimeout(300);
    expect(await error.innerText()).toMatch(/61/);
    await screenshot(page, 'operator-schedule-invalid');
    expect(withStore((s) => s.listScheduledTasks())).toEqual([]);

    await cron.fill('30 2 * * *');
    const runs = form.getByRole('list', { name: 'Next five run times' }).getByRole('listitem');
    await waitFor('five next run times', async () => (await runs.count()) === 5);
    expect(await runs.first().innerText()).toMatch(/02:30 UTC/);
    await expect(cron.getAttribute('aria-invalid')).resolves.toBe('false');
    await form.getByRole('button', { name: 'Add schedule' }).click();

    const row = page.getByRole('table', { name: 'Schedules' }).getByRole('row', { name: /Nightly dependency audit/ });
    await row.waitFor();
    const stored = withStore((s) => s.listScheduledTasks());
    expect(stored.map((s) => [s.cronExpr, s.task])).toEqual([['30 2 * * *', 'Nightly dependency audit']]);
    expect(await row.innerText()).toMatch(/02:30 UTC/);
    expect(new Date(stored[0]!.nextRunAt).getUTCHours()).toBe(2);
    await expect(row.getByRole('button', { name: `Run schedule ${stored[0]!.id} now` }).isEnabled()).resolves.toBe(true);
  }, 30_000);

  it('the template launcher asks for the template variables and names the missing ones', async () => {
    const launcher = page.getByRole('form', { name: 'Launch template review' });
    // Variables derived from the template text; {{project}} is filled by the engine.
    await expect(launcher.getByLabel('target').isVisible()).resolves.toBe(true);
    await expect(launcher.getByLabel('focus').isVisible()).resolves.toBe(true);
    await launcher.getByLabel('target').fill('the cart module');
    await launcher.getByRole('button', { name: 'Launch review' }).click();
    const alert = launcher.getByRole('alert').filter({ hasText: 'missing orchestration template variable' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('focus');
    await expect(launcher.getByLabel('focus').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(withStore((s) => s.listSessions()).length).toBe(4); // nothing started
    await page.getByRole('heading', { name: 'Schedules' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'operator-automation');
  }, 30_000);

  it('the budgets view shows the threshold crossing, the session spend and the tool calls with risk', async () => {
    await open('budgets');
    const tokens = page.getByRole('group', { name: /^Tokens: 850 of 1\.0k/ });
    await tokens.waitFor();
    expect(await tokens.getAttribute('aria-label')).toMatch(/Warning level/);
    await expect(page.getByRole('group', { name: /^Cost: \$1\.30 of \$5\.00/ }).isVisible()).resolves.toBe(true);
    const big = page.getByRole('table', { name: 'Session spend' }).locator('tr[data-session-id="spend-big"]');
    expect(await big.innerText()).toMatch(/800[\s\S]*80%[\s\S]*\$1\.20/);
    await expect(page.getByRole('table', { name: 'Profile budgets' }).getByRole('row', { name: /reviewer/ }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('img', { name: 'Cost over time' }).isVisible()).resolves.toBe(true);

    await page.getByRole('combobox', { name: 'Session' }).selectOption('spend-big');
    const calls = page.getByRole('table', { name: 'Tool calls' });
    const push = calls.getByRole('row', { name: /git push --force/ });
    await push.waitFor();
    expect(await push.innerText()).toMatch(/0\.95[\s\S]*Block/);
    await page.getByRole('heading', { name: 'Budgets and costs' }).evaluate((el) => el.scrollIntoView());
    await screenshot(page, 'operator-budgets');
  }, 30_000);

  it('a conflict incident appears in the queue and is resolved from it', async () => {
    const conflict = page.getByRole('listitem', { name: 'Conflict on src/cart.ts' });
    await conflict.waitFor();
    expect(await conflict.innerText()).toMatch(/writer-a[\s\S]*writer-b/);
    await expect(page.getByRole('listitem', { name: 'Query from writer-b' }).isVisible()).resolves.toBe(true);
    await conflict.scrollIntoViewIfNeeded();
    await screenshot(page, 'operator-approvals');
    await conflict.getByRole('button', { name: 'Keep paused' }).click();
    await conflict.waitFor({ state: 'detached' });
    const incident = withStore((s) => s.getConflictIncident('src/cart.ts::writer-a::writer-b'));
    expect(incident?.id).toBe(incidentId);
    expect(incident?.resolvedAt).not.toBeNull();
    expect(withStore((s) => s.getSession('writer-b')?.state)).toBe('stopped');
  }, 30_000);

  it('a wrong settings value shows the engine error at the field and leaves the file alone; a valid edit keeps the comments', async () => {
    await open('settings');
    const before = readFileSync(configFile(), 'utf8');
    const pane = page.getByLabel('linear_pane_size_percent', { exact: true });
    await pane.fill('95');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const paneMsg = page.locator('#cfg-linear_pane_size_percent-msg');
    await waitFor('the error at the field', async () => (await paneMsg.getAttribute('role')) === 'alert');
    expect(await paneMsg.innerText()).toMatch(/linear_pane_size_percent: expected an integer from 20 to 80/);
    await expect(pane.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(readFileSync(configFile(), 'utf8')).toBe(before);
    await pane.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'operator-settings-error');

    await pane.fill('40');
    await page.getByLabel('token_budget', { exact: true }).fill('4000');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('No unsaved changes').waitFor();
    const after = readFileSync(configFile(), 'utf8');
    expect(after).toBe(before.replace('linear_pane_size_percent = 35', 'linear_pane_size_percent = 40').replace('token_budget = 1000 #', 'token_budget = 4000 #'));
    expect(after).toContain('# Reviewers run on a cheaper model.');
    await screenshot(page, 'operator-settings');

    // The host reloaded its configuration: the budgets view now measures against the new budget.
    await open('budgets');
    await page.getByRole('group', { name: /^Tokens: 850 of 4\.0k/ }).waitFor();
  }, 30_000);

  it('edits an agent profile and adds a harness runner from the settings view', async () => {
    await open('settings');
    const profiles = page.getByRole('region', { name: 'Agent profiles' });
    await profiles.getByText('reviewer', { exact: true }).click();
    await profiles.getByLabel('agent_profiles.reviewer.token_budget', { exact: true }).fill('-5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const msg = page.locator('#cfg-agent_profiles_reviewer_token_budget-msg');
    await waitFor('the profile error at its field', async () => (await msg.getAttribute('role')) === 'alert');
    expect(await msg.innerText()).toMatch(/token_budget/);
    await profiles.getByLabel('agent_profiles.reviewer.token_budget', { exact: true }).fill('700');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('No unsaved changes').waitFor();
    const runners = page.getByRole('region', { name: 'Harness runners' });
    await runners.getByLabel('New runner name').fill('aider');
    await runners.getByRole('button', { name: 'Add runner' }).click();
    await runners.getByText('aider', { exact: true }).waitFor();
    await profiles.evaluate((el) => el.scrollIntoView());
    await screenshot(page, 'operator-settings-profiles');
    const text = readFileSync(configFile(), 'utf8');
    expect(text).toMatch(/\[agent_profiles\.reviewer\]\nmodel = "sonnet"\ntoken_budget = 700\n/);
    expect(text).toMatch(/\[harness_runners\.aider\]\nprogram = "aider"/);
    expect(text.startsWith('# My Switchyard settings')).toBe(true);
  }, 30_000);
});
