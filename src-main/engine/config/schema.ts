import { PERMISSION_MODES } from '../harness/posture';

// The shape of a config file: every known key, its type and its allowed range. Drives validation,
// unknown-key warnings and their "did you mean" suggestions.

export type Rule =
  | { kind: 'bool'; default?: boolean }
  | { kind: 'string'; default?: string }
  /** `~` expands to the user's home; a relative value resolves against the setting file's directory. */
  | { kind: 'path' }
  | { kind: 'int'; min: number; max?: number; default?: number }
  | { kind: 'number'; min: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'stringArray' }
  | { kind: 'stringMap' }
  | { kind: 'table'; fields: Record<string, Rule>; required?: readonly string[] }
  /** A table of user-named entries (profiles, runners, ...), each checked against `entry`. */
  | { kind: 'entries'; entry: Rule; normaliseKeys: boolean; what: string }
  | { kind: 'tableArray'; item: Rule & { kind: 'table' } }
  /** Kept as written (memory connectors are not interpreted by Switchyard yet). */
  | { kind: 'free' };

const bool: Rule = { kind: 'bool' };
const str: Rule = { kind: 'string' };
const strings: Rule = { kind: 'stringArray' };
const count: Rule = { kind: 'int', min: 0 };
const atLeastOne: Rule = { kind: 'int', min: 1 };
const fraction: Rule = { kind: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true };
const unitInterval: Rule = { kind: 'number', min: 0, max: 1 };
const dollars: Rule = { kind: 'number', min: 0 };
const hour: Rule = { kind: 'int', min: 0, max: 23 };
// ECC2's dashboard clamps pane sizes to 20..80 %; we report values outside that range instead.
const paneSize: Rule = { kind: 'int', min: 20, max: 80 };

const notificationEvents = {
  enabled: bool,
  session_started: bool,
  session_completed: bool,
  session_failed: bool,
  budget_alerts: bool,
  approval_requests: bool,
};

const agentProfile: Rule = {
  kind: 'table',
  fields: {
    inherits: str,
    agent: str,
    model: str,
    allowed_tools: strings,
    disallowed_tools: strings,
    permission_mode: str,
    add_dirs: strings,
    max_budget_usd: dollars,
    token_budget: count,
    append_system_prompt: str,
  },
};

import { RUNNER_OUTPUT_FORMATS } from './types';

const flag: Rule = str;
const harnessRunner: Rule = {
  kind: 'table',
  fields: {
    program: { kind: 'string', default: '' },
    base_args: strings,
    project_markers: strings,
    cwd_flag: flag,
    session_name_flag: flag,
    task_flag: flag,
    model_flag: flag,
    add_dir_flag: flag,
    include_directories_flag: flag,
    allowed_tools_flag: flag,
    disallowed_tools_flag: flag,
    permission_mode_flag: flag,
    max_budget_usd_flag: flag,
    append_system_prompt_flag: flag,
    inline_system_prompt_for_task: { kind: 'bool', default: true },
    /** Passed before a positional task so one starting with "-" is not a flag; "" for none. */
    end_of_options: { kind: 'string', default: '--' },
    /** A built-in machine stream the runner's agent prints (then it reports tokens, tools, files). */
    output_format: { kind: 'enum', values: RUNNER_OUTPUT_FORMATS },
    env: { kind: 'stringMap' },
  },
};

const templateStep: Rule & { kind: 'table' } = {
  kind: 'table',
  fields: { name: str, task: str, agent: str, profile: str, worktree: bool, project: str, task_group: str },
  required: ['task'],
};

const orchestrationTemplate: Rule = {
  kind: 'table',
  fields: {
    description: str,
    project: str,
    task_group: str,
    agent: str,
    profile: str,
    worktree: bool,
    steps: { kind: 'tableArray', item: templateStep },
  },
};

/** USD per million tokens; cache prices default to the input price. */
const modelPrice: Rule = {
  kind: 'table',
  fields: { input_mtok: dollars, output_mtok: dollars, cache_read_mtok: dollars, cache_write_mtok: dollars },
  required: ['input_mtok', 'output_mtok'],
};

/** `[merge_queue]`: the check every branch passes on the merged tree before its base moves (issue 15). */
const mergeQueueFields: Record<string, Rule> = {
  check_command: str,
  check_timeout_secs: atLeastOne,
  auto_resolve: bool,
  max_resolve_attempts: count,
  resolver_agent: str,
  resolver_profile: str,
};

