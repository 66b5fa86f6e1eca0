// A throwaway Switchyard world for session tests: a data home, a work dir, and fake agent CLIs on PATH.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../../src-main/engine/model';
import { cleanEnv, repoRoot, runCli, tempDir } from './cli';
import type { CliResult } from './cli';

export const FAKE_AGENT = join(repoRoot, 'test', 'fixtures', 'sessions', 'fake-agent.mjs');

export interface World {
  root: string;
  home: string;
  work: string;
  bin: string;
  agentLog: string;
  env: NodeJS.ProcessEnv;
  cli(args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<CliResult>;
  startJson(args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<Session>;
  status(id: string): Promise<Session & { profile: Record<string, unknown> | null }>;
  agentLogLines(): string[];
  cleanup(): void;
}

/** `agents` are installed on PATH as the fake agent; FAKE_AGENT_MODE picks its behaviour. */
export function makeWorld(opts: { agents?: string[]; mode?: string; config?: string } = {}): World {
  const dir = tempDir('sy-world-');
  const root = realpathSync(dir.path);
  const home = join(root, 'home');
  const work = join(root, 'work');
  const bin = join(root, 'bin');
  for (const d of [home, work, bin]) mkdirSync(d, { recursive: true });
  for (const agent of opts.agents ?? ['claude']) symlinkSync(FAKE_AGENT, join(bin, agent));
  if (opts.config) writeFileSync(join(home, 'config.toml'), opts.config);
  const agentLog = join(root, 'agent.log');
  const env = cleanEnv({
    PATH: `${bin}:${process.env.PATH}`,
    FAKE_AGENT_LOG: agentLog,
    FAKE_AGENT_MODE: opts.mode ?? 'exit:0',
  });
  const world: World = {
    root,
    home,
    work,
    bin,
    agentLog,
    env,
    cli: (args, o = {}) => runCli(['--home', home, ...args], { cwd: o.cwd ?? work, env: { ...env, ...o.env } }),
    async startJson(args, o) {
      const r = await world.cli(['start', '--json', ...args], o);
      if (r.code !== 0) throw new Error(`start failed (${r.code}): ${r.stderr}`);
      return JSON.parse(r.stdout) as Session;
    },
    async status(id) {
      const r = await world.cli(['status', id, '--json']);
      if (r.code !== 0) throw new Error(`status failed (${r.code}): ${r.stderr}`);
      return JSON.parse(r.stdout) as Session & { profile: Record<string, unknown> | null };
    },
    agentLogLines: () => (existsSync(agentLog) ? readFileSync(agentLog, 'utf8').split('\n').filter(Boolean) : []),
    cleanup: () => {
      // Stop anything a failing test left running, then remove the files.
      try {
        execFileSync('pkill', ['-f', root]);
      } catch {
        // nothing matched
      }
      dir.cleanup();
    },
  };
  return world;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
