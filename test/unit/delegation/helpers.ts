// Set-up for the delegation tests: a real SQLite file, a config like ECC2's build_config, sessions
// like its build_session, and a runner launcher that records instead of starting processes.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMessage } from '../../../src-main/engine/comms';
import { defaultConfig } from '../../../src-main/engine/config';
import type { Config, HarnessRunnerConfig } from '../../../src-main/engine/config/types';
import type { DelegationDeps } from '../../../src-main/engine/delegation';
import type { Session, SessionMessage, SessionState, TaskPriority } from '../../../src-main/engine/model';
import { openStore, type Store } from '../../../src-main/engine/store';

export interface Fixture {
  root: string;
  /** The lead sessions' working directory (an existing folder). */
  repo: string;
  config: Config;
  store: Store;
  deps: DelegationDeps;
  /** Argument lists given to the runner launcher, one per spawned session. */
  launches: string[][];
  cleanup(): void;
}

export function runnerConfig(program: string, overrides: Partial<HarnessRunnerConfig> = {}): HarnessRunnerConfig {
  return { program, base_args: [], project_markers: [], inline_system_prompt_for_task: true, end_of_options: '--', env: {}, ...overrides };
}

export function openFixture(overrides: Partial<Config> = {}): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'sy-deleg-'));
  const repo = join(root, 'repo');
  mkdirSync(repo);
  // An executable stand-in for the claude CLI, so spawning never depends on what PATH holds.
  const fakeClaude = join(root, 'fake-claude');
  writeFileSync(fakeClaude, '#!/bin/sh\nexit 0\n');
  chmodSync(fakeClaude, 0o755);
  const config: Config = {
    ...defaultConfig(join(root, 'home')),
    max_parallel_sessions: 4,
    max_parallel_worktrees: 4,
    session_timeout_secs: 60,
    heartbeat_interval_secs: 5,
    ...overrides,
  };
  config.harness_runners = { claude: runnerConfig(fakeClaude), ...config.harness_runners };
  const store = openStore(join(root, 'state.db'));
  const launches: string[][] = [];
  const deps: DelegationDeps = {
    home: join(root, 'home'),
    config,
    store,
    runner: { command: [process.execPath, 'cli.js'] },
    spawnRunner: (launch) => {
      launches.push(launch.args);
      return Promise.resolve({ pid: 0x7ffffffe });
    },
  };
  return {
    root,
    repo,
    config,
    store,
    deps,
    launches,
    cleanup: () => {
      store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** ECC2's build_session: task `task-{id}`, project workspace, group general, agent claude. */
export function addSession(
  fx: Fixture,
  id: string,
  state: SessionState,
  opts: { agoSecs?: number; agentType?: string; workingDir?: string; project?: string; taskGroup?: string; mode?: Session['mode'] } = {},
): Session {
  const updated = new Date(Date.now() - (opts.agoSecs ?? 0) * 1000);
  const session: Session = {
    id,
    task: `task-${id}`,
    project: opts.project ?? 'workspace',
    taskGroup: opts.taskGroup ?? 'general',
    agentType: opts.agentType ?? 'claude',
    mode: opts.mode ?? 'headless',
    state,
    pid: null,
    runnerPid: null,
    workingDir: opts.workingDir ?? fx.repo,
    worktree: null,
    harness: 'claude',
    detectedHarnesses: [],
    harnessSessionId: null,
    attention: null,
    stateReason: null,
    exitCode: null,
    exitSignal: null,
    createdAt: new Date(updated.getTime() - 60_000).toISOString(),
    updatedAt: updated.toISOString(),
    lastHeartbeatAt: updated.toISOString(),
    metrics: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, tokensUsed: 0, costUsd: 0, toolCalls: 0, filesChanged: 0, durationSecs: 0 },
  };
  fx.store.insertSession(session);
  return session;
}

/** A flat (legacy) handoff like the seed's tests write: {"task","context","priority"?}. */
export function handoff(
  fx: Fixture,
  from: string,
  to: string,
  task: string,
  opts: { priority?: TaskPriority; read?: boolean } = {},
): SessionMessage {
  const content = JSON.stringify({ task, context: `from ${from}`, ...(opts.priority ? { priority: opts.priority } : {}) });
  const message = fx.store.sendMessage(from, to, content, 'task_handoff');
  if (opts.read) fx.store.markMessageRead(message.id);
  return message;
}

/** A structured handoff, as `messages send --kind handoff` writes it. */
export function structuredHandoff(fx: Fixture, from: string, to: string, task: string): SessionMessage {
  const { content, msgType } = encodeMessage({ kind: 'task_handoff', task, context: '', priority: 'normal' });
  return fx.store.sendMessage(from, to, content, msgType);
}

/** Tasks of the handoffs in a session's inbox (read or not), oldest first. */
export function inboxTasks(fx: Fixture, id: string): string[] {
  return fx.store
    .listMessagesForSession(id, 100)
    .filter((m) => m.toSession === id && m.msgType === 'task_handoff')
    .map((m) => {
      const parsed = JSON.parse(m.content) as { TaskHandoff?: { task: string }; task?: string };
      return parsed.TaskHandoff?.task ?? parsed.task ?? m.content;
    });
}

export function unreadCount(fx: Fixture, id: string): number {
  return fx.store.unreadMessageCounts().get(id) ?? 0;
}
