// The session runner is its own small bundle (out/main/runner.cjs): a runner lives as long as its
// session, so what it loads is paid once per session (issue 14). Its memory is measured in
// bench/runner.ts; here: sessions really start on it, and it cannot load the CLI.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';

const outMain = join(import.meta.dirname, '..', '..', '..', 'out', 'main');
const requiresOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);

let world: World;
afterEach(() => world?.cleanup());

describe('the lean session runner', () => {
  it('is a bundle that does not include the CLI or load commander, zod, git or the HTTP server', () => {
    const entry = join(outMain, 'runner.cjs');
    const chunks = readdirSync(join(outMain, 'runner-chunks')).map((f) => join(outMain, 'runner-chunks', f));
    // What every runner loads when it starts: Node's own modules and these packages only.
    const eager = new Set(requiresOf(entry).filter((m) => !m.startsWith('node:') && !m.startsWith('./') && m !== 'url'));
    expect([...eager].sort()).toEqual(['better-sqlite3', 'node-pty', 'smol-toml']);
    for (const file of [entry, ...chunks]) {
      const text = readFileSync(file, 'utf8');
      for (const banned of ['commander', 'zod', 'ws', '@xterm/headless', '@xterm/addon-serialize']) expect(requiresOf(file)).not.toContain(banned);
      // No CLI command made it in (they all register through commander's .command()).
      expect(text).not.toMatch(/\.command\(["']/);
    }
    // simple-git (auto-commit, worktree queue) and the price table only in chunks loaded when used.
    expect(requiresOf(entry)).not.toContain('simple-git');
    expect(readFileSync(entry, 'utf8')).not.toContain('@pydantic/genai-prices');
  });

  it('keeps its source small in every runner: ASCII only (a one-byte string in V8), and node:crypto not loaded at start', () => {
    const entry = join(outMain, 'runner.cjs');
    const chunks = readdirSync(join(outMain, 'runner-chunks')).map((f) => join(outMain, 'runner-chunks', f));
    for (const file of [entry, ...chunks]) {
      expect(readFileSync(file, 'utf8').match(/[^\x00-\x7f]/g) ?? [], file).toEqual([]);
    }
    // node:crypto costs a process ~0.7 MB: loaded only where a hash or an id is really made.
    expect(requiresOf(entry)).not.toContain('node:crypto');
  });

  it('is what `start` runs for a session, with the same arguments as `switchyard run-session`', async () => {
    world = makeWorld({ mode: 'sleep' });
    const s = await world.startJson(['--no-worktree', '--task', 'stay a while']);
    const running = await waitFor('the session to run', async () => {
      const now = await world.status(s.id);
      return now.state === 'running' && now.runnerPid ? now : null;
    });
    const argv = readFileSync(`/proc/${running.runnerPid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(argv[0]).toBe(process.execPath);
    expect(argv).toContain(join(outMain, 'runner.cjs'));
    expect(argv.some((a) => a.endsWith('cli.js'))).toBe(false);
    expect(argv.slice(argv.indexOf('run-session'))).toEqual(['run-session', '--session-id', s.id, '--agent', running.agentType, '--cwd', world.work]);
    const stop = await world.cli(['stop', s.id]);
    expect(stop.code, stop.stderr).toBe(0);
    await waitFor('the runner to exit', () => !isAlive(running.runnerPid!));
    expect((await world.status(s.id)).state).toBe('stopped');
  });
});
