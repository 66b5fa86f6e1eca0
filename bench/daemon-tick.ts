// Benchmark: one daemon tick over a fixed, realistic population of 100 and 1,000 sessions.
// Run: node --import tsx bench/daemon-tick.ts
//
// Realistic means: the states a busy day leaves (budgets on, none spent) (pending, running, idle, stale, completed, failed,
// stopped), live sessions with a live runner pid, teams (one lead per eleven sessions) with one
// unread handoff per lead, file activity, budgets on, and finished sessions that keep unmerged
// worktree branches in a real git repository (what the automatic prune looks at each tick).
// Ticks are spaced as in production: a simulated clock moves heartbeat_interval_secs per tick, so
// the duration refresh, heartbeat and retention checks all do their work every tick. Between ticks
// (not timed) the population is put back as it was: runners' heartbeats arrive, sessions the
// dispatcher started are removed and their handoffs are unread again, so every tick does the same
// work on the same population. Only the runner spawn is replaced by a recorder.
//
// SQL statements are counted by wrapping better-sqlite3's Statement run/get/all/iterate and
// Database exec/pragma; git calls by the engine's own counting Git.
import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMessage } from '../src-main/engine/comms';
import { defaultConfig } from '../src-main/engine/config';
import { createDaemonDeps, defaultDaemonSteps, runDaemonTick } from '../src-main/engine/daemon';
import { engineDaemonSlots } from '../src-main/engine/daemon/wiring';
import type { Session, SessionState } from '../src-main/engine/model';
import type { SessionDeps } from '../src-main/engine/sessions/deps';
import { openStore } from '../src-main/engine/store';
import { createGit, type Git } from '../src-main/engine/worktrees';
import { report, type Figure } from './lib/report';

const TARGET_1000_MS = 50;
const TARGET_RATIO = 3;
const TICKS = 30;

let statements = 0;
function countStatements(): void {
  const probe = new Database(':memory:');
  const wrap = (proto: Record<string, unknown>, names: string[]) => {
    for (const name of names) {
      const original = proto[name] as (...args: unknown[]) => unknown;
      proto[name] = function (this: unknown, ...args: unknown[]) {
        statements += 1;
        return original.apply(this, args);
      };
    }
  };
  wrap(Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>, ['run', 'get', 'all', 'iterate']);
  wrap(Object.getPrototypeOf(probe) as Record<string, unknown>, ['exec', 'pragma']);
  probe.close();
}

/** A day's mix, per 20 sessions. */
const MIX: [SessionState, number][] = [
  ['pending', 1],
  ['running', 7],
  ['idle', 4],
  ['stale', 1],
  ['completed', 4],
  ['failed', 2],
  ['stopped', 1],
];
function stateOf(i: number): SessionState {
  let k = i % 20;
  for (const [state, n] of MIX) {
    if (k < n) return state;
    k -= n;
  }
  return 'running';
}

// Live sessions point at one live stand-in process (never the bench: a stop would end the run).
const standIn = spawn('sleep', ['3600'], { detached: true, stdio: 'ignore' });
standIn.unref();
const livePid = standIn.pid!;
process.on('exit', () => standIn.kill('SIGKILL'));

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

function makeSession(id: string, state: SessionState, createdAt: string, worktree: Session['worktree']): Session {
  const live = state === 'pending' || state === 'running' || state === 'idle' || state === 'stale';
  return {
    id, task: `task ${id}`, project: 'bench', taskGroup: 'bench', agentType: 'claude', mode: 'headless', state,
    pid: live ? livePid : null, runnerPid: live ? livePid : null, workingDir: worktree?.path ?? '/tmp', worktree,
    harness: 'claude', detectedHarnesses: [], harnessSessionId: null, attention: null, stateReason: null,
    exitCode: state === 'completed' ? 0 : null, exitSignal: null, createdAt, updatedAt: createdAt, lastHeartbeatAt: createdAt,
    metrics: { inputTokens: 250, outputTokens: 50, cacheReadTokens: 0, cacheCreationTokens: 0, tokensUsed: 300, costUsd: 0.004, toolCalls: 3, filesChanged: 2, durationSecs: 0 },
  };
}

interface Result {
  n: number;
  medianMs: number;
  p95Ms: number;
  statementsPerTick: number;
  gitCallsPerTick: number;
  /** Steady ticks must start nothing (the population is fixed). */
  spawnedInSteadyTicks: number;
  firstRoundGit: number;
  warmups: number;
  dispatchTickMs: number;
  dispatchedPerDispatchTick: number;
  population: Record<string, number>;
}

