// Benchmark: browser mode under load. Twenty sessions print continuously while Chromium shows the
// UI (cycling through sessions, so replay and live output both run): the page's frame times
// (requestAnimationFrame deltas, p95 and max) and its JS heap after the run. Then twenty idle
// sessions: the `switchyard serve` process's CPU over sixty seconds, with the page still open.
// Run: node --import tsx bench/ui.ts   (BENCH_SECONDS=20 shortens both phases)
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = join(import.meta.dirname, '..');
const cli = process.env.SWITCHYARD_TEST_CLI ?? join(root, 'out', 'main', 'cli.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const SESSIONS = 20;
const TARGET_FRAME_P95_MS = 50;
const TARGET_IDLE_CPU = 1;

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sy-bench-ui-')));
const home = join(dir, 'home');
const work = join(dir, 'work');
const bin = join(dir, 'bin');
for (const d of [home, work, bin]) mkdirSync(d, { recursive: true });

// The stand-in agent: BENCH_AGENT=print writes a coloured line every 20 ms; idle prints one line and waits.
const agent = join(bin, 'claude');
writeFileSync(
  agent,
  `#!/usr/bin/env node
process.on('SIGTERM', () => process.exit(0));
if (process.env.BENCH_AGENT === 'idle') { process.stdout.write('idle agent waiting\\r\\n'); setInterval(() => {}, 1 << 30); }
else { let n = 0; setInterval(() => { n++; process.stdout.write('\\x1b[32m' + String(n).padStart(6) + '\\x1b[0m build step ' + 'é'.repeat(n % 7) + ' ' + 'x'.repeat(60 + (n % 20)) + ' \\x1b[1mok\\x1b[0m\\r\\n'); }, 20); }
`,
);
chmodSync(agent, 0o755);

const baseEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
delete baseEnv.SWITCHYARD_HOME;

function sy(args: string[], env: NodeJS.ProcessEnv = baseEnv): string {
  return execFileSync(process.execPath, [cli, '--home', home, ...args], { cwd: work, env, encoding: 'utf8' });
}

function startSessions(kind: 'print' | 'idle'): string[] {
  const ids: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const out = sy(['start', '--task', `${kind} session ${i + 1}`, '--no-worktree', '--mode', 'interactive', '--project', kind === 'print' ? 'load' : 'quiet', '--json'], { ...baseEnv, BENCH_AGENT: kind });
    ids.push((JSON.parse(out) as { id: string }).id);
  }
  return ids;
}

function stopSessions(ids: string[]): void {
  for (const id of ids) {
    try {
      sy(['stop', id]);
    } catch {
      // already gone
    }
  }
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const serve = spawn(process.execPath, [cli, '--home', home, 'serve', '--port', '0', '--no-open'], { cwd: work, env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] });
const profile = mkdtempSync(join(tmpdir(), 'sy-bench-chromium-'));
let printing: string[] = [];
let idle: string[] = [];
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
  console.log(`serve: ${url}`);
  printing = startSessions('print');
  console.log(`started ${printing.length} printing sessions; measuring the page for ${SECONDS} s…`);

  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1360, height: 820 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // A string, not a function: tsx's transform would reference helpers the page does not have.
  await page.addInitScript(
    'window.__frames = []; let last = 0; const tick = (t) => { if (last) window.__frames.push(t - last); last = t; requestAnimationFrame(tick); }; requestAnimationFrame(tick);',
  );
  await page.goto(url);
  await page.locator('.session-item').nth(SESSIONS - 1).waitFor({ timeout: 30_000 });
  await page.evaluate('window.__frames = []');
  const started = Date.now();
  let n = 0;
  while (Date.now() - started < SECONDS * 1000) {
    await page.locator('.session-item').nth(n++ % SESSIONS).click();
    await page.waitForTimeout(3000);
  }
  const frames = (await page.evaluate('window.__frames')) as number[];
  const heap = (await page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : 0')) as number;
  stopSessions(printing);
  printing = [];

  idle = startSessions('idle');
  await page.waitForTimeout(5000); // let the starts settle
  const before = cpuTicks(serve.pid!);
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const cpu = ((cpuTicks(serve.pid!) - before) / 100 / ((Date.now() - t0) / 1000)) * 100;
  await context.close();

  const p95 = percentile(frames, 95);
  const rows: [string, string, string, boolean][] = [
    ['frames measured', String(frames.length), '', true],
    ['frame time p95', `${p95.toFixed(1)} ms`, `≤ ${TARGET_FRAME_P95_MS} ms`, p95 <= TARGET_FRAME_P95_MS],
    ['frame time p50 / max', `${percentile(frames, 50).toFixed(1)} / ${Math.max(...frames).toFixed(1)} ms`, '', true],
    ['page JS heap after the run', `${(heap / 1024 / 1024).toFixed(1)} MB`, '', true],
    [`serve CPU, ${SESSIONS} idle sessions, ${SECONDS} s`, `${cpu.toFixed(2)} %`, `< ${TARGET_IDLE_CPU} %`, cpu < TARGET_IDLE_CPU],
  ];
  console.log('');
  for (const [what, value, target, ok] of rows) console.log(`${what.padEnd(40)} ${value.padStart(18)}  ${target ? `${target.padEnd(10)} ${ok ? 'PASS' : 'FAIL'}` : ''}`);
} finally {
  stopSessions([...printing, ...idle]);
  serve.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(profile, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
