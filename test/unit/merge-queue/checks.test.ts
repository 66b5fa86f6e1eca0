// The check runner: the user's command through `sh -c` in its own process group, all output in the
// log, and nothing it started left running, whether it passes, fails or times out.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src-main/engine/merge-queue/checks';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

describe('runCheck', () => {
  it('a timed-out check that ignores SIGTERM is killed with every process of its group', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sy-check-'));
    const pidFile = join(dir, 'pid');
    const r = await runCheck({ command: `trap '' TERM; sleep 300 & echo $! > ${pidFile}; echo waiting; wait; wait`, cwd: dir, timeoutSecs: 1, logPath: join(dir, 'log') });
    expect(r.outcome).toBe('timed_out');
    expect(r.summary).toBe('timed out after 1s (check_timeout_secs); its process group was killed');
    expect(await gone(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
    expect(readFileSync(join(dir, 'log'), 'utf8')).toContain('waiting');
  }, 30_000);

  it('a passing check that leaves a background process behind does not leave it running', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sy-check-'));
    const pidFile = join(dir, 'pid');
    const r = await runCheck({ command: `sleep 300 > /dev/null 2>&1 & echo $! > ${pidFile}; echo fine`, cwd: dir, timeoutSecs: 60, logPath: join(dir, 'log') });
    expect(r.outcome).toBe('passed');
    expect(await gone(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  }, 30_000);

  it('keeps all output in the log and the last lines as the tail; names the exit code', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sy-check-'));
    const tails: string[] = [];
    const r = await runCheck({
      command: 'i=1; while [ $i -le 200 ]; do echo "line $i"; i=$((i+1)); done; echo "broken" >&2; exit 3',
      cwd: dir,
      timeoutSecs: 60,
      logPath: join(dir, 'log'),
      onOutput: (t) => tails.push(t),
    });
    expect(r).toMatchObject({ outcome: 'failed', exitCode: 3 });
    expect(r.summary).toMatch(/^exited with 3 after /);
    const log = readFileSync(join(dir, 'log'), 'utf8');
    expect(log).toContain('line 1\n');
    expect(log).toContain('line 200\n');
    expect(r.tail.split('\n')).toHaveLength(30);
    expect(r.tail.endsWith('broken')).toBe(true);
    expect(tails.length).toBeGreaterThan(0);
  });

  it('reports a command that is not found as such (exit 127)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sy-check-'));
    const r = await runCheck({ command: 'definitely-not-a-program-here', cwd: dir, timeoutSecs: 60, logPath: join(dir, 'log') });
    expect(r.outcome).toBe('not_found');
    expect(r.summary).toContain('command not found');
    expect(readFileSync(join(dir, 'log'), 'utf8')).toContain('not found');
  });
});