async function bench(n: number): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-bench-tick-'));
  try {
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'user.name', 'Bench');
    git(repo, 'config', 'user.email', 'bench@example.com');
    writeFileSync(join(repo, 'README.md'), 'bench\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'init');
    // One real worktree stands in for each finished session's (prune runs the same git calls on it),
    // and every finished session has its own branch with a commit main lacks: kept, every tick.
    const shared = join(dir, 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'ecc/shared', shared);
    writeFileSync(join(shared, 'work.txt'), 'unmerged work\n');
    git(shared, 'add', '.');
    git(shared, 'commit', '-q', '-m', 'work');
    const tip = git(shared, 'rev-parse', 'HEAD');

    const config = {
      ...defaultConfig(join(dir, 'home')),
      auto_dispatch_unread_handoffs: true,
      worktree_root: join(dir, 'worktrees'),
      harness_runners: { claude: { program: process.execPath, base_args: [], project_markers: [], inline_system_prompt_for_task: true, end_of_options: '--', env: {} } },
    };
    const store = openStore(config.db_path);
    let clock = Date.now();
    const now = () => new Date(clock);
    const created = new Date(clock - 3600_000).toISOString();
    const ids: string[] = [];
    const branches: string[] = [];
    const population: Record<string, number> = {};
    store.transaction(() => {
      for (let i = 0; i < n; i += 1) {
        const id = `s${String(i).padStart(7, '0')}`;
        const state = stateOf(i);
        population[state] = (population[state] ?? 0) + 1;
        const finished = state === 'completed' || state === 'failed' || state === 'stopped';
        const withWorktree = finished && i % 5 !== 0; // most finished sessions keep a worktree
        const branch = `ecc/${id}`;
        if (withWorktree) branches.push(branch);
        const worktree = withWorktree ? { path: shared, branch, baseBranch: 'main', repoRoot: repo } : null;
        store.insertSession(makeSession(id, state, created, worktree as Session['worktree']));
        ids.push(id);
        for (let f = 0; f < 3; f += 1) store.insertFileActivity({ sessionId: id, action: 'modify', path: `src/${id}/${f}.ts`, summary: 'edit', timestamp: created });
      }
      for (let lead = 0; lead + 10 < n; lead += 11) {
        const leadId = ids[lead]!;
        for (let d = 1; d <= 10; d += 1) {
          const m = encodeMessage({ kind: 'task_handoff', task: `work ${d}`, context: 'bench', priority: 'normal' });
          store.sendMessage(leadId, ids[lead + d]!, m.content, m.msgType);
        }
      }
    });
    execFileSync('git', ['update-ref', '--stdin'], { cwd: repo, input: branches.map((b) => `create refs/heads/${b} ${tip}\n`).join('') });
    population.withWorktree = branches.length;

    // The bench's own handle on the file, for putting the population back between ticks.
    const side = new Database(config.db_path);
    // Handoffs the delegates have already taken stay read; one per lead waits (the dispatcher's work).
    side.exec(`UPDATE messages SET read = 1 WHERE msg_type = 'task_handoff' AND id % 10 != 1`);
    const unread = (side.prepare(`SELECT id FROM messages WHERE read = 0`).all() as { id: number }[]).map((r) => r.id);
    const lastMessage = (side.prepare(`SELECT MAX(id) AS m FROM messages`).get() as { m: number }).m;
    const known = new Set(ids);
    let handoffsWaiting = false;
    const restore = (handoffs = false) => {
      handoffsWaiting = handoffs;
      clock += config.heartbeat_interval_secs * 1000;
      const at = new Date(clock).toISOString();
      side.transaction(() => {
        // Runners heartbeat every interval (the stale ones stopped doing so).
        side.prepare(`UPDATE sessions SET last_heartbeat_at = ? WHERE state IN ('pending', 'running', 'idle')`).run(at);
        const extra = (side.prepare(`SELECT id FROM sessions`).all() as { id: string }[]).map((r) => r.id).filter((id) => !known.has(id));
        for (const id of extra) side.prepare(`DELETE FROM sessions WHERE id = ?`).run(id);
        const mark = side.prepare(`UPDATE messages SET read = ? WHERE id = ?`);
        for (const id of unread) mark.run(handoffsWaiting ? 0 : 1, id);
        // Results the daemon already sent a lead stay (in production each is sent once).
        side.prepare(`DELETE FROM messages WHERE id > ? AND msg_type != 'completed'`).run(lastMessage);
      })();
    };

    restore();
    const counting = createGit();
    let spawned = 0;
    const deps: SessionDeps & { git: Git } = {
      home: join(dir, 'home'), config, store, runner: { command: ['switchyard'] }, git: counting, now,
      spawnRunner: async () => {
        spawned += 1;
        return { pid: process.pid };
      },
    };
    const daemon = createDaemonDeps(deps);
    const steps = defaultDaemonSteps(engineDaemonSlots(deps));
    // Warm-up: the statement cache, and one round of the prune over every kept worktree (it
    // examines a few per tick, see PrunePace); its git calls are reported apart.
    const warmups = Math.ceil(branches.length / 2) + 2;
    const g0 = counting.calls;
    for (let i = 0; i < warmups; i += 1) {
      await runDaemonTick(daemon, steps);
      restore();
    }
    const firstRoundGit = (counting.calls - g0) / warmups;
    const times: number[] = [];
    let sql = 0;
    let gitCalls = 0;
    const spawnedBefore = spawned;
    let dispatched = 0;
    for (let i = 0; i < TICKS; i += 1) {
      const s0 = statements;
      const g0 = counting.calls;
      const t0 = performance.now();
      const tick = await runDaemonTick(daemon, steps);
      times.push(performance.now() - t0);
      sql += statements - s0;
      gitCalls += counting.calls - g0;
      const failed = tick.steps.filter((s) => s.status === 'failed');
      if (failed.length) throw new Error(`step failed: ${JSON.stringify(failed)}`);
      if (process.env.BENCH_STEPS) console.log(n, tick.steps.map((s) => `${s.name}=${s.durationMs.toFixed(1)}`).join(' '));
      restore();
    }
    const steadySpawned = spawned - spawnedBefore;
    // Then ticks where one handoff per lead waits: the dispatcher starts sessions (worktree included).
    const dispatchTimes: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      restore(true);
      const s0 = spawned;
      const t0 = performance.now();
      await runDaemonTick(daemon, steps);
      dispatchTimes.push(performance.now() - t0);
      dispatched += spawned - s0;
    }
    restore();
    const count = (side.prepare(`SELECT COUNT(*) AS c FROM sessions`).get() as { c: number }).c;
    if (count !== n) throw new Error(`the population drifted: ${count} sessions, expected ${n}`);
    side.close();
    store.close();
    times.sort((a, b) => a - b);
    return {
      n,
      medianMs: times[Math.floor(times.length / 2)] ?? 0,
      p95Ms: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] ?? 0,
      statementsPerTick: sql / TICKS,
      gitCallsPerTick: gitCalls / TICKS,
      spawnedInSteadyTicks: steadySpawned,
      firstRoundGit,
      warmups,
      dispatchTickMs: [...dispatchTimes].sort((a, b) => a - b)[1] ?? 0,
      dispatchedPerDispatchTick: dispatched / dispatchTimes.length,
      population,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

