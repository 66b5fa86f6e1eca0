// Must-show: `coordination-status --json` reports backlog, absorbable and saturated counts, mode and
// health, and `--check` turns the health into exit 0 / 1 / 2. Also the decision log commands.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src-main/engine/config';
import type { Session, SessionState } from '../../../src-main/engine/model';
import { openStore, type Store } from '../../../src-main/engine/store';
import { tempDir } from '../../helpers/cli';
import { runInProcess } from './cli-harness';

let done: (() => void) | undefined;
afterEach(() => done?.());

function setup(maxParallel: number) {
  const tmp = tempDir('sy-coord-cli-');
  const home = join(tmp.path, 'home');
  mkdirSync(home);
  writeFileSync(join(home, 'config.toml'), `max_parallel_sessions = ${maxParallel}\nauto_dispatch_limit_per_session = 3\n`);
  const store: Store = openStore(defaultConfig(home).db_path);
  done = () => {
    store.close();
    tmp.cleanup();
  };
  const add = (id: string, state: SessionState) => {
    const now = new Date().toISOString();
    const s: Session = {
      id, task: `task-${id}`, project: 'p', taskGroup: 'g', agentType: 'claude', mode: 'headless', state, pid: null, runnerPid: null,
      workingDir: tmp.path, worktree: null, harness: 'claude', detectedHarnesses: [], harnessSessionId: null, attention: null,
      stateReason: null, exitCode: null, exitSignal: null, createdAt: now, updatedAt: now, lastHeartbeatAt: now,
      metrics: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, tokensUsed: 0, costUsd: 0, toolCalls: 0, filesChanged: 0, durationSecs: 0 },
    };
    store.insertSession(s);
  };
  const handoff = (from: string, to: string, task: string) => store.sendMessage(from, to, JSON.stringify({ task, context: '' }), 'task_handoff');
  const cli = (...args: string[]) => runInProcess(['--home', home, ...args], tmp.path);
  return { store, add, handoff, cli };
}

describe('coordination-status', () => {
  it('reports counts, mode and health as JSON and exits by health with --check', async () => {
    const { store, add, handoff, cli } = setup(1);
    let res = await cli('coordination-status', '--check');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Global handoff backlog: 0 lead(s) / 0 handoff(s) [0 absorbable, 0 saturated]');
    expect(res.stdout).toContain('Coordination mode: dispatch-first');

    add('lead-a', 'running');
    handoff('source', 'lead-a', 'a');
    res = await cli('coordination-status', '--check');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('coordination backlog absorbable: 1 handoff(s) waiting in 1 inbox(es)');

    add('lead-b', 'running');
    add('delegate-b', 'idle');
    handoff('source', 'lead-b', 'b');
    handoff('lead-b', 'delegate-b', 'db');
    store.recordDaemonDispatchPass({ routed: 1, deferred: 1, leads: 2 });
    res = await cli('coordination-status', '--json', '--check');
    expect(res.code).toBe(2);
    expect(JSON.parse(res.stdout)).toMatchObject({
      backlogLeads: 3,
      backlogMessages: 3,
      absorbableSessions: 2,
      saturatedSessions: 1,
      mode: 'rebalance_first_chronic_saturation',
      health: 'saturated',
      operatorEscalationRequired: false,
      autoDispatchEnabled: false,
      autoDispatchLimitPerSession: 3,
      daemonActivity: { lastDispatchRouted: 1, lastDispatchDeferred: 1, chronicSaturationStreak: 1 },
    });
  });

  it('coordinate-backlog --check reports what is left after the pass', async () => {
    const { store, add, handoff, cli } = setup(1);
    add('lead', 'running');
    add('worker', 'running');
    handoff('lead', 'worker', 'busy');
    // Urgent inbound work and one lead per pass: only the saturated lead's inbox is drained.
    store.sendMessage('planner', 'lead', JSON.stringify({ task: 'more work', context: '', priority: 'high' }), 'task_handoff');
    const res = await cli('coordinate-backlog', '--check', '--lead-limit', '1', '-a', 'claude', '--no-worktree');
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('Dispatched 0 handoff(s) across 1 lead(s) (1 deferred)');
    expect(res.stdout).toContain('Remaining backlog: 2 session(s) / 2 handoff(s) [1 absorbable, 1 saturated]');
  });
});

describe('decisions', () => {
  it('logs a decision and lists it for the session and for all sessions', async () => {
    const { store, add, cli } = setup(2);
    add('worker', 'running');
    const logged = await cli('log-decision', 'worker', '--decision', 'Use optimistic locking', '--reasoning', 'fewer deadlocks', '--alternative', 'table locks', '--json');
    expect(JSON.parse(logged.stdout)).toMatchObject({ sessionId: 'worker', decision: 'Use optimistic locking', alternatives: ['table locks'] });
    const listed = await cli('decisions', 'worker');
    expect(listed.stdout).toContain('worker: Use optimistic locking');
    expect(listed.stdout).toContain('  why: fewer deadlocks');
    expect(listed.stdout).toContain('  alternatives: table locks');
    expect(JSON.parse((await cli('decisions', '--all', '--json')).stdout)).toHaveLength(1);
    expect(store.listContextEntities('worker', 'decision', 5).map((e) => e.name)).toEqual(['Use optimistic locking']);
    const missing = await cli('log-decision', 'nope', '--decision', 'x');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Session not found: nope');
  });
});
