// The effective configuration. Keys keep ECC2's TOML names (snake_case) so a user's
// ecc2.toml carries over; every field is filled in after loading (defaults included).

export type ConflictStrategy = 'escalate' | 'last_write_wins' | 'merge';
export type SessionMode = 'headless' | 'interactive';
export type Theme = 'Dark' | 'Light';
export type PaneLayout = 'horizontal' | 'vertical' | 'grid';
export type CompletionDelivery = 'desktop' | 'tui_popup' | 'desktop_and_tui_popup';
export type WebhookProvider = 'slack' | 'discord';

export interface WorktreePermissionModes {
  claude: string;
  codex: string;
  gemini: string;
  opencode: string;
}

export interface AgentProfileConfig {
  inherits?: string;
  agent?: string;
  model?: string;
  allowed_tools: string[];
  disallowed_tools: string[];
  permission_mode?: string;
  add_dirs: string[];
  max_budget_usd?: number;
  token_budget?: number;
  append_system_prompt?: string;
}

/** A profile after `inherits` is applied (ECC2's ResolvedAgentProfile). */
export interface ResolvedAgentProfile {
  profile_name: string;
  agent?: string;
  model?: string;
  allowed_tools: string[];
  disallowed_tools: string[];
  permission_mode?: string;
  add_dirs: string[];
  max_budget_usd?: number;
  token_budget?: number;
  append_system_prompt?: string;
}

export interface HarnessRunnerConfig {
  program: string;
  base_args: string[];
  project_markers: string[];
  cwd_flag?: string;
  session_name_flag?: string;
  task_flag?: string;
  model_flag?: string;
  add_dir_flag?: string;
  include_directories_flag?: string;
  allowed_tools_flag?: string;
  disallowed_tools_flag?: string;
  permission_mode_flag?: string;
  max_budget_usd_flag?: string;
  append_system_prompt_flag?: string;
  inline_system_prompt_for_task: boolean;
  /** Ends the options before a positional task (default "--"; "" passes none). */
  end_of_options: string;
  /** The built-in stream format the agent prints, read for tokens, tool calls, files and its session id. */
  output_format?: RunnerOutputFormat;
  env: Record<string, string>;
}

/** Machine streams a configured runner may declare (`output_format`), as the built-in agents print them. */
export const RUNNER_OUTPUT_FORMATS = ['claude-stream-json', 'codex-json', 'opencode-json', 'gemini-stream-json'] as const;
export type RunnerOutputFormat = (typeof RUNNER_OUTPUT_FORMATS)[number];

export interface OrchestrationStepConfig {
  name?: string;
  task: string;
  agent?: string;
  profile?: string;
  worktree?: boolean;
  project?: string;
  task_group?: string;
}

export interface OrchestrationTemplateConfig {
  description?: string;
  project?: string;
  task_group?: string;
  agent?: string;
  profile?: string;
  worktree?: boolean;
  steps: OrchestrationStepConfig[];
}

export interface ComputerUseDispatchConfig {
  agent?: string;
  profile?: string;
  use_worktree: boolean;
  project?: string;
  task_group?: string;
}

/** `[model_prices."<model>"]`: USD per million tokens, overriding the bundled price table. */
export interface ModelPriceConfig {
  input_mtok: number;
  output_mtok: number;
  /** Default: input_mtok. */
  cache_read_mtok?: number;
  /** Default: input_mtok. */
  cache_write_mtok?: number;
}

export interface BudgetAlertThresholds {
  advisory: number;
  warning: number;
  critical: number;
}

export interface RiskThresholds {
  review: number;
  confirm: number;
  block: number;
}

export interface ConflictResolutionConfig {
  enabled: boolean;
  strategy: ConflictStrategy;
  notify_lead: boolean;
}

export interface QuietHoursConfig {
  enabled: boolean;
  start_hour: number;
  end_hour: number;
}

export interface DesktopNotificationsConfig {
  enabled: boolean;
  session_started: boolean;
  session_completed: boolean;
  session_failed: boolean;
  budget_alerts: boolean;
  approval_requests: boolean;
  /** Switchyard additions (the desktop app): a session went stale, waits for input, or hit a file conflict. */
  session_stale?: boolean;
  needs_input?: boolean;
  file_conflicts?: boolean;
  quiet_hours: QuietHoursConfig;
}

export interface WebhookTarget {
  provider: WebhookProvider;
  url: string;
}

export interface WebhookNotificationsConfig {
  enabled: boolean;
  session_started: boolean;
  session_completed: boolean;
  session_failed: boolean;
  budget_alerts: boolean;
  approval_requests: boolean;
  targets: WebhookTarget[];
}

export interface CompletionSummaryNotificationsConfig {
  enabled: boolean;
  delivery: CompletionDelivery;
}

export interface PaneNavigationConfig {
  focus_sessions: string;
  focus_output: string;
  focus_metrics: string;
  focus_log: string;
  move_left: string;
  move_down: string;
  move_up: string;
  move_right: string;
}

/** Switchyard addition: what every new worktree gets before its agent starts. */
export interface WorktreeSetupConfig {
  /** Files or folders, relative to the repository root, copied into each new worktree (e.g. `.env`). */
  copy_files: string[];
  /** Shell snippets run in the new worktree (through the user's shell), output kept in the session log. */
  setup_commands: string[];
}

