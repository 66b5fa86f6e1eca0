import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectRunner, spawnDetachedRunner } from '../../../src-main/engine/runner';
import { capture, fixturesDir, makeTempDir, nodeAgent, waitFor } from './helpers';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

let dir: string;
let cleanup: () => void;
const started: number[] = [];

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
});
afterEach(() => {
  // Never leave a runner behind, even when an assertion failed half-way.
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  cleanup();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sessionIdOf(pid: number): string {
  return execFileSync('ps', ['-o', 'sid=', '-p', String(pid)], { encoding: 'utf8' }).trim();
}

describe('spawnDetachedRunner', () => {
  it('starts a runner that outlives its parent, leads its own session, and replays its output to a later attach', async () => {
    const spec = {
      ...nodeAgent('echo-size.mjs'),
      cwd: dir,
      logPath: join(dir, 'logs', 'sess.log'),
      socketPath: join(dir, 'sockets', 'sess.sock'),
      stateFile: join(dir, 'state.jsonl'),
    };
    const parent = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(fixturesDir, 'detach-parent.ts'), join(fixturesDir, 'runner-main.ts'), JSON.stringify(spec), join(dir, 'logs', 'runner-stderr.log')],
      { cwd: repoRoot, encoding: 'utf8', timeout: 20_000 },
    );
    expect(parent.stderr).toBe('');
    expect(parent.status).toBe(0);
    const { pid } = JSON.parse(parent.stdout) as { pid: number };
    started.push(pid);

    // The parent has exited; the runner is still there, in a session of its own.
    expect(isAlive(pid)).toBe(true);
    expect(sessionIdOf(pid)).toBe(String(pid));
    expect(sessionIdOf(process.pid)).not.toBe(String(pid));

    await waitFor(() => existsSync(spec.socketPath) && readFileSync(spec.logPath, 'utf8').includes('ready'), 'the detached runner to start its agent', 15_000);
    const client = await connectRunner(spec.socketPath);
    const out = capture(client, 0);
    await waitFor(() => out.text().includes('ready size:80x24'), 'the replay from offset 0');
    expect(out.text().startsWith('ready size:80x24\r\n')).toBe(true);
    client.input('\x04');
    expect(await out.exit).toEqual({ exitCode: 0, signal: null });

    await waitFor(() => !isAlive(pid), 'the runner to quit after its agent exited');
    const events = readFileSync(spec.stateFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { event: string; runnerPid?: number });
    expect(events.map((e) => e.event)).toEqual(['started', 'exited', 'finished']);
    expect(events[0]?.runnerPid).toBe(pid);
    expect(existsSync(spec.socketPath)).toBe(false);
  });

  it('passes the runner its arguments in order and appends its stderr to the log', async () => {
    const argvFile = join(dir, 'argv.json');
    const stderrLog = join(dir, 'deep', 'logs', 'sess.runner-stderr.log');
    const script = 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2))); process.stderr.write("runner says hi\\n")';
    const { pid } = await spawnDetachedRunner({
      command: [process.execPath, '-e', script],
      args: [argvFile, 'run-session', '--session-id', 'abc12345', '--agent', 'claude'],
      stderrLogPath: stderrLog,
    });
    started.push(pid);
    expect(pid).toBeGreaterThan(0);
    await waitFor(() => existsSync(argvFile) && readFileSync(stderrLog, 'utf8').includes('runner says hi'), 'the runner to write its argv and stderr');
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))).toEqual(['run-session', '--session-id', 'abc12345', '--agent', 'claude']);
    // Created private, not narrowed afterwards: the runner's errors can quote the session's work.
    expect(statSync(stderrLog).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'deep', 'logs')).mode & 0o777).toBe(0o700);
  });

  it('names the step that failed: log directory, stderr log, or spawn', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    await expect(spawnDetachedRunner({ command: [process.execPath], args: [], stderrLogPath: join(file, 'logs', 'x.log') })).rejects.toThrow(
      `Failed to create ECC runner log directory ${join(file, 'logs')}`,
    );

    const logDir = join(dir, 'is-a-dir.log');
    mkdirSync(logDir);
    await expect(spawnDetachedRunner({ command: [process.execPath], args: [], stderrLogPath: logDir })).rejects.toThrow(
      `Failed to open ECC runner stderr log ${logDir}`,
    );

    const missing = join(dir, 'no-such-runner');
    await expect(spawnDetachedRunner({ command: [missing], args: ['run-session'], stderrLogPath: join(dir, 'ok.log') })).rejects.toThrow(
      `Failed to spawn ECC runner from ${missing}`,
    );
  });
});
