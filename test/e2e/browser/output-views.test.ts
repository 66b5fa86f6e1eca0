// The session view's readable output in Chromium against a real `switchyard serve`: a headless
// session of the real Claude CLI (stub model) shows as a conversation with a switch to the raw
// terminal; an interactive full-screen agent that restored the normal screen on exit shows its
// last screen instead of a blank one; "Search all output" finds text the TUI drew by position,
// with the line number `switchyard logs --text` prints. Screenshots at 1024, 1280 and 1920 px wide.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Session } from '../../../src-main/engine/model';
import { claudeEnv, STUB_API_KEY } from '../../fixtures/stub-model/claude-env';
import { startStubModel, workingDirOf, type StubModel } from '../../fixtures/stub-model/server';
import { cleanEnv, repoRoot, runCli, tempDir } from '../../helpers/cli';
import { waitFor } from '../../helpers/sessions';
import { CHROMIUM, launchBrowser, startServe, terminalText } from './harness';
import type { Browser, Serve } from './harness';

const haveChromium = existsSync(CHROMIUM);
const SHOTS = join(tmpdir(), 'logs-view-shots');
const TUI_AGENT = join(repoRoot, 'test', 'fixtures', 'sessions', 'tui-agent.mjs');
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1024, 1280, 1920]) {
    await page.setViewportSize({ width, height: 820 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 820 });
}

