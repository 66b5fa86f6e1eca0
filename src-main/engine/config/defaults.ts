import { join, resolve } from 'node:path';
import { WORKTREE_PERMISSION_DEFAULTS } from '../harness/posture';
import type { AgentProfileConfig, Config, HarnessRunnerConfig, OrchestrationTemplateConfig } from './types';

/**
 * ECC2's `Config::default()`, except: the database and worktrees live in the Switchyard data home
 * (ECC2 put worktrees in /tmp, which loses unmerged work on reboot) and `default_mode` is new.
 */
export function defaultConfig(home: string): Config {
  const root = resolve(home);
  return {
    db_path: join(root, 'switchyard.db'),
    worktree_root: join(root, 'worktrees'),
    worktree_branch_prefix: 'ecc',
    max_parallel_sessions: 8,
    max_parallel_worktrees: 6,
    worktree_retention_secs: 0,
    session_timeout_secs: 3600,
    heartbeat_interval_secs: 30,
    auto_terminate_stale_sessions: false,
    default_agent: 'claude',
    default_mode: 'headless',
    auto_dispatch_unread_handoffs: false,
    auto_dispatch_limit_per_session: 5,
    auto_create_worktrees: true,
    auto_merge_ready_worktrees: false,
    worktree_permission_mode: { ...WORKTREE_PERMISSION_DEFAULTS },
    auto_commit: true,
    cost_budget_usd: 10.0,
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
      session_stale: true,
      needs_input: true,
      file_conflicts: true,
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
    worktree_setup: { copy_files: [], setup_commands: [] },
    app: { close_to_tray: true, start_at_login: false },
    merge_queue: { check_timeout_secs: 1800, auto_resolve: false, max_resolve_attempts: 2, repositories: {} },
    agent_profiles: {},
    harness_runners: {},
    orchestration_templates: {},
    memory_connectors: {},
    model_prices: {},
  };
}

// Fields an entry of a keyed table gets when a file leaves them out. Filled in after all layers are
// merged, so a project file that sets one field of a profile does not reset the user's other fields.
export function agentProfileDefaults(): Partial<AgentProfileConfig> {
  return { allowed_tools: [], disallowed_tools: [], add_dirs: [] };
}

export function harnessRunnerDefaults(): Partial<HarnessRunnerConfig> {
  return { program: '', base_args: [], project_markers: [], inline_system_prompt_for_task: true, end_of_options: '--', env: {} };
}

export function orchestrationTemplateDefaults(): Partial<OrchestrationTemplateConfig> {
  return { steps: [] };
}
