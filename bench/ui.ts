// Benchmark: browser mode with 100 sessions, and what 20 idle sessions cost.
// Run: node --import tsx bench/ui.ts   (BENCH_SECONDS=20 shortens both phases; BENCH_SESSIONS=30 fewer sessions)
//
// Phase 1: 100 interactive sessions print a coloured line every 100 ms each (1,000 lines a second
// in all) while Chromium shows the UI and the bench switches between sessions for 60 s. Measured in
// the page: frame times (requestAnimationFrame deltas), the time from a click on a session in the
// sidebar until its terminal shows that session's own output (the switch), and the JS heap at the end.
// Phase 2: those stop; 20 idle sessions start; the CPU time that `switchyard serve` and all 20
// runners use together over 60 s, from /proc (the agents themselves are reported apart).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { report } from './lib/report';

const root = join(import.meta.dirname, '..');
const cli = process.env.SWITCHYARD_TEST_CLI ?? join(root, 'out', 'main', 'cli.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const STREAMING = Number(process.env.BENCH_SESSIONS ?? 100);
const IDLE = 20;
const TARGET_FRAME_P95_MS = 33;
const TARGET_HEAP_MB = 100;
const TARGET_SWITCH_P95_MS = 150;
const TARGET_IDLE_CPU = 1;

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sy-bench-ui-')));
const home = join(dir, 'home');
const work = join(dir, 'work');
const bin = join(dir, 'bin');
for (const d of [home, work, bin]) mkdirSync(d, { recursive: true });

// The stand-in agent: BENCH_AGENT=print writes a line naming its session every 100 ms; idle prints one line and waits.
const agent = join(bin, 'claude');
writeFileSync(
  agent,
  `#!/usr/bin/env node
process.on('SIGTERM', () => process.exit(0));
const mark = process.env.BENCH_MARK || '';
if (process.env.BENCH_AGENT === 'idle') { process.stdout.write('idle agent waiting\\r\\n'); setInterval(() => {}, 1 << 30); }
else { let n = 0; setInterval(() => { n++; process.stdout.write('\\x1b[32m' + String(n).padStart(6) + '\\x1b[0m ' + mark + ' build step ' + 'é'.repeat(n % 7) + ' ' + 'x'.repeat(40 + (n % 20)) + ' \\x1b[1mok\\x1b[0m\\r\\n'); }, 100); }
`,
);
chmodSync(agent, 0o755);

const baseEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
delete baseEnv.SWITCHYARD_HOME;

function sy(args: string[], env: NodeJS.ProcessEnv = baseEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [cli, '--home', home, ...args], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`switchyard ${args.join(' ')}: ${err}`))));
  });
}

/** Starts `n` sessions, four at a time; returns their ids and marks, in start order. */
async function startSessions(kind: 'print' | 'idle', n: number): Promise<{ id: string; mark: string }[]> {
  const started: { id: string; mark: string }[] = [];
  for (let i = 0; i < n; i += 4) {
    const batch = Array.from({ length: Math.min(4, n - i) }, (_, k) => i + k);
    const ids = await Promise.all(
      batch.map(async (k) => {
        const mark = `bench-${kind}-${String(k + 1).padStart(3, '0')}`;
        const out = await sy(['start', '--task', mark, '--no-worktree', '--mode', 'interactive', '--json'], { ...baseEnv, BENCH_AGENT: kind, BENCH_MARK: mark });
        return { id: (JSON.parse(out) as { id: string }).id, mark };
      }),
    );
    started.push(...ids);
  }
  return started;
}

async function stopSessions(ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 8) await Promise.all(ids.slice(i, i + 8).map((id) => sy(['stop', id]).catch(() => undefined)));
}

