import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectRunner } from '../../../src-main/engine/runner';
import { fixturesDir, makeTempDir, nodeAgent, waitFor } from './helpers';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const BULK_BYTES = 40 * 1024 * 1024;

let dir: string;
let cleanup: () => void;
let runnerPid: number | undefined;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
});
afterEach(() => {
  if (runnerPid !== undefined) {
    try {
      process.kill(runnerPid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  runnerPid = undefined;
  cleanup();
});

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe.runIf(process.platform === 'linux')('runner flow control', () => {
  it('keeps its memory flat under a fast producer and a slow client, which still gets every byte in order', async () => {
    const spec = {
      ...nodeAgent('print-exit.mjs', JSON.stringify({ bulkBytes: BULK_BYTES })),
      cwd: dir,
      logPath: join(dir, 'logs', 'bulk.log'),
      socketPath: join(dir, 'sockets', 'bulk.sock'),
      stateFile: join(dir, 'state.jsonl'),
    };
    // The runner runs in its own process so its RSS is its own.
    const runner = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(fixturesDir, 'runner-main.ts'), JSON.stringify(spec)], {
      cwd: repoRoot,
      env: { ...process.env, SWY_TEST_EAGER_GC: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    runnerPid = runner.pid;
    const pid = runner.pid ?? 0;
    await waitFor(() => existsSync(spec.socketPath), 'the runner socket', 15_000);
    const client = await connectRunner(spec.socketPath);
    const baselineKb = rssKb(pid);
    let peakKb = baselineKb;
    const sampler = setInterval(() => {
      if (existsSync(`/proc/${pid}/status`)) peakKb = Math.max(peakKb, rssKb(pid));
    }, 25);

    const hash = createHash('sha256');
    let received = 0;
    let outOfOrder = 0;
    let receivedWhenAgentExited = -1;
    const exit = new Promise((resolve) => {
      client.attach(
        0,
        async (chunk, offset) => {
          if (offset !== received) outOfOrder++;
          received = offset + chunk.length;
          hash.update(chunk);
          if (receivedWhenAgentExited < 0) {
            // A deliberately stalled reader: it takes nothing more until the agent has written all
            // 40 MB and exited, then reads the rest (which the runner must serve from the log).
            await waitFor(() => readFileSync(spec.stateFile, { flag: 'a+' }).includes('"exited"'), 'the agent to exit', 25_000);
            receivedWhenAgentExited = received;
          }
        },
        resolve,
      );
    });

    expect(await exit).toEqual({ exitCode: 0, signal: null });
    clearInterval(sampler);
    await waitFor(() => runner.exitCode !== null, 'the runner to quit');

    const logSize = statSync(spec.logPath).size;
    // 80-byte lines, each newline widened to \r\n by the terminal.
    expect(logSize).toBe(Math.ceil(BULK_BYTES / 80) * 81);
    expect(received).toBe(logSize);
    expect(outOfOrder).toBe(0);
    expect(hash.digest('hex')).toBe(await sha256File(spec.logPath));
    expect(receivedWhenAgentExited).toBeGreaterThan(0);
    expect(receivedWhenAgentExited).toBeLessThan(1024 * 1024);
    const growthMb = (peakKb - baselineKb) / 1024;
    expect(growthMb, `runner RSS grew from ${baselineKb >> 10} MB to ${peakKb >> 10} MB`).toBeLessThan(16);
  }, 120_000); // a slow client on a shared 2-core machine: generous, this is no speed test
});
