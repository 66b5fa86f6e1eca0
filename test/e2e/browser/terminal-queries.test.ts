// The UI's terminal (xterm.js in Chromium, browser mode) opening a session that started detached:
// the replayed terminal queries are never answered into the agent, typing is, and live queries
// are answered by xterm.js. The fake TUI approves on any input byte, so a stray answer shows.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAskWorld } from '../../helpers/ask-terminal';
import type { AskWorld } from '../../helpers/ask-terminal';
import { waitFor } from '../../helpers/sessions';
import type { Browser, Serve } from './harness';
import { CHROMIUM, launchBrowser, screenshot, startServe, terminalText } from './harness';

describe.skipIf(!existsSync(CHROMIUM))('the UI terminal and an agent that probes its terminal', () => {
  let world: AskWorld;
  let serve: Serve;
  let browser: Browser;
  let id: string;

  beforeAll(async () => {
    world = makeAskWorld();
    id = await world.startAsking();
    await world.waitForRecord('PROMPT');
    serve = await startServe({ home: world.home, cwd: world.work, env: world.env });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await world?.cli(['stop', id]);
    await serve?.stop();
    world?.cleanup();
  });

  const kinds = () => world.records().map((r) => r.kind);
  const showsText = (text: string) => waitFor(`"${text}" in the terminal`, async () => (await terminalText(browser.page)).includes(text.replace(/\s+/g, '')));

  it('replays the detached session without approving anything, then takes what the user types', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await page.locator(`[data-session-id="${id}"]`).click();
    // The prompt comes after the queries in the log: once it is shown, xterm.js has parsed them.
    await showsText('Any key approves');
    await screenshot(page, 'terminal-queries-replayed');
    expect(kinds()).toEqual(['ANSWERS', 'PROMPT']);

    await page.locator('.xterm').click();
    await page.keyboard.type('y');
    expect((await world.waitForRecord('APPROVED')).value).toBe('y');

    // Asked live, the query is answered once, by xterm.js (the real cursor row, not the runner's 1;1).
    const live = await world.waitForRecord('LIVE');
    expect(Number(/^\x1b\[(\d+);\d+R$/.exec(live.value)?.[1])).toBeGreaterThan(1);
    await showsText('LIVE ANSWER');
    await page.keyboard.type('z');
    await world.waitForRecord('INPUT');
    expect(kinds()).toEqual(['ANSWERS', 'PROMPT', 'APPROVED', 'LIVE', 'INPUT']);
  }, 60_000);

  it('a reload replays everything (the live query too) into a new xterm without answering any of it', async () => {
    const { page } = browser;
    await page.reload();
    await page.locator(`[data-session-id="${id}"]`).click();
    await showsText('got z');
    await page.locator('.xterm').click();
    await page.keyboard.type('w');
    await waitFor('the agent to get "w"', () => world.records().some((r) => r.kind === 'INPUT' && r.value === 'w'));
    expect(world.records().map((r) => `${r.kind} ${r.kind === 'INPUT' ? r.value : ''}`.trim())).toEqual(['ANSWERS', 'PROMPT', 'APPROVED', 'LIVE', 'INPUT z', 'INPUT w']);
    await screenshot(page, 'terminal-queries-reloaded');
  }, 60_000);
});