describe.skipIf(!haveChromium)('readable session output in the app', () => {
  let dir: { path: string; cleanup: () => void };
  let root: string;
  let home: string;
  let repo: string;
  let stub: StubModel;
  let env: NodeJS.ProcessEnv;
  let serve: Serve;
  let browser: Browser;
  let headless: Session;
  let tui: Session;

  const sy = (args: string[]) => runCli(['--home', home, ...args], { cwd: repo, env, timeoutMs: 150_000 });
  const json = async <T,>(args: string[]): Promise<T> => {
    const r = await sy([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };

  beforeAll(async () => {
    dir = tempDir('sy-views-');
    root = realpathSync(dir.path);
    home = join(root, 'home');
    repo = join(root, 'repo');
    for (const d of [home, join(root, 'claude-home'), repo]) mkdirSync(d, { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.name', 'Ursula User');
    git(repo, 'config', 'user.email', 'ursula@example.com');
    writeFileSync(join(repo, 'README.md'), 'hello\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'init');
    writeFileSync(join(home, 'config.toml'), `[harness_runners.tui]\nprogram = ${JSON.stringify(process.execPath)}\nbase_args = [${JSON.stringify(TUI_AGENT)}]\n`);
    stub = await startStubModel({
      script: (ctx) => {
        const cwd = workingDirOf(ctx.body) ?? '/nonexistent';
        if (ctx.turn === 0) {
          return {
            content: [
              { type: 'text', text: 'Writing hello.txt with a greeting.' },
              { type: 'tool_use', name: 'Write', input: { file_path: join(cwd, 'hello.txt'), content: 'hello from the app\n' } },
            ],
          };
        }
        if (ctx.turn === 1) return { content: [{ type: 'tool_use', name: 'Bash', input: { command: 'ls -la', description: 'look around' } }] };
        return { content: [{ type: 'text', text: 'Created hello.txt; the folder now has README.md and hello.txt.' }] };
      },
    });
    const base = claudeEnv({ home: join(root, 'claude-home'), stubUrl: stub.url, apiKey: STUB_API_KEY });
    env = cleanEnv({ ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` });
    headless = await json<Session>(['start', '-t', 'write hello.txt']);
    tui = await json<Session>(['start', '--agent', 'tui', '--mode', 'interactive', '--no-worktree', '-t', 'draw']);
    for (const s of [headless, tui]) expect((await sy(['wait', s.id, '--timeout', '120'])).code).toBe(0);
    serve = await startServe({ home, cwd: repo, env });
    browser = await launchBrowser({ width: 1280, height: 820 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await stub?.close();
    dir?.cleanup();
  });

  it('a headless session opens on its conversation; the switch shows the raw terminal and back', async () => {
    const { page } = browser;
    await page.goto(serve.url);
    await page.locator(`[data-session-id="${headless.id}"]`).click();
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await conversation.waitFor({ timeout: 20_000 });
    await conversation.getByText('Writing hello.txt with a greeting.').waitFor();
    // One line per call, naming its target (relative to the worktree) and its outcome.
    await expect(conversation.getByRole('listitem', { name: 'Write hello.txt ok' }).innerText()).resolves.toContain('File created successfully');
    await expect(conversation.getByRole('listitem', { name: 'Bash ls -la ok' }).isVisible()).resolves.toBe(true);
    const result = conversation.getByRole('listitem', { name: 'Final result' });
    await expect(result.innerText()).resolves.toMatch(/Completed[\s\S]*tokens[\s\S]*\$0\.\d{4}[\s\S]*2 tool calls[\s\S]*1 file changed/);
    expect(await conversation.innerText()).not.toContain('"type"');
    await shots(page, 'conversation');

    await page.getByRole('button', { name: 'Terminal', exact: true }).click();
    await waitFor('the raw stream in the terminal', async () => (await terminalText(page)).includes('"type":"result"'), 20_000);
    await expect(page.getByRole('region', { name: 'Conversation' }).count()).resolves.toBe(0);
    await shots(page, 'conversation-raw-terminal');
    await page.getByRole('button', { name: 'Conversation', exact: true }).click();
    await page.getByRole('region', { name: 'Conversation' }).waitFor();
  }, 120_000);

  it('an interactive full-screen agent that exited shows its last screen, not the blank normal screen', async () => {
    const { page } = browser;
    await page.locator(`[data-session-id="${tui.id}"]`).click();
    const screen = page.getByRole('region', { name: 'Last screen' });
    await screen.waitFor({ timeout: 20_000 });
    const text = await screen.getByLabel('Last screen text').innerText();
    expect(text).toContain('Fake TUI · session view');
    expect(text).toContain('Assistant: I wrote notes.txt for you.');
    expect(text).toContain('✓ Write notes.txt');
    expect(text).not.toContain('Thinking…');
    await expect(screen.getByLabel('Printed after it left the full screen').innerText()).resolves.toBe('Goodbye from the fake TUI');
    await shots(page, 'last-screen');
    // The raw replay ends on the normal screen: the drawing is gone from it.
    await page.getByRole('button', { name: 'Terminal', exact: true }).click();
    await waitFor('the replay', async () => (await terminalText(page)).includes('GoodbyefromthefakeTUI'), 20_000);
    expect(await terminalText(page)).not.toContain('Iwrotenotes.txt');
    await shots(page, 'last-screen-raw-terminal');
  }, 120_000);

  it('Search all output finds what the TUI drew by position, at the line `switchyard logs --text` prints', async () => {
    const { page } = browser;
    const logs = await sy(['logs', tui.id]);
    expect(logs.code).toBe(0);
    expect(logs.stderr).toContain('showing its last screen');
    expect(logs.stdout).toContain('Assistant: I wrote notes.txt for you.');
    expect(logs.stdout).toContain('Goodbye from the fake TUI');
    // Search numbers the lines of the whole log as text, as `logs --text` prints them.
    const text = await sy(['logs', tui.id, '--text']);
    expect(text.stdout).not.toContain('\x1b');
    const line = text.stdout.split('\n').findIndex((l) => l.includes('needle-gamma')) + 1;
    expect(line).toBeGreaterThan(1);
    await page.keyboard.press('Control+Shift+KeyF');
    await page.getByLabel("Search all sessions' output").fill('needle-gamma');
    const hit = page.getByRole('button', { name: `Open session ${tui.id}, line ${line}` });
    await hit.waitFor({ timeout: 20_000 });
    await expect(hit.innerText()).resolves.toContain('needle-gamma drawn by position');
    await shots(page, 'search-interactive');
  }, 60_000);
});
