// Honest numbers in the browser: deleting a session (from its view, as a person does) leaves the
// total spend unchanged in the budget card and in the spend chart, and the chart's window ends now.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../../src-main/engine/config';
import { openStore, type Store } from '../../../src-main/engine/store';
import { makeWorld, waitFor, type World } from '../../helpers/sessions';
import { buildSession } from '../../helpers/session-fixture';
import { CHROMIUM, launchBrowser, screenshot, startServe } from './harness';
import type { Browser, Serve } from './harness';

const haveChromium = existsSync(CHROMIUM);

async function costCard(page: Page): Promise<string> {
  return (await page.getByRole('group', { name: /^Cost: / }).getAttribute('aria-label')) ?? '';
}
async function chartCaption(page: Page): Promise<string> {
  return page.locator('figure.op-chart figcaption').innerText();
}

describe.skipIf(!haveChromium)('spend after deleting a session', () => {
  let world: World;
  let store: Store;
  let serve: Serve;
  let browser: Browser;

  beforeAll(async () => {
    world = makeWorld({ config: 'cost_budget_usd = 0.0045\n' });
    store = openStore(loadConfig({ home: world.home, cwd: world.work }).config.db_path);
    for (const [id, task, cost] of [['spend-a', 'Refactor the cart', 0.0036], ['spend-b', 'Fix the coupon field', 0.0018]] as const) {
      store.insertSession(buildSession(id, 'completed', new Date(Date.now() - 20 * 60_000), { task, workingDir: world.work }));
      store.updateMetrics(id, { tokensUsed: 1000, costUsd: cost, costStatus: 'reported' });
      store.recordMetricsSamples([id]);
    }
    serve = await startServe({ home: world.home, cwd: world.work, env: world.env });
    browser = await launchBrowser({ width: 1280, height: 900 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    store?.close();
    world?.cleanup();
  });

  it('keeps $0.0054 of $0.0045 in the card and at the end of the chart after spend-a is deleted', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await page.locator('.session-item.selected').waitFor();
    await page.getByRole('tab', { name: 'Budgets' }).click();
    await waitFor('the cost card', async () => /\$0\.0054 of \$0\.0045 \(120/.test(await costCard(page).catch(() => '')), 15_000);
    await waitFor('the chart', async () => /\$0\.0054 in total at the end/.test(await chartCaption(page).catch(() => '')), 15_000);
    // The window ends now, not an hour from now.
    const caption = await chartCaption(page);
    const end = /to (.+?): /.exec(caption)?.[1] ?? '';
    expect(Math.abs(Date.parse(end) - Date.now())).toBeLessThan(5 * 60_000);
    await screenshot(page, 'spend-before-delete');
    const sidebarSpent = () => page.getByLabel('Totals').innerText();
    await waitFor('the sidebar total', async () => /\$0\.0054\s+spent/.test(await sidebarSpent()), 15_000);

    // Delete spend-a from its session view.
    await page.locator('[data-session-id="spend-a"]').first().click();
    await page.getByRole('main', { name: 'Session spend-a' }).waitFor();
    await page.getByRole('button', { name: 'Delete session' }).click();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await waitFor('spend-a gone from the list', async () => (await page.locator('.session-item[data-session-id="spend-a"]').count()) === 0, 15_000);
    expect(store.getSession('spend-a')).toBeNull();

    await page.getByRole('tab', { name: 'Budgets' }).click();
    // Both figures still count what spend-a spent, and the card says deleted sessions are included.
    await waitFor('the card after the delete', async () => /\$0\.0054 of \$0\.0045 \(120/.test(await costCard(page).catch(() => '')), 15_000);
    await expect(page.getByLabel("Deleted sessions' spend").innerText()).resolves.toMatch(/Includes \$0\.0036 .* spent by deleted sessions/);
    await waitFor('the chart after the delete', async () => /\$0\.0054 in total at the end/.test(await chartCaption(page).catch(() => '')), 15_000);
    // So does the sidebar's total (it used to add up only the sessions still listed).
    await waitFor('the sidebar total after the delete', async () => /\$0\.0054\s+spent/.test(await sidebarSpent()), 15_000);
    await screenshot(page, 'spend-after-delete');
  }, 60_000);
});
