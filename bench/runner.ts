// Runner throughput: an agent printing as fast as it can (hundreds of MB) through the detached runner,
// its log file and an attached client, against reading the same command through node-pty directly.
// Prints MB/s for both, the ratio, and the runner's peak memory. Targets: ratio >= 0.5, runner RSS
// under 100 MB whatever the output size.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn as spawnPty } from 'node-pty';
import { connectRunner } from '../src-main/engine/runner';
import { openStore } from '../src-main/engine/store';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'out', 'main', 'cli.js');
const agent = join(root, 'test', 'fixtures', 'sessions', 'fake-agent.mjs');
const SIZES_MB = (process.env.BENCH_RUNNER_SIZES ?? '100,300').split(',').map(Number);
const RATIO_TARGET = 0.5;
const RSS_TARGET_MB = 100;

if (!existsSync(cli)) spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { stdio: 'inherit' });

function direct(mb: number): Promise<{ seconds: number; bytes: number }> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    let bytes = 0;
    const pty = spawnPty(process.execPath, [agent], { cols: 120, rows: 40, env: { ...process.env, FAKE_AGENT_MODE: `flood:${mb}` } as Record<string, string> });
    pty.onData((d) => (bytes += Buffer.byteLength(d)));
    pty.onExit(() => resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes }));
  });
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function throughRunner(mb: number): Promise<{ seconds: number; bytes: number; peakRssMb: number }> {
  const home = mkdtempSync(join(tmpdir(), 'sy-bench-runner-'));
  const work = join(home, 'work');
  mkdirSync(work);
  writeFileSync(join(home, 'config.toml'), `[harness_runners.flood]\nprogram = ${JSON.stringify(agent)}\n`);
  const env = { ...process.env, FAKE_AGENT_MODE: `flood:${mb}` };
  const started = process.hrtime.bigint();
  const out = execFileSync(process.execPath, [cli, '--home', home, 'start', '--agent', 'flood', '--no-worktree', '--task', 'flood', '--json'], { cwd: work, env, encoding: 'utf8' });
  const id = (JSON.parse(out) as { id: string }).id;
  const store = openStore(join(home, 'switchyard.db'));
  let socket: string | null = null;
  let runnerPid: number | null = null;
  while (!socket || !runnerPid || !existsSync(socket)) {
    socket = store.getOutputLog(id)?.socketPath ?? null;
    runnerPid = store.getSession(id)?.runnerPid ?? null;
    await new Promise((r) => setTimeout(r, 5));
  }
  let peak = rssMb(runnerPid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(runnerPid!))), 50);
  const client = await connectRunner(socket);
  let bytes = 0;
  await new Promise<void>((resolve) => client.attach(0, (chunk) => void (bytes += chunk.length), () => resolve()));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  client.close();
  store.close();
  rmSync(home, { recursive: true, force: true });
  return { seconds, bytes, peakRssMb: peak };
}

console.log('runner throughput: fake agent flooding a PTY; direct node-pty vs runner + log + attached client');
console.log('size MB  direct MB/s  runner MB/s  ratio  runner peak RSS MB');
let ok = true;
for (const mb of SIZES_MB) {
  const d = await direct(mb);
  const r = await throughRunner(mb);
  const dRate = d.bytes / 1e6 / d.seconds;
  const rRate = r.bytes / 1e6 / r.seconds;
  const ratio = rRate / dRate;
  ok &&= ratio >= RATIO_TARGET && r.peakRssMb < RSS_TARGET_MB;
  console.log(`${String(mb).padStart(7)}  ${dRate.toFixed(1).padStart(11)}  ${rRate.toFixed(1).padStart(11)}  ${ratio.toFixed(2).padStart(5)}  ${r.peakRssMb.toFixed(1).padStart(18)}`);
}
console.log(`targets: ratio >= ${RATIO_TARGET}, runner RSS < ${RSS_TARGET_MB} MB -> ${ok ? 'PASS' : 'FAIL'}`);
process.exitCode = ok ? 0 : 1;