countStatements();
const small = await bench(100);
const large = await bench(1000);
const ratio = large.medianMs / small.medianMs;
const figures: Figure[] = [];
for (const r of [small, large]) {
  const label = r.n.toLocaleString('en-US');
  figures.push({ what: `tick, ${label} sessions (median)`, value: r.medianMs, unit: 'ms', digits: 2, ...(r.n === 1000 ? { target: `< ${TARGET_1000_MS} ms`, ok: r.medianMs < TARGET_1000_MS } : {}) });
  figures.push({ what: `tick, ${label} sessions (p95)`, value: r.p95Ms, unit: 'ms', digits: 2 });
  figures.push({ what: `SQL statements per tick, ${label}`, value: r.statementsPerTick, unit: '', digits: 0 });
  figures.push({ what: `git calls per tick, ${label}`, value: r.gitCallsPerTick, unit: '', digits: 1 });
  figures.push({ what: `git calls per tick, first ${r.warmups} ticks, ${label}`, value: r.firstRoundGit, unit: '', digits: 1 });
  figures.push({ what: `sessions started by steady ticks, ${label}`, value: r.spawnedInSteadyTicks, unit: '', digits: 0, target: '= 0', ok: r.spawnedInSteadyTicks === 0 });
  figures.push({ what: `tick starting ${r.dispatchedPerDispatchTick.toFixed(0)} handoffs, ${label} (median)`, value: r.dispatchTickMs, unit: 'ms', digits: 1 });
}
figures.push({ what: 'tick(1,000) / tick(100)', value: ratio, unit: '×', digits: 2, target: `≤ ${TARGET_RATIO}×`, ok: ratio <= TARGET_RATIO });
report('daemon-tick', figures, [
  `population per run: ${Object.entries(large.population).map(([k, v]) => `${k} ${v}`).join(', ')} (1,000; the 100 run has a tenth)`,
  `ticks ${defaultConfig('/tmp').heartbeat_interval_secs} s apart on a simulated clock, ${TICKS} timed ticks after a warm-up in which the prune looks at every kept worktree once; then 3 ticks with one waiting handoff per lead (each started session gets a real worktree)`,
]);
