// Must-show: a lead with two busy delegates at max_parallel_sessions = 2. `assign` defers; once one
// delegate goes idle, `drain-inbox` routes the deferred handoff to it, and because the delegate is
// interactive the task is typed into its terminal (real runner, real PTY, fake agent).
import { mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src-main/engine/store';
import { defaultConfig } from '../../../src-main/engine/config';
import { stopSession } from '../../../src-main/engine/sessions/lifecycle';
import type { Session } from '../../../src-main/engine/model';
import { cliPath, repoRoot, tempDir } from '../../helpers/cli';
import { runInProcess } from './cli-harness';

const fakeAgent = join(repoRoot, 'test', 'fixtures', 'delegation', 'fake-agent.mjs');

async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

function leadSession(repo: string): Session {
  const now = new Date().toISOString();
  return {
    id: 'lead0001',
    task: 'Coordinate the checkout fixes',
    project: 'checkout',
    taskGroup: 'fixes',
    agentType: 'fake',
    mode: 'interactive',
    state: 'running',
    pid: null,
    runnerPid: null,
    workingDir: repo,
    worktree: null,
    harness: 'fake',
    detectedHarnesses: [],
    harnessSessionId: null,
    attention: null,
    stateReason: null,
    exitCode: null,
    exitSignal: null,
    createdAt: now,
    updatedAt: now,
    lastHeartbeatAt: now,
    metrics: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, tokensUsed: 0, costUsd: 0, toolCalls: 0, filesChanged: 0, durationSecs: 0 },
  };
}

describe('assign, defer and drain into an interactive delegate', () => {
  it('routes the deferred task to the delegate that went idle and types it into its terminal', async () => {
    const tmp = tempDir('sy-deleg-int-');
    const home = join(tmp.path, 'home');
    const repo = join(tmp.path, 'repo');
    mkdirSync(home, { mode: 0o700 }); // private, as Switchyard makes homes (an open one gets a one-time notice)
    mkdirSync(repo);
    // The agent program: the fake agent under this very Node, whatever PATH holds.
    const wrapper = join(tmp.path, 'fake-agent');
    writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${fakeAgent}" "$@"\n`);
    chmodSync(wrapper, 0o755);
    writeFileSync(
      join(home, 'config.toml'),
      `max_parallel_sessions = 2\nheartbeat_interval_secs = 1\n\n[harness_runners.fake]\nprogram = "${wrapper}"\n`,
      { mode: 0o600 },
    );
    const config = { ...defaultConfig(home), max_parallel_sessions: 2 };
    const store: Store = openStore(config.db_path);
    store.insertSession(leadSession(repo));
    const spawned: string[] = [];
    cleanup = async () => {
      const deps = { home, config, store, runner: { command: [process.execPath, cliPath] } };
      for (const id of spawned) await stopSession(deps, id).catch(() => undefined);
      store.close();
      tmp.cleanup();
    };
    const cli = (...args: string[]) => runInProcess(['--home', home, ...args], repo);
    const route = ['-a', 'fake', '--mode', 'interactive', '--no-worktree', '--json'];

    // Two delegates spawned while the team has room; both start working (their runners mark them running).
    for (const task of ['Fix the cart total rounding', 'Fix the coupon expiry check']) {
      const res = await cli('assign', 'lead0001', '-t', task, ...route);
      expect(res.stderr).toBe('');
      const outcome = JSON.parse(res.stdout) as { sessionId: string; action: string };
      expect(outcome.action).toBe('spawned');
      spawned.push(outcome.sessionId);
    }
    const [first, second] = spawned as [string, string];
    for (const id of spawned) await until(`${id} running`, () => store.getSession(id)?.state === 'running');
    expect(store.getSession(first)?.workingDir).toBe(repo);

    // Both busy with a handoff each at capacity 2: the new task is deferred and kept in the lead's inbox.
    const deferred = await cli('assign', 'lead0001', '-t', 'Investigate the flaky checkout test', ...route);
    const deferredOutcome = JSON.parse(deferred.stdout) as { sessionId: string; action: string; queuedMessageId: number };
    expect(deferredOutcome).toMatchObject({ sessionId: 'lead0001', action: 'deferred_saturated' });
    expect(store.unreadTaskHandoffCount('lead0001')).toBe(1);

    // The first delegate took its handoff and finished its turn (what `messages inbox` and its hooks record).
    store.markMessagesRead(first);
    store.updateState(first, 'idle');

    const drained = await cli('drain-inbox', 'lead0001', ...route);
    expect(drained.stderr).toBe('');
    expect(JSON.parse(drained.stdout)).toEqual([
      {
        messageId: deferredOutcome.queuedMessageId,
        task: 'Investigate the flaky checkout test',
        sessionId: first,
        action: 'reused_idle',
        delivery: 'terminal',
      },
    ]);
    expect(store.unreadTaskHandoffCount('lead0001')).toBe(0);
    expect(store.unreadTaskHandoffCount(second)).toBe(1);
    expect(store.getSession(first)?.state).toBe('running');

    const logPath = store.getOutputLog(first)?.logPath ?? '';
    await until('the task in the delegate terminal', () => readFileSync(logPath, 'utf8').includes('received: Investigate the flaky checkout test'));

    // The team view shows both delegates at work, with upstream's padded labels.
    const team = await cli('team', 'lead0001');
    expect(team.stdout).toContain('Lead:    lead0001 [running]');
    expect(team.stdout).toContain(`    - ${first} [fake] | backlog 0 handoff(s) | Fix the cart total rounding`);
  }, 60_000);
});
