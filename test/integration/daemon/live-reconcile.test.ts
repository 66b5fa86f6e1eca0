// Live reconcile: a runner killed with -9 under a running daemon (`switchyard daemon`, and the daemon
// inside `switchyard serve`) gets its session failed with the reason on a later tick, and the agent it
// left behind (one that ignores SIGHUP and SIGTERM) is killed. The session is read from the store
// directly: the CLI's read commands reconcile by themselves and would hide a daemon that does not.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/engine/model';
import { openStore } from '../../../src-main/engine/store';
import { cliPath, repoRoot } from '../../helpers/cli';
import { makeWorld, waitFor, type World } from '../../helpers/sessions';

const AGENT = join(repoRoot, 'test', 'fixtures', 'runner', 'ignore-hangup.mjs');
const DEADLINE_MS = 60_000; // generous: a shared 2-core machine; the daemon ticks every second

let world: World | undefined;
let daemon: ChildProcess | undefined;

afterEach(async () => {
  if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
    const exited = new Promise((r) => daemon?.once('exit', r));
    daemon.kill('SIGTERM');
    await exited;
  }
  daemon = undefined;
  world?.cleanup();
  world = undefined;
});

/** Gone, or a zombie nobody has reaped yet (it no longer runs). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function readSession(w: World, id: string): Session | null {
  const store = openStore(join(w.home, 'switchyard.db'));
  try {
    return store.getSession(id);
  } finally {
    store.close();
  }
}

/** Starts the long-running host process and waits until its daemon holds the lock. */
async function startHost(w: World, kind: 'daemon' | 'serve'): Promise<ChildProcess> {
  const args = kind === 'daemon' ? ['daemon'] : ['serve', '--no-open', '--port', '0'];
  const child = spawn(process.execPath, [cliPath, '--home', w.home, ...args], { cwd: w.work, env: w.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  await waitFor(`${kind} to start its daemon`, () => {
    if (child.exitCode !== null) throw new Error(`${kind} exited early: ${stderr}`);
    return /daemon running/.test(stderr);
  }, DEADLINE_MS);
  return child;
}

describe.each(['daemon', 'serve'] as const)('a runner killed under `switchyard %s`', (kind) => {
  it('fails the session with the reason, kills the orphaned agent, and resume then works', async () => {
    const w = (world = makeWorld({
      config: [
        'heartbeat_interval_secs = 1',
        '[harness_runners.deaf]',
        `program = ${JSON.stringify(process.execPath)}`,
        `base_args = [${JSON.stringify(AGENT)}]`,
        '',
      ].join('\n'),
    }));
    daemon = await startHost(w, kind);
    const started = await w.startJson(['--agent', 'deaf', '--no-worktree', '--task', 'victim']);
    const running = await waitFor('running', () => {
      const s = readSession(w, started.id);
      return s?.state === 'running' && s.runnerPid && s.pid ? s : null;
    }, DEADLINE_MS);
    const agentPid = running.pid!;

    process.kill(running.runnerPid!, 'SIGKILL');

    const failed = await waitFor('the daemon to fail the session', () => {
      const s = readSession(w, started.id);
      return s?.state === 'failed' ? s : null;
    }, DEADLINE_MS);
    expect(failed.stateReason).toBe(`session runner (pid ${running.runnerPid}) is no longer running; it was killed or the machine restarted`);
    await waitFor('the orphaned agent to be killed', () => gone(agentPid), DEADLINE_MS);

    const resumed = await w.cli(['resume', started.id]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).not.toContain('already running');
    const again = await waitFor('running again', () => {
      const s = readSession(w, started.id);
      return s?.state === 'running' && s.pid && s.pid !== agentPid ? s : null;
    }, DEADLINE_MS);
    expect((await w.cli(['stop', started.id])).code).toBe(0);
    await waitFor('the resumed agent to stop', () => gone(again.pid!), DEADLINE_MS);
  }, 4 * DEADLINE_MS);
});