export const configSchema: Rule & { kind: 'table' } = {
  kind: 'table',
  fields: {
    db_path: { kind: 'path' },
    worktree_root: { kind: 'path' },
    worktree_branch_prefix: str,
    max_parallel_sessions: count,
    max_parallel_worktrees: count,
    worktree_retention_secs: count,
    session_timeout_secs: atLeastOne,
    heartbeat_interval_secs: atLeastOne,
    auto_terminate_stale_sessions: bool,
    default_agent: str,
    default_agent_profile: str,
    default_mode: { kind: 'enum', values: ['headless', 'interactive'] },
    auto_dispatch_unread_handoffs: bool,
    auto_dispatch_limit_per_session: count,
    auto_create_worktrees: bool,
    auto_merge_ready_worktrees: bool,
    worktree_permission_mode: {
      kind: 'table',
      fields: {
        claude: { kind: 'enum', values: PERMISSION_MODES.claude },
        codex: { kind: 'enum', values: PERMISSION_MODES.codex },
        gemini: { kind: 'enum', values: PERMISSION_MODES.gemini },
        opencode: { kind: 'enum', values: PERMISSION_MODES.opencode },
      },
    },
    auto_commit: bool,
    commit_author: str,
    cost_budget_usd: dollars,
    token_budget: count,
    theme: { kind: 'enum', values: ['Dark', 'Light'] },
    pane_layout: { kind: 'enum', values: ['horizontal', 'vertical', 'grid'] },
    linear_pane_size_percent: paneSize,
    grid_pane_size_percent: paneSize,
    budget_alert_thresholds: { kind: 'table', fields: { advisory: fraction, warning: fraction, critical: fraction } },
    risk_thresholds: { kind: 'table', fields: { review: unitInterval, confirm: unitInterval, block: unitInterval } },
    conflict_resolution: {
      kind: 'table',
      fields: { enabled: bool, strategy: { kind: 'enum', values: ['escalate', 'last_write_wins', 'merge'] }, notify_lead: bool },
    },
    pane_navigation: {
      kind: 'table',
      fields: {
        focus_sessions: str,
        focus_output: str,
        focus_metrics: str,
        focus_log: str,
        move_left: str,
        move_down: str,
        move_up: str,
        move_right: str,
      },
    },
    desktop_notifications: {
      kind: 'table',
      fields: {
        ...notificationEvents,
        session_stale: bool,
        needs_input: bool,
        file_conflicts: bool,
        quiet_hours: { kind: 'table', fields: { enabled: bool, start_hour: hour, end_hour: hour } },
      },
    },
    webhook_notifications: {
      kind: 'table',
      fields: {
        ...notificationEvents,
        targets: {
          kind: 'tableArray',
          item: { kind: 'table', fields: { provider: { kind: 'enum', values: ['slack', 'discord'] }, url: str }, required: ['provider', 'url'] },
        },
      },
    },
    completion_summary_notifications: {
      kind: 'table',
      fields: { enabled: bool, delivery: { kind: 'enum', values: ['desktop', 'tui_popup', 'desktop_and_tui_popup'] } },
    },
    computer_use_dispatch: {
      kind: 'table',
      fields: { agent: str, profile: str, use_worktree: bool, project: str, task_group: str },
    },
    worktree_setup: { kind: 'table', fields: { copy_files: strings, setup_commands: strings } },
    merge_queue: {
      kind: 'table',
      fields: {
        ...mergeQueueFields,
        /** The user's own config, per repository root: `[merge_queue.repositories."~/code/app"]`. */
        repositories: { kind: 'entries', entry: { kind: 'table', fields: mergeQueueFields }, normaliseKeys: false, what: 'merge-queue repository' },
      },
    },
    app: { kind: 'table', fields: { close_to_tray: bool, start_at_login: bool } },
    agent_profiles: { kind: 'entries', entry: agentProfile, normaliseKeys: true, what: 'agent profile' },
    harness_runners: { kind: 'entries', entry: harnessRunner, normaliseKeys: true, what: 'harness runner' },
    orchestration_templates: { kind: 'entries', entry: orchestrationTemplate, normaliseKeys: false, what: 'orchestration template' },
    memory_connectors: { kind: 'entries', entry: { kind: 'free' }, normaliseKeys: false, what: 'memory connector' },
    model_prices: { kind: 'entries', entry: modelPrice, normaliseKeys: false, what: 'model price' },
  },
};

/** What a rule accepts, as a phrase for "expected ...". */
export function describeRule(rule: Rule): string {
  switch (rule.kind) {
    case 'bool':
      return 'a boolean (true or false)';
    case 'string':
      return 'a string';
    case 'path':
      return 'a non-empty path string';
    case 'int':
      if (rule.max !== undefined) return `an integer from ${rule.min} to ${rule.max}`;
      return rule.min === 0 ? 'a non-negative integer' : `an integer of at least ${rule.min}`;
    case 'number': {
      if (rule.max === undefined) return rule.min === 0 ? 'a non-negative number' : `a number of at least ${rule.min}`;
      if (rule.minExclusive && rule.maxExclusive) return `a number greater than ${rule.min} and less than ${rule.max}`;
      return `a number from ${rule.min} to ${rule.max}`;
    }
    case 'enum':
      return `one of ${rule.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'stringArray':
      return 'an array of strings';
    case 'stringMap':
      return 'a table of string values';
    case 'table':
      return 'a table';
    case 'entries':
      return `a table of ${rule.what}s`;
    case 'tableArray':
      return 'an array of tables';
    case 'free':
      return 'a table';
  }
}

/** Normalised lookup key of a profile or harness runner name. */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase();
}
