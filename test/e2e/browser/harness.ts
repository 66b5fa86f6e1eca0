// Browser tests' harness: a real `switchyard serve` process and Debian's Chromium via playwright-core.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { cliPath, repoRoot } from '../../helpers/cli';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(repoRoot, 'test-results', 'screenshots');

export interface Serve {
  url: string;
  origin: string;
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** `switchyard --home HOME serve --port 0 --no-open` (or a given port), resolved once it prints its URL. */
export function startServe(opts: { home: string; cwd: string; env: NodeJS.ProcessEnv; port?: number }): Promise<Serve> {
  // SWITCHYARD_TEST_CLI lets a developer point the tests at another build of the CLI.
  const cli = process.env.SWITCHYARD_TEST_CLI ?? cliPath;
  const proc = spawn(process.execPath, [cli, '--home', opts.home, 'serve', '--port', String(opts.port ?? 0), '--no-open'], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`serve printed no URL in 20 s:\n${out}`));
    }, 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const url = m[1]!;
        resolve({ url, origin: new URL(url).origin, proc, output: () => out, stop });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before printing a URL:\n${out}`));
    });
  });
}

export interface Browser {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Without WebGL unless asked: the terminal then draws with xterm's DOM renderer (its fallback), so
 * tests can read its text from the page; `webgl: true` keeps the GPU renderer (canvas only).
 */
export async function launchBrowser(viewport = { width: 1360, height: 820 }, opts: { webgl?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'sy-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(opts.webgl ? [] : ['--disable-3d-apis']),
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** The terminal's visible text with all whitespace removed (TUIs place words with cursor moves). */
export async function terminalText(page: Page): Promise<string> {
  const text = await page.locator('.xterm-rows').innerText().catch(() => '');
  return text.replace(/\s+/g, '');
}