function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
  } catch {
    return 0; // gone
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const serve = spawn(process.execPath, [cli, '--home', home, 'serve', '--port', '0', '--no-open'], { cwd: work, env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] });
const profile = mkdtempSync(join(tmpdir(), 'sy-bench-chromium-'));
let live: string[] = [];
let passed = false;
try {
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    serve.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    serve.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    setTimeout(() => reject(new Error('serve printed no URL')), 20_000);
  });
  const printing = await startSessions('print', STREAMING);
  live = printing.map((s) => s.id);
  console.log(`started ${printing.length} streaming sessions; measuring the page for ${SECONDS} s…`);

  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1360, height: 820 },
    // No GPU here: --disable-3d-apis gives xterm's DOM renderer (software WebGL would measure SwiftShader, and its canvas hides the text the switch waits for).
    args: ['--no-sandbox', '--disable-gpu', '--disable-3d-apis', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Strings, not functions: tsx's transform would reference helpers the page does not have.
  await page.addInitScript(
    'window.__frames = []; let last = 0; const tick = (t) => { if (last) window.__frames.push(t - last); last = t; requestAnimationFrame(tick); }; requestAnimationFrame(tick);',
  );
  await page.goto(url);
  await page.locator('.session-item').nth(STREAMING - 1).waitFor({ state: 'attached', timeout: 60_000 });
  await page.waitForTimeout(3000);
  await page.evaluate('window.__frames = []');
  // One switch: click the session's sidebar entry, then wait (in the page, per frame) until its
  // terminal shows a line with its own mark. Returns the milliseconds, or -1 if it never did.
  const switchTo = (id: string, mark: string) =>
    page.evaluate(`(async () => {
      const item = [...document.querySelectorAll('.session-item')].find((el) => (el.getAttribute('title') || el.textContent || '').includes(${JSON.stringify(id)}) || (el.textContent || '').includes(${JSON.stringify(mark)}));
      if (!item) return -2;
      const t0 = performance.now();
      item.click();
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        const rows = document.querySelectorAll('.xterm-rows');
        for (const r of rows) if ((r.textContent || '').includes(${JSON.stringify(mark)})) return performance.now() - t0;
        if (performance.now() - t0 > 10000) return -1;
      }
    })()`) as Promise<number>;
  const switches: number[] = [];
  const missed: string[] = [];
  const started = Date.now();
  let n = 0;
  while (Date.now() - started < SECONDS * 1000) {
    const s = printing[(n++ * 37) % printing.length]!; // jump around the list, not only to neighbours
    const ms = await switchTo(s.id, s.mark);
    if (ms < 0) missed.push(s.mark);
    else switches.push(ms);
    await page.waitForTimeout(1000);
  }
  const frames = (await page.evaluate('window.__frames')) as number[];
  const heapMb = ((await page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : 0')) as number) / 2 ** 20;
  await stopSessions(live);
  live = [];

  const idle = await startSessions('idle', IDLE);
  live = idle.map((s) => s.id);
  await page.waitForTimeout(20_000); // let the starts settle (each runner loads and renders once)
  const listed = JSON.parse(await sy(['sessions', '--json'])) as { id: string; runnerPid: number | null; pid: number | null; state: string }[];
  const mine = listed.filter((s) => live.includes(s.id));
  const runners = mine.map((s) => s.runnerPid).filter((p): p is number => p !== null);
  const agents = mine.map((s) => s.pid).filter((p): p is number => p !== null);
  const sum = (pids: number[]) => pids.reduce((t, p) => t + cpuTicks(p), 0);
  const before = { serve: cpuTicks(serve.pid!), runners: sum(runners), agents: sum(agents) };
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const secs = (Date.now() - t0) / 1000;
  const pct = (ticks: number) => (ticks / 100 / secs) * 100;
  const serveCpu = pct(cpuTicks(serve.pid!) - before.serve);
  const runnersCpu = pct(sum(runners) - before.runners);
  const agentsCpu = pct(sum(agents) - before.agents);
  await context.close();

  const p95 = percentile(frames, 95);
  const switchP95 = percentile(switches, 95);
  passed = report(
    'ui',
    [
      { what: `frame time p95, ${STREAMING} streaming sessions`, value: p95, unit: 'ms', target: `< ${TARGET_FRAME_P95_MS} ms`, ok: p95 < TARGET_FRAME_P95_MS },
      { what: 'frame time p50', value: percentile(frames, 50), unit: 'ms' },
      { what: 'frames measured', value: frames.length, unit: '', digits: 0 },
      { what: `page JS heap after ${SECONDS} s`, value: heapMb, unit: 'MB', target: `< ${TARGET_HEAP_MB} MB`, ok: heapMb < TARGET_HEAP_MB },
      { what: 'session switch p95 (click to its output on screen)', value: switchP95, unit: 'ms', target: `< ${TARGET_SWITCH_P95_MS} ms`, ok: switchP95 < TARGET_SWITCH_P95_MS && switches.length > 0 },
      { what: 'session switch p50', value: percentile(switches, 50), unit: 'ms' },
      { what: 'switches measured (never shown)', value: switches.length, unit: `(${missed.length})`, digits: 0, target: 'all shown', ok: missed.length === 0 },
      { what: `serve + ${runners.length} runners CPU, ${IDLE} idle sessions`, value: serveCpu + runnersCpu, unit: '% of a core', digits: 2, target: `< ${TARGET_IDLE_CPU} %`, ok: serveCpu + runnersCpu < TARGET_IDLE_CPU && runners.length === IDLE },
      { what: '  of which serve', value: serveCpu, unit: '%', digits: 2 },
      { what: '  of which the runners', value: runnersCpu, unit: '%', digits: 2 },
      { what: `the ${agents.length} idle agents themselves`, value: agentsCpu, unit: '%', digits: 2 },
    ],
    [`${STREAMING} sessions print a line every 100 ms each; the page switches session once a second for ${SECONDS} s; idle CPU over ${secs.toFixed(0)} s`, ...(missed.length ? [`never shown: ${missed.join(', ')}`] : [])],
  );
} finally {
  await stopSessions(live);
  serve.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  try {
    execFileSync('pkill', ['-f', dir]);
  } catch {
    // nothing left
  }
  rmSync(profile, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = passed ? 0 : 1;
