// What the runner bench reads from /proc, and a throwaway Switchyard home driven through the CLI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src-main/engine/store';
import type { Store } from '../../src-main/engine/store';

export const root = join(import.meta.dirname, '..', '..');
export const cli = join(root, 'out', 'main', 'cli.js');
export const fakeAgent = join(root, 'test', 'fixtures', 'sessions', 'fake-agent.mjs');

/** Proportional set size (shared pages split between the processes sharing them), in MB. */
export function pssMb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

export function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** User + system CPU time a process has used so far, in seconds (0 once it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the command's closing parenthesis: state is 3rd, utime 14th, stime 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

export function machine(): Record<string, unknown> {
  return { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', loadavg: loadavg().map((l) => Number(l.toFixed(2))), node: process.version };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A data home whose `bench` agent is the fake agent, and a store to watch it. */
export class BenchHome {
  readonly dir = realpathSync(mkdtempSync(join(tmpdir(), 'sy-bench-runner-')));
  readonly home = join(this.dir, 'home');
  readonly work = join(this.dir, 'work');
  readonly agentLog = join(this.dir, 'agent.log');
  private storeInstance: Store | null = null;

  constructor() {
    mkdirSync(this.home, { recursive: true, mode: 0o700 });
    mkdirSync(this.work, { recursive: true });
    writeFileSync(join(this.home, 'config.toml'), `[harness_runners.bench]\nprogram = ${JSON.stringify(fakeAgent)}\n`, { mode: 0o600 });
  }

  get store(): Store {
    this.storeInstance ??= openStore(join(this.home, 'switchyard.db'));
    return this.storeInstance;
  }

  /** Starts a session of the fake agent in `mode` (FAKE_AGENT_MODE); returns its id. */
  start(mode: string, sessionMode: 'interactive' | 'headless' = 'interactive'): string {
    const env = { ...process.env, FAKE_AGENT_MODE: mode, FAKE_AGENT_LOG: this.agentLog };
    delete env.SWITCHYARD_HOME;
    const out = execFileSync(process.execPath, [cli, '--home', this.home, 'start', '--agent', 'bench', '--mode', sessionMode, '--no-worktree', '--task', 'bench', '--json'], {
      cwd: this.work,
      env,
      encoding: 'utf8',
    });
    return (JSON.parse(out) as { id: string }).id;
  }

  async running(id: string): Promise<{ runnerPid: number; pid: number; socket: string; logPath: string }> {
    return until(`session ${id} to run`, () => {
      const s = this.store.getSession(id);
      const log = this.store.getOutputLog(id);
      return (s?.state === 'running' || s?.state === 'idle') && s.runnerPid && s.pid && log?.socketPath ? { runnerPid: s.runnerPid, pid: s.pid, socket: log.socketPath, logPath: log.logPath } : null;
    });
  }

  stop(id: string): void {
    execFileSync(process.execPath, [cli, '--home', this.home, 'stop', id], { cwd: this.work, stdio: 'ignore' });
  }

  cleanup(): void {
    this.storeInstance?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
