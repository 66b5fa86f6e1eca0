// Benchmark: one daemon tick with 100 and with 1,000 sessions (ten handoffs per lead), with the
// runner spawn replaced by a recorder. Prints the median time per tick and SQL statements per tick.
// Run: node --import tsx bench/daemon-tick.ts
// SQL statements are counted by wrapping better-sqlite3's Statement run/get/all/iterate and
// Database exec/pragma, so cached prepared statements count each time they execute.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMessage } from '../src-main/engine/comms';
import { defaultConfig } from '../src-main/engine/config';
import { createDaemonDeps, defaultDaemonSteps, runDaemonTick } from '../src-main/engine/daemon';
import { engineDaemonSlots } from '../src-main/engine/daemon/wiring';
import type { Session } from '../src-main/engine/model';
import type { SessionDeps } from '../src-main/engine/sessions/deps';
import { openStore } from '../src-main/engine/store';

let statements = 0;
let spawnedTotal = 0;
function countStatements(): void {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
  for (const name of ['run', 'get', 'all', 'iterate']) {
    const original = proto[name] as (...args: unknown[]) => unknown;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      statements += 1;
      return original.apply(this, args);
    };
  }
  const dbProto = Object.getPrototypeOf(probe) as Record<string, unknown>;
  for (const name of ['exec', 'pragma']) {
    const original = dbProto[name] as (...args: unknown[]) => unknown;
    dbProto[name] = function (this: unknown, ...args: unknown[]) {
      statements += 1;
      return original.apply(this, args);
    };
  }
  probe.close();
}

function session(id: string, state: Session['state'], at: string, tokens: number): Session {
  return {
    id, task: `task ${id}`, project: 'bench', taskGroup: 'bench', agentType: 'claude', mode: 'headless', state,
    pid: null, runnerPid: null, workingDir: '/tmp', worktree: null, harness: 'claude', detectedHarnesses: [],
    harnessSessionId: null, attention: null, stateReason: null, exitCode: null, exitSignal: null,
    createdAt: at, updatedAt: at, lastHeartbeatAt: at,
    metrics: { inputTokens: tokens, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, tokensUsed: tokens, costUsd: 0.001, toolCalls: 0, filesChanged: 0, durationSecs: 0 },
  };
}

async function bench(n: number): Promise<{ medianMs: number; statementsPerTick: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sy-bench-'));
  try {
    // Auto-dispatch on, so the coordination step (dispatch, rebalance, recovery) runs every tick.
    // The agent program only has to exist: runners are recorded, never started.
    const base = defaultConfig(dir);
    const config = {
      ...base,
      auto_dispatch_unread_handoffs: true,
      harness_runners: { claude: { program: process.execPath, base_args: [], project_markers: [], inline_system_prompt_for_task: true, env: {} } },
    };
    const store = openStore(config.db_path);
    const now = new Date();
    const at = now.toISOString();
    const spawned: string[][] = [];
    // One lead per 11 sessions, each with ten delegates that received a handoff from it.
    store.transaction(() => {
      for (let i = 0; i < n; i += 1) {
        const id = `s${String(i).padStart(7, '0')}`;
        store.insertSession(session(id, i % 10 === 9 ? 'completed' : 'running', at, 10));
        // Each session edits its own files (no conflicts), a few rows each.
        for (let f = 0; f < 3; f += 1) store.insertFileActivity({ sessionId: id, action: 'modify', path: `src/${id}/${f}.ts`, summary: 'edit', timestamp: at });
      }
      for (let lead = 0; lead + 10 < n; lead += 11) {
        const leadId = `s${String(lead).padStart(7, '0')}`;
        for (let d = 1; d <= 10; d += 1) {
          const m = encodeMessage({ kind: 'task_handoff', task: `work ${d}`, context: 'bench', priority: 'normal' });
          store.sendMessage(leadId, `s${String(lead + d).padStart(7, '0')}`, m.content, m.msgType);
        }
      }
    });
    const deps: SessionDeps = {
      home: dir, config, store, runner: { command: ['switchyard'] },
      spawnRunner: async (l) => {
        spawned.push(l.args);
        return { pid: 1 };
      },
    };
    const daemon = createDaemonDeps(deps);
    const steps = defaultDaemonSteps(engineDaemonSlots(deps));
    for (let i = 0; i < 3; i += 1) await runDaemonTick(daemon, steps); // warm-up (statement cache, first duration refresh)
    const times: number[] = [];
    let counted = 0;
    const runs = 15;
    for (let i = 0; i < runs; i += 1) {
      const before = statements;
      const t0 = performance.now();
      const report = await runDaemonTick(daemon, steps);
      times.push(performance.now() - t0);
      counted += statements - before;
      if (process.env.BENCH_STEPS) console.log(n, report.steps.map((s) => `${s.name}=${s.durationMs.toFixed(1)}`).join(' '));
      const failed = report.steps.filter((s) => s.status === 'failed');
      if (failed.length) throw new Error(`step failed: ${JSON.stringify(failed)}`);
    }
    spawnedTotal += spawned.length;
    store.close();
    times.sort((a, b) => a - b);
    return { medianMs: times[Math.floor(times.length / 2)] ?? 0, statementsPerTick: counted / runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

countStatements();
const small = await bench(100);
const large = await bench(1000);
const ratio = large.medianMs / small.medianMs;
console.log(`daemon tick, 100 sessions:   ${small.medianMs.toFixed(2)} ms, ${small.statementsPerTick} SQL statements`);
console.log(`daemon tick, 1,000 sessions: ${large.medianMs.toFixed(2)} ms, ${large.statementsPerTick} SQL statements`);
console.log(`ratio tick(1000)/tick(100): ${ratio.toFixed(2)} (target <= 10); tick(1000) ${large.medianMs < 50 ? 'under' : 'OVER'} 50 ms`);
console.log(`spawns recorded instead of runners: ${spawnedTotal}`);
process.exitCode = ratio <= 10 && large.medianMs < 50 ? 0 : 1;
