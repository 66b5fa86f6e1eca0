import { describe, expect, it } from 'vitest';
import { killProcessGroup } from '../../../src-main/engine/runner/kill';
import type { KillFn } from '../../../src-main/engine/runner/kill';

function errno(code: string): Error {
  return Object.assign(new Error(`kill ${code}`), { code });
}

/** A fake process table: the group dies after `diesAfter` probes, or never. */
function fakeKill(opts: { diesOnTerm?: boolean; termError?: string; aliveProbes?: number }) {
  const calls: Array<[number, NodeJS.Signals | number | undefined]> = [];
  let alive = true;
  let probes = 0;
  const kill: KillFn = (pid, signal) => {
    calls.push([pid, signal]);
    if (signal === 'SIGTERM' && opts.termError) throw errno(opts.termError);
    if (!alive) throw errno('ESRCH');
    if (signal === 'SIGTERM' && opts.diesOnTerm) alive = false;
    if (signal === 0 && opts.aliveProbes !== undefined && ++probes > opts.aliveProbes) alive = false;
    if (signal === 'SIGKILL') alive = false;
    if (signal === 0 && !alive) throw errno('ESRCH');
    return true;
  };
  return { kill, calls };
}

describe('killProcessGroup', () => {
  it('SIGTERMs the process group, and SIGKILLs it when it is still there after the grace period', async () => {
    const { kill, calls } = fakeKill({});
    const started = Date.now();
    await killProcessGroup(4321, 150, kill);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(calls[0]).toEqual([-4321, 'SIGTERM']);
    expect(calls.at(-1)).toEqual([-4321, 'SIGKILL']);
    expect(calls.every(([pid]) => pid === -4321)).toBe(true); // the group, not just the leader
  });

  it('does not SIGKILL a group that went away during the grace period, and returns early', async () => {
    const { kill, calls } = fakeKill({ aliveProbes: 1 });
    const started = Date.now();
    await killProcessGroup(4321, 5000, kill);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls.map(([, signal]) => signal)).not.toContain('SIGKILL');
  });

  it('treats "no such process" as already stopped, after trying the pid itself', async () => {
    const { kill, calls } = fakeKill({ termError: 'ESRCH' });
    await killProcessGroup(4321, 1000, kill);
    // A just-forked child may not lead its own group yet, so the pid is tried too.
    expect(calls).toEqual([
      [-4321, 'SIGTERM'],
      [4321, 'SIGTERM'],
    ]);
  });

  it('fails with the pid when the signal is refused', async () => {
    const { kill } = fakeKill({ termError: 'EPERM' });
    await expect(killProcessGroup(4321, 1000, kill)).rejects.toThrow('Failed to kill process 4321: kill EPERM');
    await expect(killProcessGroup(0, 1000, kill)).rejects.toThrow('Failed to kill process 0');
  });
});
