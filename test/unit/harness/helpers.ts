// Hand-built Config and profile objects for the harness tests (the config loader is tested on its
// own; these tests must not depend on it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config, HarnessRunnerConfig, ResolvedAgentProfile } from '../../../src-main/engine/config/types';

export function buildConfig(overrides: Partial<Config> = {}): Config {
  const base: Config = {
    db_path: '/tmp/switchyard-test/state.db',
    worktree_root: '/tmp/switchyard-test/worktrees',
    worktree_branch_prefix: 'ecc',
    max_parallel_sessions: 4,
    max_parallel_worktrees: 4,
    worktree_retention_secs: 0,
    session_timeout_secs: 60,
    heartbeat_interval_secs: 5,
    auto_terminate_stale_sessions: false,
    default_agent: 'claude',
    default_mode: 'headless',
    auto_dispatch_unread_handoffs: false,
    auto_dispatch_limit_per_session: 5,
    auto_create_worktrees: true,
    auto_merge_ready_worktrees: false,
    cost_budget_usd: 10,
    token_budget: 500_000,
    theme: 'Dark',
    pane_layout: 'horizontal',
    linear_pane_size_percent: 35,
    grid_pane_size_percent: 50,
    budget_alert_thresholds: { advisory: 0.5, warning: 0.75, critical: 0.9 },
    risk_thresholds: { review: 0.35, confirm: 0.6, block: 0.85 },
    conflict_resolution: { enabled: true, strategy: 'escalate', notify_lead: true },
    pane_navigation: {
      focus_sessions: '1',
      focus_output: '2',
      focus_metrics: '3',
      focus_log: '4',
      move_left: 'ctrl-h',
      move_down: 'ctrl-j',
      move_up: 'ctrl-k',
      move_right: 'ctrl-l',
    },
    desktop_notifications: {
      enabled: true,
      session_started: false,
      session_completed: true,
      session_failed: true,
      budget_alerts: true,
      approval_requests: true,
      quiet_hours: { enabled: false, start_hour: 22, end_hour: 8 },
    },
    webhook_notifications: {
      enabled: false,
      session_started: true,
      session_completed: true,
      session_failed: true,
      budget_alerts: true,
      approval_requests: false,
      targets: [],
    },
    completion_summary_notifications: { enabled: true, delivery: 'desktop' },
    computer_use_dispatch: { use_worktree: false },
    agent_profiles: {},
    harness_runners: {},
    orchestration_templates: {},
    memory_connectors: {},
  };
  return { ...base, ...overrides };
}

export function runner(overrides: Partial<HarnessRunnerConfig> = {}): HarnessRunnerConfig {
  return { program: '', base_args: [], project_markers: [], inline_system_prompt_for_task: true, env: {}, ...overrides };
}

export function profile(overrides: Partial<ResolvedAgentProfile> = {}): ResolvedAgentProfile {
  return { profile_name: 'test', allowed_tools: [], disallowed_tools: [], add_dirs: [], ...overrides };
}

/** The plugin-root fixture (holds scripts/lib/utils.js and hooks/hooks.json). */
export const PLUGIN_ROOT_FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/harness/plugin-root');

/** A process env without CLAUDE_PACKAGE_MANAGER, and an empty home, so detection sees only the project. */
export const CLEAN_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH };

export function tempDir(prefix = 'switchyard-harness-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