/** The settings of `[merge_queue]` one repository sees (issue 15). */
export interface MergeQueueSettings {
  /** Shell command run in a scratch worktree holding the merge of the base tip and the branch; unset = unchecked. */
  check_command?: string;
  check_timeout_secs: number;
  /** Start a resolver session on a conflict or a failed check, at most max_resolve_attempts per branch. */
  auto_resolve: boolean;
  max_resolve_attempts: number;
  /** Agent and profile of resolver sessions; unset = the branch's own session's agent. */
  resolver_agent?: string;
  resolver_profile?: string;
}

/** Switchyard addition: `[merge_queue]`, plus the user's per-repository tables. */
export interface MergeQueueConfig extends MergeQueueSettings {
  /** Repository root (as written, `~` allowed) -> settings for that repository only. */
  repositories: Record<string, Partial<MergeQueueSettings>>;
}

/** Switchyard addition: how the desktop app behaves (`[app]`). */
export interface AppConfig {
  /** Closing the window keeps the app running in the tray. */
  close_to_tray: boolean;
  /** Register the app to start (hidden, in the tray) when the user logs in. */
  start_at_login: boolean;
}

export interface Config {
  db_path: string;
  worktree_root: string;
  worktree_branch_prefix: string;
  max_parallel_sessions: number;
  max_parallel_worktrees: number;
  worktree_retention_secs: number;
  session_timeout_secs: number;
  heartbeat_interval_secs: number;
  auto_terminate_stale_sessions: boolean;
  default_agent: string;
  default_agent_profile?: string;
  /** Switchyard addition: the mode a session runs in when `--mode` is not given. */
  default_mode: SessionMode;
  auto_dispatch_unread_handoffs: boolean;
  auto_dispatch_limit_per_session: number;
  auto_create_worktrees: boolean;
  auto_merge_ready_worktrees: boolean;
  /** Switchyard addition: each built-in agent's write posture inside a Switchyard worktree (harness/posture.ts). */
  worktree_permission_mode: WorktreePermissionModes;
  /** Switchyard addition: commit a worktree session's changes on its branch when it finishes. */
  auto_commit: boolean;
  /** Switchyard addition: "Name <email>" for those commits; unset = the repository's git identity. */
  commit_author?: string;
  cost_budget_usd: number;
  token_budget: number;
  theme: Theme;
  pane_layout: PaneLayout;
  linear_pane_size_percent: number;
  grid_pane_size_percent: number;
  budget_alert_thresholds: BudgetAlertThresholds;
  risk_thresholds: RiskThresholds;
  conflict_resolution: ConflictResolutionConfig;
  pane_navigation: PaneNavigationConfig;
  desktop_notifications: DesktopNotificationsConfig;
  webhook_notifications: WebhookNotificationsConfig;
  completion_summary_notifications: CompletionSummaryNotificationsConfig;
  computer_use_dispatch: ComputerUseDispatchConfig;
  /** Always filled in by loadConfig; optional so hand-built configs (tests) need not spell it out. */
  worktree_setup?: WorktreeSetupConfig;
  /** Always filled in by loadConfig; optional like worktree_setup. */
  app?: AppConfig;
  /** Always filled in by loadConfig; optional like worktree_setup. */
  merge_queue?: MergeQueueConfig;
  agent_profiles: Record<string, AgentProfileConfig>;
  harness_runners: Record<string, HarnessRunnerConfig>;
  orchestration_templates: Record<string, OrchestrationTemplateConfig>;
  /** Kept as written (connector kinds are not used by Switchyard yet). */
  memory_connectors: Record<string, Record<string, unknown>>;
  /** Switchyard addition: per-model prices for agents that report tokens only; always filled in by loadConfig. */
  model_prices?: Record<string, ModelPriceConfig>;
}

/** Where one effective value came from. */
export type ConfigSourceKind = 'default' | 'user' | 'project';
export interface ConfigSource {
  kind: ConfigSourceKind;
  /** Absolute path of the file, absent for built-in defaults. */
  file?: string;
}

export interface ConfigWarning {
  file: string;
  key: string;
  message: string;
}

/** The nearest project switchyard.toml and whether it was applied (see trust.ts). */
export interface ProjectConfigStatus {
  path: string;
  /** sha256 of the bytes read, hex: the content `switchyard trust` would record. */
  sha256: string;
  trust: 'trusted' | 'untrusted' | 'changed';
  /** Only a trusted file is applied; otherwise it is ignored entirely. */
  applied: boolean;
}

export interface LoadedConfig {
  config: Config;
  /** Dotted key path (e.g. `conflict_resolution.strategy`) -> where its value came from. */
  sources: Record<string, ConfigSource>;
  /** Files read, in layer order. */
  files: { kind: Exclude<ConfigSourceKind, 'default'>; path: string }[];
  warnings: ConfigWarning[];
  /** The project file found walking up from cwd (null when none, or when it is the user file). */
  project: ProjectConfigStatus | null;
}

/** `computerUseDispatchDefaults(config)`: the dispatch block with the global defaults filled in. */
export interface ComputerUseDispatchDefaults {
  agent: string;
  profile?: string;
  use_worktree: boolean;
  project?: string;
  task_group?: string;
}

/** One step of a template after interpolation and defaulting (ECC2's ResolvedOrchestrationTemplateStep). */
export interface ResolvedOrchestrationStep {
  name: string;
  task: string;
  agent?: string;
  profile?: string;
  worktree: boolean;
  project?: string;
  task_group?: string;
}

export interface ResolvedOrchestrationTemplate {
  template_name: string;
  description?: string;
  project?: string;
  task_group?: string;
  steps: ResolvedOrchestrationStep[];
}

/** One row of `switchyard config show`. */
export interface ConfigEntry {
  key: string;
  value: unknown;
  source: ConfigSource;
}
